import { getJson } from '../api/client.js';
import type { Alert, AlertsResponse, ServerInfo, Summary } from '../api/types.js';
import { controls, scope } from '../components/controls.js';
import { inline } from '../components/markdown.js';
import { empty, errorBox, loading } from '../components/status.js';
import { dataTable } from '../components/table.js';
import { h, replace } from '../dom.js';
import { firstLine, fmtAgo, fmtInt, fmtLabels, fmtPct } from '../format.js';
import { onLive } from '../live.js';
import { routeHref, sharedQuery } from '../router.js';
import { alertList } from './alerts.js';
import { connectPanel } from './connect.js';
import type { MountView } from './view.js';

const REFRESH_MIN_MS = 3000;

export const mountOverview: MountView = (root, route) => {
  const body = h('div', { class: 'overview' }, loading('summary'));
  // The filter options load after the first summary: the numbers come first.
  let firstShown: () => void = () => undefined;
  const shown = new Promise<void>((resolve) => (firstShown = resolve));
  replace(root, h('h1', null, 'Overview'), controls(route.query, shown), body);
  const params = scope(route.query);
  let abort = new AbortController();
  let lastLoad = 0;
  let queued: number | null = null;
  // Until the first record is stored the overview shows how to connect; the first live batch ends that.
  let connecting = false;

  const load = async (): Promise<void> => {
    abort.abort();
    abort = new AbortController();
    lastLoad = Date.now();
    try {
      const [summary, alerts, info] = await Promise.all([
        getJson<Summary>('summary', params, abort.signal),
        getJson<AlertsResponse>('alerts', {}, abort.signal).catch(() => null),
        getJson<ServerInfo>('info', {}, abort.signal).catch(() => null),
      ]);
      connecting = info !== null && !info.has_records;
      if (info && connecting) replace(body, connectPanel(info), stats(summary));
      else replace(body, stats(summary), alertsPanel(alerts, Date.parse(summary.from)), topCatalog(summary));
      body.dataset['state'] = connecting ? 'connect' : 'data';
      body.dataset['loaded'] = String(lastLoad);
    } catch (err) {
      if (!abort.signal.aborted) replace(body, errorBox(err));
    } finally {
      firstShown();
    }
  };
  void load();

  // New records refresh the numbers, at most every REFRESH_MIN_MS, and only for ranges ending now.
  // The first records while the connect panel shows switch to the numbers at once.
  const off = onLive((batch) => {
    if (queued !== null) return;
    const first = connecting && batch.records > 0;
    if (!first && (params['to'] !== 'now' || (batch.records === 0 && batch.alerts.length === 0))) return;
    const wait = first ? 0 : Math.max(0, lastLoad + REFRESH_MIN_MS - Date.now());
    queued = window.setTimeout(() => {
      queued = null;
      void load();
    }, wait);
  });
  return () => {
    off();
    abort.abort();
    if (queued !== null) clearTimeout(queued);
  };
};

function stat(key: string, label: string, value: number, text: string, note?: string, cls = ''): HTMLElement {
  return h('div', { class: `stat ${cls}`, 'data-stat': key, 'data-value': value }, h('div', { class: 'stat-label' }, label), h('div', { class: 'stat-value' }, text), note ? h('div', { class: 'stat-note' }, note) : null);
}

function stats(s: Summary): HTMLElement {
  const retriedAway = s.failed_attempts > 0 ? 'includes failures the SDK retried away' : 'none';
  return h(
    'section',
    { class: 'stats', 'aria-label': 'Totals' },
    stat('total_calls', 'Calls', s.total_calls, fmtInt(s.total_calls), `${fmtInt(s.total_attempts)} HTTP attempts`),
    stat('failed_calls', 'Failed calls', s.failed_calls, fmtInt(s.failed_calls), 'the app saw an error', s.failed_calls > 0 ? 'bad' : ''),
    stat('failed_attempts', 'Failed attempts', s.failed_attempts, fmtInt(s.failed_attempts), retriedAway, 'highlight'),
    stat('error_rate', 'Error rate', s.error_rate, fmtPct(s.error_rate), 'failed calls / calls', s.error_rate > 0.05 ? 'bad' : ''),
  );
}

