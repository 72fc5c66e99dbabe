import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { cssVar } from '../theme.js';
import { fmtInt } from '../format.js';

/** Colour-blind-safe palette (Okabe–Ito first), readable on both themes. */
export const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#d55e00', '#cc79a7', '#56b4e9', '#b8a200', '#8c564b', '#7f7f7f', '#17becf'];

export interface StackInput {
  label: string;
  values: number[];
}

/**
 * A stacked area chart. uPlot has no stacking of its own: each series is drawn at its cumulative
 * height, topmost first so lower fills paint over it, while the legend and tooltip show each
 * series' own count. Drag to zoom on time, double-click to reset.
 */
export function stackedChart(host: HTMLElement, times: number[], input: StackInput[], title: string, bands: Array<[number, number]> = []): uPlot {
  const stacks: number[][] = [];
  let running = times.map(() => 0);
  for (const s of input) {
    running = running.map((v, i) => v + (s.values[i] ?? 0));
    stacks.push(running);
  }
  const order = input.map((_, i) => i).reverse();
  const bars = uPlot.paths.bars?.({ size: [0.9, 48], align: 1 });
  const axis = { stroke: cssVar('--text-muted'), grid: { stroke: cssVar('--grid'), width: 1 }, ticks: { stroke: cssVar('--grid') } };
  // Shaded time bands (provider incidents), drawn under the series.
  const shade = (u: uPlot): void => {
    const ctx = u.ctx;
    ctx.save();
    ctx.fillStyle = cssVar('--incident');
    for (const [from, to] of bands) {
      const x0 = Math.max(u.bbox.left, u.valToPos(from, 'x', true));
      const x1 = Math.min(u.bbox.left + u.bbox.width, u.valToPos(to, 'x', true));
      if (x1 > x0) ctx.fillRect(x0, u.bbox.top, x1 - x0, u.bbox.height);
    }
    ctx.restore();
  };
  const opts: uPlot.Options = {
    title,
    hooks: { drawClear: [shade] },
    width: Math.max(300, host.clientWidth),
    height: 320,
    cursor: { drag: { x: true, y: false, setScale: true } },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
    // Counts are whole numbers: no 0.5 ticks.
    axes: [axis, { ...axis, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 50_000, 100_000, 1_000_000], values: (_u, ticks) => ticks.map((t) => fmtInt(t)) }],
    series: [
      { label: 'Time' },
      ...order.map((i) => {
        const color = PALETTE[i % PALETTE.length] ?? '#888';
        const raw = input[i]?.values ?? [];
        return {
          label: input[i]?.label ?? '',
          stroke: color,
          fill: `${color}cc`,
          width: 1,
          points: { show: false },
          // Bars: each bucket is a count, not a point on a continuous line.
          ...(bars ? { paths: bars } : {}),
          value: (_u: uPlot, _v: number | null, _s: number, idx: number | null) => (idx === null ? '–' : fmtInt(raw[idx] ?? 0)),
        };
      }),
    ],
  };
  const data: uPlot.AlignedData = [times, ...order.map((i) => stacks[i] ?? [])];
  const chart = new uPlot(opts, data, host);
  const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(300, host.clientWidth), height: 320 }));
  resize.observe(host);
  const origDestroy = chart.destroy.bind(chart);
  chart.destroy = () => {
    resize.disconnect();
    origDestroy();
  };
  return chart;
}
