import { createHash } from 'node:crypto';
import type { ErrorRecord } from '@claude-errors/schemas';
import { stateKey } from './state-key.js';
import type { HeadroomCondition, Rule } from './types.js';

/** What one record means to one rule: a matching failure, a success, or neither. */
export const Verdict = { Other: 0, Match: 1, Success: 2 } as const;
export type Verdict = (typeof Verdict)[keyof typeof Verdict];

export function verdict(rule: Rule, r: ErrorRecord): Verdict {
  if (rule.headroom) return headroomVerdict(rule.headroom, r);
  if (r.outcome === 'success') return Verdict.Success;
  if (r.outcome !== 'error') return Verdict.Other;
  const m = rule.match;
  if (m.status && !(r.http_status != null && m.status.includes(r.http_status))) return Verdict.Other;
  if (m.error_type && !(r.error_type != null && m.error_type.includes(r.error_type))) return Verdict.Other;
  if (m.catalog_id && !(r.catalog_id != null && m.catalog_id.includes(r.catalog_id))) return Verdict.Other;
  return Verdict.Match;
}

/**
 * A headroom rule looks at the anthropic-ratelimit-* values a response carried (attempt rows,
 * successes and failures alike): the lowest remaining share of the watched limits below `below`
 * matches; every watched limit at or above `above` is a success; in between, or without the
 * headers, the record changes nothing.
 */
function headroomVerdict(h: HeadroomCondition, r: ErrorRecord): Verdict {
  const a = r.attributes as Record<string, unknown> | null | undefined;
  if (!a) return Verdict.Other;
  let lowest = Infinity;
  for (const kind of h.limits) {
    const limit = a[`anthropic.ratelimit.${kind}.limit`];
    const remaining = a[`anthropic.ratelimit.${kind}.remaining`];
    if (typeof limit !== 'number' || typeof remaining !== 'number' || !(limit > 0) || remaining < 0) continue;
    lowest = Math.min(lowest, remaining / limit);
  }
  if (lowest === Infinity) return Verdict.Other;
  if (lowest < h.below) return Verdict.Match;
  return lowest >= h.above ? Verdict.Success : Verdict.Other;
}

/** The group a record belongs to under a rule: a stable key and the labels it adds. */
export function groupOf(rule: Rule, r: ErrorRecord): { key: string; labels: Record<string, string> } {
  if (rule.groupBy.length === 0) return { key: '', labels: {} };
  const labels: Record<string, string> = {};
  const values: string[] = [];
  for (const field of rule.groupBy) {
    const v = (r as unknown as Record<string, unknown>)[field];
    const text = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    values.push(text);
    if (text !== '') labels[field] = text;
  }
  return { key: JSON.stringify(values), labels };
}

/**
 * Alert identity: one rule and one group (the alert's `fingerprint` field, as Alertmanager calls it;
 * not the classifier's message template `fingerprintOf`). Stable across restarts and label changes of the rule.
 */
export function alertIdOf(rule: string, groupKey: string): string {
  return createHash('sha256').update(stateKey(rule, groupKey)).digest('hex').slice(0, 16);
}
