import { randomUUID } from 'node:crypto';
import { alertStateJson } from '../notify/format-json.js';
import type { AlertEventKind, AlertStatus, AlertSubject, AlertNotification } from '../notify/notification.js';
import type { GroupEvaluator } from './group.js';
import type { AlertLogRow } from './store.js';
import type { AlertChange, Rule } from './types.js';

export type CatalogLookup = (id: string) => { title: string; cause?: string; fix: string } | undefined;

/** One firing, resolved or repeat event of one alert, before it is logged and sent. */
export interface AlertEvent extends AlertSubject {
  eventId: string;
  seq: number;
  event: AlertEventKind;
  status: AlertStatus;
  ruleHash: string;
  startsAt: number;
  endsAt: number | null;
  time: number;
  notifiers: string[]; // who gets it
}

/** What an event says about its alert, besides its kind, time and recipients. */
export type AlertFacts = Pick<AlertEvent, 'rule' | 'ruleHash' | 'fingerprint' | 'severity' | 'labels' | 'annotations' | 'startsAt' | 'value'>;

/** The one builder of firing and resolved events: a resolved event ends at its own time. */
export function alertEvent(seq: number, status: AlertEvent['status'], at: number, alert: AlertFacts, notifiers: string[]): AlertEvent {
  return {
    eventId: newEventId(),
    seq,
    event: status,
    status,
    rule: alert.rule,
    ruleHash: alert.ruleHash,
    fingerprint: alert.fingerprint,
    severity: alert.severity,
    labels: alert.labels,
    annotations: alert.annotations,
    startsAt: alert.startsAt,
    endsAt: status === 'resolved' ? at : null,
    value: alert.value,
    time: at,
    notifiers,
  };
}

export function alertLabels(rule: Rule, groupLabels: Record<string, string>): Record<string, string> {
  return { alertname: rule.name, severity: rule.severity, ...rule.labels, ...groupLabels };
}

export function formatValue(rule: Rule, v: number): string {
  return rule.kind === 'rate' ? `${(v * 100).toFixed(1)}%` : String(v);
}

function defaultSummary(rule: Rule): string {
  const what = rule.level === 'attempt' ? 'attempts' : 'calls';
  if (rule.kind === 'streak') return `{value} consecutive matching ${what}{group}`;
  if (rule.kind === 'headroom') return `rate-limit headroom below ${Math.round((rule.headroom?.below ?? 0) * 100)}% on {value} consecutive responses{group}`;
  if (rule.kind === 'count') return `{value} matching ${what} in the last {window}{group}`;
  return `{value} of ${what} matched in the last {window}{group} (threshold {threshold})`;
}

/** Annotations: a rendered summary, the rule's numbers, and the catalog entry's title, cause and fix. */
export function alertAnnotations(rule: Rule, g: GroupEvaluator, value: number, catalog: CatalogLookup | undefined, windowText: string): Record<string, string> {
  const groupText = Object.entries(g.data.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const vars: Record<string, string> = {
    ...g.data.labels,
    value: formatValue(rule, value),
    threshold: formatValue(rule, rule.threshold),
    window: windowText,
    group: groupText ? ` (${groupText})` : '',
  };
  const summary = (rule.summary ?? defaultSummary(rule)).replace(/\{([A-Za-z0-9_]+)\}/g, (m, k: string) => vars[k] ?? m);
  const out: Record<string, string> = {
    summary,
    description: `${rule.kind} rule ${rule.name} at ${rule.level} level: value ${vars['value']}, threshold ${vars['threshold']}${vars['group']}`,
    value: vars['value'] ?? '',
    threshold: vars['threshold'] ?? '',
  };
  const catalogId = g.streak.catalogId;
  if (catalogId) {
    out['catalog_id'] = catalogId;
    const entry = catalog?.(catalogId);
    if (entry) {
      out['catalog_title'] = entry.title;
      if (entry.cause) out['cause'] = entry.cause;
      out['fix'] = entry.fix;
    }
  }
  return out;
}

/** The `alerts` table rows of an event: one per notifier, or one with no notifier. */
export function logRows(e: AlertEvent): AlertLogRow[] {
  const base = {
    seq: e.seq,
    event_id: e.eventId,
    event: e.event,
    time: e.time,
    rule: e.rule,
    rule_hash: e.ruleHash,
    fingerprint: e.fingerprint,
    status: e.status,
    severity: e.severity,
    labels: e.labels,
    annotations: e.annotations,
    starts_at: e.startsAt,
    ends_at: e.endsAt,
    value: e.value,
    attempts: 0,
    last_error: null,
    delivered_at: null,
  };
  if (e.notifiers.length === 0) return [{ ...base, id: randomUUID(), notifier: null, delivery: 'none' }];
  return e.notifiers.map((n) => ({ ...base, id: randomUUID(), notifier: n, delivery: 'pending' as const }));
}

export function notificationOf(row: AlertLogRow): AlertNotification {
  return {
    id: row.id,
    event: row.event,
    status: row.status,
    rule: row.rule,
    fingerprint: row.fingerprint,
    severity: row.severity,
    labels: row.labels,
    annotations: row.annotations,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    value: row.value,
  };
}

export function changeOf(e: AlertEvent): AlertChange {
  return alertStateJson(e);
}

export function newEventId(): string {
  return randomUUID();
}
