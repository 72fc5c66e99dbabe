import { getJson } from '../api/client.js';
import type { Alert, AlertsResponse, Rule, RuleGroup, RulesResponse } from '../api/types.js';
import { empty, errorBox, loading } from '../components/status.js';
import { dataTable } from '../components/table.js';
import { h, replace } from '../dom.js';
import { fmtAgo, fmtLabels, fmtTime } from '../format.js';
import { onLive } from '../live.js';
import type { MountView } from './view.js';

export const mountAlerts: MountView = (root) => {
  const body = h('div', null, loading('alerts'));
  replace(root, h('h1', null, 'Alerts'), body);
  let abort = new AbortController();
  const load = async (): Promise<void> => {
    abort.abort();
    abort = new AbortController();
    try {
      const [alerts, rules] = await Promise.all([getJson<AlertsResponse>('alerts', {}, abort.signal), getJson<RulesResponse>('rules', {}, abort.signal)]);
      replace(
        body,
        h('section', { class: 'panel', 'aria-labelledby': 'al-active' }, h('h2', { id: 'al-active' }, 'Active'), alerts.active.length ? alertList(alerts.active) : empty('No alert is firing.')),
        h('section', { class: 'panel', 'aria-labelledby': 'al-rules' }, h('h2', { id: 'al-rules' }, 'Rules'), rulesTable(rules.rules)),
        h('section', { class: 'panel', 'aria-labelledby': 'al-history' }, h('h2', { id: 'al-history' }, 'History'), historyTable(alerts.history)),
      );
    } catch (err) {
      if (!abort.signal.aborted) replace(body, errorBox(err));
    }
  };
  void load();
  // Rule states move with every record; refresh on alert changes and at most every 2 s on records.
  let last = Date.now();
  const off = onLive((batch) => {
    if (batch.alerts.length > 0 || (batch.records > 0 && Date.now() - last > 2000)) {
      last = Date.now();
      void load();
    }
  });
  return () => {
    off();
    abort.abort();
  };
};

export function alertList(alerts: Alert[]): HTMLElement {
  return h(
    'ul',
    { class: 'alerts' },
    alerts.map((a) => {
      const sev = a.severity;
      const since = a.starts_at;
      return h(
        'li',
        { class: `alert sev-${sev}`, 'data-rule': a.rule },
        h('span', { class: `badge sev-${sev}` }, sev),
        ' ',
        h('strong', null, a.rule),
        Object.keys(a.labels).length ? h('span', { class: 'labels' }, ` ${fmtLabels(a.labels)}`) : null,
        h('span', { class: 'muted', title: since }, ` · firing since ${fmtAgo(since)}`),
        a.annotations['summary'] ? h('div', { class: 'sub' }, a.annotations['summary']) : null,
      );
    }),
  );
}

function rulesTable(rules: Rule[]): HTMLElement {
  if (rules.length === 0) return empty('No rules loaded.');
  return dataTable({
    class: 'rules',
    columns: ['Rule', 'Kind', 'Severity', 'Group', 'State', 'Progress', 'Since'],
    body: rules.flatMap((r) => {
      const groups = r.groups.length ? r.groups : [null];
      return groups.map((g, i) =>
        h(
          'tr',
          { 'data-rule': r.name, 'data-state': g?.state ?? 'idle' },
          i === 0 ? h('th', { scope: 'row', rowspan: groups.length }, r.name) : null,
          i === 0 ? h('td', { rowspan: groups.length }, r.kind) : null,
          i === 0 ? h('td', { rowspan: groups.length }, h('span', { class: `badge sev-${r.severity}` }, r.severity)) : null,
          h('td', null, g ? fmtLabels(g.labels) || '(all)' : h('span', { class: 'muted' }, 'no data yet')),
          h('td', null, g ? h('span', { class: `state state-${g.state}` }, g.state) : '–'),
          h('td', null, g ? progress(r, g.value) : '–'),
          h('td', { title: groupSince(g) ?? '' }, sinceText(g)),
        ),
      );
    }),
  });
}

function groupSince(g: RuleGroup | null): string | null {
  if (!g) return null;
  return g.firing_since ?? g.pending_since ?? g.last_match;
}

/** How long a group has been firing or pending; for an idle group, when a record last matched. */
function sinceText(g: RuleGroup | null): string {
  const since = groupSince(g);
  if (!g || !since) return '–';
  const active = g.firing_since ?? g.pending_since;
  return active ? fmtAgo(since) : `last match ${fmtAgo(since)}`;
}

/** "streak 3/5", "count 12/20", "rate 18%/20%". */
function progress(rule: Rule, value: number): HTMLElement {
  const label = rule.kind === 'rate' ? `rate ${Math.round(value * 100)}%/${Math.round(rule.threshold * 100)}%` : `${rule.kind} ${value}/${rule.threshold}`;
  const max = rule.kind === 'rate' ? Math.max(0.0001, rule.threshold) : Math.max(1, rule.threshold);
  return h('span', { class: 'progress' }, h('meter', { min: 0, max, value: Math.min(value, max), 'aria-label': `${rule.name}: ${label}` }), ' ', label);
}

function historyTable(history: Alert[]): HTMLElement {
  if (history.length === 0) return empty('No alert has fired yet.');
  return dataTable({
    class: 'history',
    columns: ['Time', 'Rule', 'State', 'Severity', 'Labels'],
    body: history.map((a) => {
      const at = a.time;
      const state = a.event;
      return h('tr', { 'data-rule': a.rule }, h('td', { title: at }, fmtTime(at)), h('td', null, a.rule), h('td', null, h('span', { class: `state state-${state}` }, state)), h('td', null, a.severity), h('td', null, fmtLabels(a.labels)));
    }),
  });
}
