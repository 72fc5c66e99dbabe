import type { LiveAlert, LiveErrorRow } from '../api/types.js';
import { empty } from '../components/status.js';
import { h, replace } from '../dom.js';
import { fmtInt, fmtLabels, fmtTime } from '../format.js';
import { onLive, onLiveState } from '../live.js';
import { routeHref, sharedQuery } from '../router.js';
import { attemptText } from './errors.js';
import type { MountView } from './view.js';

/** Rows kept on screen; older ones are removed as new ones arrive. */
const MAX_ROWS = 200;

export const mountLive: MountView = (root) => {
  const state = h('span', { class: 'live-state' });
  const counters = { records: 0, errors: 0, dropped: 0 };
  const counterEl = h('p', { class: 'live-counters', 'aria-live': 'polite' });
  const errors = h('ol', { class: 'live-errors', 'aria-label': 'Newest errors first' });
  const alerts = h('ol', { class: 'live-alerts', 'aria-label': 'Alert state changes, newest first' });
  // Shown until the first item arrives, so an empty panel does not look broken.
  const noErrors = empty('No new error since this page opened.');
  const noAlerts = empty('No alert has changed state since this page opened.');
  replace(
    root,
    h('h1', null, 'Live ', state),
    h('p', { class: 'hint' }, 'New errors and alert changes as the analyzer stores them, without reloading.'),
    counterEl,
    h('div', { class: 'live-grid' }, h('section', { class: 'panel', 'aria-labelledby': 'live-e' }, h('h2', { id: 'live-e' }, 'Errors'), noErrors, errors), h('section', { class: 'panel', 'aria-labelledby': 'live-a' }, h('h2', { id: 'live-a' }, 'Alerts'), noAlerts, alerts)),
  );
  const showCounters = (): void => {
    replace(counterEl, `${fmtInt(counters.records)} records and ${fmtInt(counters.errors)} errors since this page opened`, counters.dropped ? ` (${fmtInt(counters.dropped)} errors not listed to keep up with the flow)` : '');
  };
  showCounters();

  const offState = onLiveState((s) => {
    state.className = `live-state ${s}`;
    state.textContent = s === 'open' ? '● connected' : s === 'connecting' ? '○ connecting…' : '○ reconnecting…';
  });
  const off = onLive((batch) => {
    counters.records += batch.records;
    counters.errors += batch.errors.length + batch.dropped;
    counters.dropped += batch.dropped;
    showCounters();
    noErrors.hidden = noErrors.hidden || batch.errors.length > 0;
    noAlerts.hidden = noAlerts.hidden || batch.alerts.length > 0;
    if (batch.errors.length) {
      const frag = document.createDocumentFragment();
      for (const row of [...batch.errors].reverse()) frag.append(errorItem(row));
      errors.prepend(frag);
      while (errors.childElementCount > MAX_ROWS) errors.lastElementChild?.remove();
    }
    for (const a of batch.alerts) alerts.prepend(alertItem(a));
    while (alerts.childElementCount > MAX_ROWS) alerts.lastElementChild?.remove();
  });
  return () => {
    off();
    offState();
  };
};

function errorItem(row: LiveErrorRow): HTMLElement {
  return h(
    'li',
    { class: 'live-error', 'data-trace-id': row.trace_id, 'data-request-id': row.request_id ?? '' },
    h('a', { href: routeHref('errors', [row.trace_id, row.span_id], sharedQuery()) }, h('time', { datetime: row.time }, fmtTime(row.time))),
    ' ',
    row.status ? h('span', { class: `http s${String(row.status)[0]}xx` }, String(row.status)) : null,
    ' ',
    h('strong', null, row.catalog_id ?? row.error_type ?? 'error'),
    ` · ${row.service} · ${row.model ?? '–'} · ${row.attempt > 0 ? 'attempt ' : ''}${attemptText(row)}`,
    row.message ? h('div', { class: 'sub' }, row.message) : null,
  );
}

function alertItem(a: LiveAlert): HTMLElement {
  const state = a.status;
  const at = (state === 'resolved' ? a.ends_at : a.starts_at) ?? new Date().toISOString();
  return h('li', { class: `live-alert state-${state}`, 'data-rule': a.rule }, h('time', { datetime: at }, fmtTime(at)), ' ', h('span', { class: `state state-${state}` }, state), ' ', h('strong', null, a.rule), ` ${fmtLabels(a.labels)}`, a.annotations['summary'] ? h('div', { class: 'sub' }, a.annotations['summary']) : null);
}
