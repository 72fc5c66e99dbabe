import type uPlot from 'uplot';
import { getJson } from '../api/client.js';
import type { Trends } from '../api/types.js';
import { stackedChart, PALETTE } from '../components/chart.js';
import { controls, resolveTime, scope } from '../components/controls.js';
import { empty, errorBox, loading } from '../components/status.js';
import { dataTable } from '../components/table.js';
import { h, replace } from '../dom.js';
import { fmtInt, fmtTime } from '../format.js';
import { updateQuery } from '../router.js';
import type { MountView } from './view.js';

const BY = [
  ['catalog_id', 'Catalog entry'],
  ['status', 'HTTP status'],
  ['error_type', 'Error type'],
  ['model', 'Model'],
  ['service', 'Service'],
  ['platform', 'Platform'],
] as const;

/** About 60–300 points whatever the range. */
export function autoBucket(from: string, to: string): string {
  const span = resolveTime(to).getTime() - resolveTime(from).getTime();
  if (span <= 3 * 3_600_000) return '1m';
  if (span <= 24 * 3_600_000) return '5m';
  if (span <= 14 * 86_400_000) return '1h';
  return '1d';
}

export const mountTrends: MountView = (root, route) => {
  const q = route.query;
  const params = scope(q);
  const by = q.get('by') ?? 'catalog_id';
  const measure = q.get('measure') === 'attempts' ? 'attempts' : 'calls';
  const bucket = q.get('bucket') ?? autoBucket(params['from'] ?? '-1h', params['to'] ?? 'now');

  const bySelect = h('select', { id: 'trend-by' }, BY.map(([v, l]) => h('option', { value: v, selected: v === by }, l)));
  bySelect.addEventListener('change', () => updateQuery({ by: bySelect.value }));
  const bucketSelect = h('select', { id: 'trend-bucket' }, ['1m', '5m', '1h', '1d'].map((b) => h('option', { value: b, selected: b === bucket }, b)));
  bucketSelect.addEventListener('change', () => updateQuery({ bucket: bucketSelect.value }));
  const toggle = h(
    'fieldset',
    { class: 'toggle' },
    h('legend', null, 'Count'),
    ...(['calls', 'attempts'] as const).map((m) => {
      const input = h('input', { type: 'radio', name: 'measure', id: `measure-${m}`, value: m, checked: m === measure });
      input.addEventListener('change', () => updateQuery({ measure: m === 'calls' ? null : m }));
      return h('label', { for: `measure-${m}` }, input, m === 'calls' ? ' Failed calls' : ' Failed attempts');
    }),
  );
  const incidentsBox = h('div', { 'data-testid': 'trend-incidents' });
  const chartHost = h('div', { class: 'chart', role: 'img', 'aria-label': 'Stacked error counts over time; the table below lists the totals' });
  const body = h('div', null, loading('trends'));
  replace(
    root,
    h('h1', null, 'Trends'),
    controls(q),
    h('div', { class: 'controls' }, h('span', { class: 'control' }, h('label', { for: 'trend-by' }, 'Split by'), bySelect), h('span', { class: 'control' }, h('label', { for: 'trend-bucket' }, 'Bucket'), bucketSelect), toggle),
    h('p', { class: 'hint' }, 'Drag across the chart to zoom in; double-click to zoom out. Hover for exact counts.'),
    incidentsBox,
    chartHost,
    body,
  );

  const abort = new AbortController();
  let chart: uPlot | null = null;
  const draw = (t: Trends): void => {
    chart?.destroy();
    chartHost.replaceChildren();
    replace(incidentsBox, incidentNotes(t));
    const series = [...t.series].sort((a, b) => sum(b[measure]) - sum(a[measure]));
    if (series.length === 0) {
      replace(body, empty('No failures in this range.'));
      return;
    }
    const times = t.buckets.map((b) => new Date(b).getTime() / 1000);
    const input = series.map((s) => ({ label: s.key ?? '(none)', values: s[measure] }));
    chart = stackedChart(chartHost, times, input, measure === 'calls' ? 'Failed calls' : 'Failed attempts (retried away included)', incidentBands(t));
    replace(body, totalsTable(series, measure));
  };
  let last: Trends | null = null;
  const onTheme = (): void => {
    if (last) draw(last);
  };
  window.addEventListener('themechange', onTheme);
  getJson<Trends>('trends', { ...params, bucket, by }, abort.signal).then(
    (t) => {
      last = t;
      draw(t);
    },
    (err: unknown) => {
      if (!abort.signal.aborted) replace(body, errorBox(err));
    },
  );
  return () => {
    abort.abort();
    window.removeEventListener('themechange', onTheme);
    chart?.destroy();
  };
};

/** Incident windows in chart seconds, clipped to the range (an unresolved one runs to its end). */
function incidentBands(t: Trends): Array<[number, number]> {
  const end = new Date(t.to).getTime();
  return (t.incidents ?? []).map((i) => [new Date(i.from).getTime() / 1000, (i.to ? new Date(i.to).getTime() : end) / 1000]);
}

function incidentNotes(t: Trends): HTMLElement | null {
  const list = t.incidents ?? [];
  if (list.length === 0) return null;
  return h(
    'p',
    { class: 'notice incident-note' },
    h('strong', null, 'Provider incidents in this range (shaded on the chart): '),
    list.flatMap((i, n) => [n ? '; ' : '', i.url ? h('a', { href: i.url, rel: 'noreferrer noopener', target: '_blank' }, i.name) : i.name, ` (${i.impact}, ${fmtTime(i.from)} – ${i.to ? fmtTime(i.to) : 'ongoing'})`]),
  );
}

/**
 * A colour key. Its colour is set through the CSSOM, not a `style` attribute: the analyzer's CSP
 * (`style-src 'self'`) refuses inline style attributes, and then the swatch would stay blank.
 */
function swatch(color: string): HTMLElement {
  const el = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  el.style.background = color;
  return el;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function totalsTable(series: Trends['series'], measure: 'calls' | 'attempts'): HTMLElement {
  return dataTable({
    class: 'totals',
    caption: 'Totals in this range',
    columns: ['Series', h('th', { scope: 'col', class: 'num' }, 'Failed calls'), h('th', { scope: 'col', class: 'num' }, 'Failed attempts')],
    body: series.map((s, i) =>
      h(
        'tr',
        { 'data-key': s.key ?? '' },
        h('th', { scope: 'row' }, swatch(PALETTE[i % PALETTE.length] ?? '#888'), s.key ?? '(none)'),
        h('td', { class: `num${measure === 'calls' ? ' current' : ''}` }, fmtInt(sum(s.calls))),
        h('td', { class: `num${measure === 'attempts' ? ' current' : ''}` }, fmtInt(sum(s.attempts))),
      ),
    ),
  });
}
