import { formatDuration } from '@claude-errors/schemas';
import { summarizeNotifier } from '../notify/redact.js';
import type { GroupEvaluator } from './group.js';
import { isStreakKind, type GroupStateView, type NotifierConfig, type Rule, type RuleState } from './types.js';

const MAX_GROUPS_SHOWN = 500;
const PHASE_ORDER = { firing: 0, pending: 1, inactive: 2 } as const;

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function groupView(g: GroupEvaluator, now: number): GroupStateView {
  const c = g.condition(now);
  return {
    labels: g.data.labels,
    fingerprint: g.data.fingerprint,
    state: g.data.phase,
    value: c.value,
    matching: c.matching,
    total: c.total,
    threshold: g.rule.threshold,
    consecutive_successes: g.streak.successes,
    last_match: isoOrNull(g.streak.lastMatch),
    pending_since: isoOrNull(g.data.pendingSince),
    firing_since: g.data.phase === 'firing' ? isoOrNull(g.data.firingSince) : null,
    late_records: g.data.lateRecords,
  };
}

/** A rule and its groups as GET /api/v1/rules shows them: no URLs' secrets, no header values. */
export function ruleView(rule: Rule, groups: Iterable<GroupEvaluator>, notifiers: NotifierConfig[], source: string, now: number): RuleState {
  const views = [...groups].map((g) => groupView(g, now));
  views.sort((a, b) => PHASE_ORDER[a.state] - PHASE_ORDER[b.state] || b.value - a.value);
  const res = rule.resolve;
  return {
    name: rule.name,
    kind: rule.kind,
    level: rule.level,
    match: rule.match,
    threshold: rule.threshold,
    window: isStreakKind(rule.kind) ? null : formatDuration(rule.windowMs),
    min_total: rule.kind === 'rate' ? rule.minTotal : null,
    group_by: rule.groupBy,
    resolve: 'successes' in res ? { successes: res.successes } : 'quietForMs' in res ? { quiet_for: formatDuration(res.quietForMs) } : { condition: true },
    for: formatDuration(rule.forMs),
    keep_firing_for: formatDuration(rule.keepFiringForMs),
    severity: rule.severity,
    notifiers: notifiersOf(rule, notifiers).map(summarizeNotifier),
    source,
    groups: views.slice(0, MAX_GROUPS_SHOWN),
  };
}

export function notifiersOf(rule: Rule, notifiers: NotifierConfig[]): NotifierConfig[] {
  return rule.notifiers === undefined ? notifiers : notifiers.filter((n) => rule.notifiers?.includes(n.name));
}
