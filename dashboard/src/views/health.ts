import { getJson } from '../api/client.js';
import type { Finding, HeadroomSeries, IncidentsResponse } from '../api/types.js';
import { controls, scope } from '../components/controls.js';
import { sparkline } from '../components/sparkline.js';
import { empty, errorBox, loading } from '../components/status.js';
import { dataTable } from '../components/table.js';
import { h, replace } from '../dom.js';
import { fmtInt, fmtPct, fmtTime } from '../format.js';
import { routeHref } from '../router.js';
import type { MountView } from './view.js';

/** Below this remaining fraction a limit is shown as low (the shipped headroom rule fires at 20 %). */
const LOW = 0.2;

const VERDICT_TEXT: Record<IncidentsResponse['verdict']['verdict'], string> = {
  none: 'No provider-side failures in this range.',
  us: 'Looks like us: the failures are on our side.',
  them: 'Looks like them: the provider is failing.',
  unclear: 'Unclear: not enough traffic to tell.',
};

/**
 * Health: "is it us or them" with the provider's incidents, rate-limit headroom per limit (remaining
 * against time, time to exhaustion), and the retry hygiene findings with their fixes.
 */
export const mountHealth: MountView = (root, route) => {
  const params = scope(route.query);
  const verdictBox = h('section', { 'aria-labelledby': 'h-verdict', 'data-testid': 'verdict' }, h('h2', { id: 'h-verdict' }, 'Us or them?'), loading('incidents'));
  const headroomBox = h('section', { 'aria-labelledby': 'h-headroom', 'data-testid': 'headroom' }, h('h2', { id: 'h-headroom' }, 'Rate-limit headroom'), loading('headroom'));
  const findingsBox = h('section', { 'aria-labelledby': 'h-findings', 'data-testid': 'findings' }, h('h2', { id: 'h-findings' }, 'Retry hygiene'), loading('findings'));
  replace(root, h('h1', null, 'Health'), controls(route.query), verdictBox, headroomBox, findingsBox);
  const abort = new AbortController();
  const load = <T>(path: string, box: HTMLElement, title: string, draw: (t: T) => HTMLElement | HTMLElement[]): void => {
    getJson<T>(path, params, abort.signal).then(
      (t) => replace(box, h('h2', { id: box.getAttribute('aria-labelledby') }, title), draw(t)),
      (err: unknown) => {
        if (!abort.signal.aborted) replace(box, h('h2', { id: box.getAttribute('aria-labelledby') }, title), errorBox(err));
      },
    );
  };
  load<IncidentsResponse>('incidents', verdictBox, 'Us or them?', verdictView);
  load<{ series: HeadroomSeries[] }>('headroom', headroomBox, 'Rate-limit headroom', ({ series }) => headroomView(series));
  load<{ findings: Finding[] }>('findings', findingsBox, 'Retry hygiene', ({ findings }) => findingsView(findings));
  return () => abort.abort();
};

function verdictView(r: IncidentsResponse): HTMLElement[] {
  const v = r.verdict;
  const out: HTMLElement[] = [
    h('p', { class: `verdict verdict-${v.verdict}`, 'data-verdict': v.verdict }, h('strong', null, VERDICT_TEXT[v.verdict])),
    h('ul', { class: 'reasons' }, v.reasons.map((x) => h('li', null, x))),
  ];
  if (r.incidents.length === 0) out.push(empty('No provider incident posted on the status feed in this range.'));
  else {
    out.push(
      h(
        'ul',
        { class: 'incidents' },
        r.incidents.map((i) =>
          h(
            'li',
            { 'data-incident': i.id },
            h('span', { class: `badge impact-${i.impact}` }, i.impact),
            ' ',
            i.url ? h('a', { href: i.url, rel: 'noreferrer noopener', target: '_blank' }, i.name) : i.name,
            ` — ${i.status}, since ${fmtTime(i.from)}${i.to ? `, resolved ${fmtTime(i.to)}` : ''}`,
          ),
        ),
      ),
    );
  }
  return out;
}

function headroomView(series: HeadroomSeries[]): HTMLElement {
  if (series.length === 0) return empty('No response carried anthropic-ratelimit-* headers in this range (Bedrock and Vertex do not send them).');
  return dataTable({
    class: 'headroom',
    caption: 'Remaining against the limit the API reported, lowest first; the line is the lowest share per bucket, the dashed line 20 %.',
    columns: ['Service', 'Model', 'Limit', 'Remaining', 'Over time', 'Exhausted in', 'Resets'],
    body: series.map((s) =>
      h(
        'tr',
        { 'data-kind': s.kind, class: s.fraction < LOW ? 'low' : null },
        h('td', null, s.service),
        h('td', null, s.model ?? '—'),
        h('td', null, s.kind.replace('_', ' ')),
        h('td', { class: 'num' }, `${fmtPct(s.fraction, 0)} (${fmtInt(s.remaining)} of ${fmtInt(s.limit)})`),
        h('td', null, sparkline(s.points.map((p) => p.fraction), LOW) as unknown as HTMLElement),
        h('td', { class: 'num' }, s.seconds_to_exhaustion === null ? 'not falling' : fmtDuration(s.seconds_to_exhaustion)),
        h('td', null, s.reset ? fmtTime(s.reset) : '—'),
      ),
    ),
  });
}

function findingsView(findings: Finding[]): HTMLElement {
  if (findings.length === 0) return empty('No retry problem found in this range.');
  return h(
    'ul',
    { class: 'findings' },
    findings.map((f) =>
      h(
        'li',
        { 'data-finding': f.id },
        h('strong', null, f.title),
        ` — ${f.service ?? f.model ?? ''}: ${fmtInt(f.count)}`,
        f.example ? [' (', h('a', { href: routeHref('errors', [f.example.trace_id, f.example.span_id]) }, 'newest example'), ')'] : null,
        h('p', { class: 'fix' }, f.fix),
      ),
    ),
  );
}

function fmtDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
