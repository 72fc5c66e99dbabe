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
    const [limitName, remainingName] = ratelimitNames(kind);
    const limit = a[limitName];
    const remaining = a[remainingName];
    if (typeof limit !== 'number' || typeof remaining !== 'number' || !(limit > 0) || remaining < 0) continue;
    lowest = Math.min(lowest, remaining / limit);
  }
  if (lowest === Infinity) return Verdict.Other;
  if (lowest < h.below) return Verdict.Match;
  return lowest >= h.above ? Verdict.Success : Verdict.Other;
}

/** The attribute names of one rate limit's values, built once per kind rather than per record. */
const RATELIMIT_NAMES = new Map<string, readonly [limit: string, remaining: string]>();
function ratelimitNames(kind: string): readonly [string, string] {
  let names = RATELIMIT_NAMES.get(kind);
  if (!names) RATELIMIT_NAMES.set(kind, (names = [`anthropic.ratelimit.${kind}.limit`, `anthropic.ratelimit.${kind}.remaining`]));
  return names;
}

/** The text of a record's field as a group value ('' for none). */
function fieldText(r: ErrorRecord, field: string): string {
  const v = (r as unknown as Record<string, unknown>)[field];
  return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** The key of a record's group under a rule: the JSON array of its group_by values ('' without group_by). */
export function groupKeyOf(rule: Rule, r: ErrorRecord): string {
  if (rule.groupBy.length === 0) return '';
  return JSON.stringify(rule.groupBy.map((field) => fieldText(r, field)));
}

/** The labels a record's group adds (its non-empty group_by values); needed only when a group is created. */
export function groupLabelsOf(rule: Rule, r: ErrorRecord): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const field of rule.groupBy) {
    const text = fieldText(r, field);
    if (text !== '') labels[field] = text;
  }
  return labels;
}

/**
 * groupKeyOf for a run of records under one rule, remembering the last record's raw group_by
 * values and key: consecutive records of one service and model (the common case in a batch)
 * reuse the key instead of building the same JSON text again. Object values are compared by
 * identity, which only ever recomputes a key, never reuses a wrong one.
 */
export class GroupKeyMemo {
  private last: unknown[] | undefined;
  private lastKey = '';

  constructor(private readonly rule: Rule) {}

  keyOf(r: ErrorRecord): string {
    const fields = this.rule.groupBy;
    if (fields.length === 0) return '';
    const row = r as unknown as Record<string, unknown>;
    const last = this.last;
    if (last !== undefined) {
      let same = true;
      for (let i = 0; i < fields.length && same; i++) same = row[fields[i]!] === last[i];
      if (same) return this.lastKey;
    }
    this.last = fields.map((f) => row[f]);
    this.lastKey = groupKeyOf(this.rule, r);
    return this.lastKey;
  }
}

/**
 * Alert identity: one rule and one group (the alert's `fingerprint` field, as Alertmanager calls it;
 * not the classifier's message template `fingerprintOf`). Stable across restarts and label changes of the rule.
 */
export function alertIdOf(rule: string, groupKey: string): string {
  return createHash('sha256').update(stateKey(rule, groupKey)).digest('hex').slice(0, 16);
}
