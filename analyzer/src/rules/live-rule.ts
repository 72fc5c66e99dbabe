import { createHash } from 'node:crypto';
import type { GroupEvaluator } from './group.js';
import { stateKey } from './state-key.js';
import type { Rule } from './types.js';

/** A loaded rule and the evaluators of its groups. */
export interface LiveRule {
  rule: Rule;
  hash: string;
  groups: Map<string, GroupEvaluator>;
}

/** One group whose state changed and is still to be saved. */
export interface ChangedGroup {
  lr: LiveRule;
  key: string;
  g: GroupEvaluator;
}

/** Changed groups by `stateKey(rule, groupKey)`. */
export type ChangedGroups = Map<string, ChangedGroup>;

/** A saved group state to delete. */
export interface StateRef {
  rule: string;
  groupKey: string;
}

export function markChanged(changed: ChangedGroups, lr: LiveRule, key: string, g: GroupEvaluator): void {
  changed.set(stateKey(lr.rule.name, key), { lr, key, g });
}

/** Hash of what a rule evaluates; state survives reloads only while it is unchanged. */
export function ruleHash(r: Rule): string {
  const def = [r.kind, r.match, r.level, r.threshold, r.windowMs, r.minTotal, r.groupBy];
  return createHash('sha256').update(JSON.stringify(def)).digest('hex').slice(0, 16);
}