function alertsPanel(alerts: AlertsResponse | null, fromMs: number): HTMLElement {
  const active = alerts?.active ?? [];
  const recent = alerts ? recentlyResolved(alerts, fromMs) : [];
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'ov-alerts' },
    h('h2', { id: 'ov-alerts' }, 'Active alerts ', h('span', { class: `badge ${active.length ? 'firing' : 'ok'}` }, String(active.length))),
    alerts === null ? empty('Alerts are not available from this analyzer.') : active.length ? alertList(active.slice(0, 5)) : empty('No alert is firing.'),
    active.length > 5 ? h('a', { href: routeHref('alerts') }, `All ${active.length} active alerts`) : null,
    recent.length ? h('h3', null, 'Fired in this range, resolved since') : null,
    recent.length ? h('ul', { class: 'alerts recent' }, recent.slice(0, 5).map(recentItem)) : null,
    recent.length > 5 ? h('a', { href: routeHref('alerts') }, `All ${recent.length} in the alert history`) : null,
  );
}

interface RecentAlert {
  alert: Alert;
  fired: number;
  resolvedAt: string;
}

/**
 * Alerts that fired in the range and are no longer active, newest first: streak alerts often
 * resolve within seconds (a few successes end a streak), and a glance should still show them.
 */
function recentlyResolved(alerts: AlertsResponse, fromMs: number): RecentAlert[] {
  const key = (a: Alert): string => a.fingerprint;
  const activeKeys = new Set(alerts.active.map(key));
  const byKey = new Map<string, RecentAlert>();
  for (const a of alerts.history) {
    const at = Date.parse(a.time);
    if (!(at >= fromMs) || activeKeys.has(key(a))) continue;
    const event = a.event;
    let entry = byKey.get(key(a));
    // History is newest first: the first event seen for an alert is its latest.
    if (!entry) {
      if (event !== 'resolved') continue;
      entry = { alert: a, fired: 0, resolvedAt: a.time };
      byKey.set(key(a), entry);
    }
    if (event === 'firing') entry.fired += 1;
  }
  return [...byKey.values()];
}

function recentItem(r: RecentAlert): HTMLElement {
  const sev = r.alert.severity;
  const labels = fmtLabels(r.alert.labels);
  const times = r.fired > 1 ? `fired ${r.fired} times, ` : '';
  return h(
    'li',
    { class: 'alert resolved', 'data-rule': r.alert.rule },
    h('span', { class: `badge sev-${sev}` }, sev),
    ' ',
    h('strong', null, r.alert.rule),
    labels ? h('span', { class: 'labels' }, ` ${labels}`) : null,
    h('span', { class: 'muted', title: r.resolvedAt }, ` · ${times}resolved ${fmtAgo(r.resolvedAt)}`),
  );
}

function topCatalog(s: Summary): HTMLElement {
  const rows = s.by_catalog.slice(0, 10);
  const q = sharedQuery();
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'ov-top' },
    h('h2', { id: 'ov-top' }, 'What is failing'),
    rows.length === 0
      ? empty('No failures in this range.')
      : dataTable({
          class: 'top-catalog',
          columns: ['Cause', h('th', { scope: 'col', class: 'num' }, 'Failed calls'), h('th', { scope: 'col', class: 'num' }, 'Failed attempts'), h('th', { scope: 'col', class: 'num' }, 'Share'), 'Last seen', 'What to do'],
          body: rows.map((r) => {
            const errQ = new URLSearchParams(q);
            errQ.set('catalog_id', r.catalog_id);
            return h(
              'tr',
              { 'data-catalog-id': r.catalog_id },
              h('td', null, h('a', { href: routeHref('catalog', [r.catalog_id]) }, r.title || r.catalog_id), h('div', { class: 'sub' }, h('code', null, r.catalog_id), r.status ? ` · HTTP ${r.status}` : '', r.error_type ? ` · ${r.error_type}` : '')),
              h('td', { class: 'num' }, h('a', { href: routeHref('errors', [], errQ), 'aria-label': `${fmtInt(r.failed_calls)} failed calls: show errors` }, fmtInt(r.failed_calls))),
              h('td', { class: 'num' }, fmtInt(r.failed_attempts)),
              h('td', { class: 'num' }, fmtPct(r.share, 1)),
              h('td', { title: r.last_seen ?? '' }, fmtAgo(r.last_seen)),
              h('td', { class: 'fix' }, inline(firstLine(r.fix))),
            );
          }),
        }),
  );
}
