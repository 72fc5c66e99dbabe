import type { Logger } from 'pino';
import { formatProblem, RulesInvalidError } from './errors.js';
import type { AlertEvent } from './events.js';
import type { RuleEvaluation } from './evaluation.js';
import { GroupEvaluator } from './group.js';
import { ruleHash, type LiveRule, type StateRef } from './live-rule.js';
import { loadRulesFile } from './load.js';
import type { RulesConfig } from './types.js';
import { notifiersOf } from './views.js';

/** Reads the rules file again; a bad file is logged and gives undefined (the current rules stay). */
export async function rereadRulesFile(file: string, logger: Logger | undefined): Promise<RulesConfig | undefined> {
  try {
    return await loadRulesFile(file);
  } catch (err) {
    const problems = err instanceof RulesInvalidError ? err.problems.map(formatProblem) : [(err as Error).message];
    logger?.error({ code: (err as { code?: string }).code, file, problems }, 'rules file reload failed; keeping the current rules');
    return undefined;
  }
}

/** The live rules of a first configuration: every rule without groups yet. */
export function liveRulesOf(config: RulesConfig): Map<string, LiveRule> {
  const live = new Map<string, LiveRule>();
  for (const rule of config.rules) live.set(rule.name, { rule, hash: ruleHash(rule), groups: new Map() });
  return live;
}

/**
 * Puts a new configuration in the evaluation: unchanged rules keep their groups; the groups of
 * removed or changed rules are returned for deletion, and their firing alerts resolve (sent to the
 * notifiers the rule still has in the new configuration).
 */
export function replaceRules(evaluation: RuleEvaluation, config: RulesConfig, now: number): { events: AlertEvent[]; removed: StateRef[] } {
  const old = evaluation.live;
  const next = new Map<string, LiveRule>();
  for (const rule of config.rules) {
    const hash = ruleHash(rule);
    const prev = old.get(rule.name);
    const groups = new Map<string, GroupEvaluator>();
    if (prev && prev.hash === hash) {
      for (const [k, g] of prev.groups) groups.set(k, new GroupEvaluator(rule, g.data, config.reorderWindowMs));
      old.delete(rule.name);
    }
    next.set(rule.name, { rule, hash, groups });
  }
  evaluation.config = config;
  const events: AlertEvent[] = [];
  const removed: StateRef[] = [];
  for (const lr of old.values()) {
    for (const [key, g] of lr.groups) {
      removed.push({ rule: lr.rule.name, groupKey: key });
      if (g.data.phase !== 'firing') continue;
      const e = evaluation.eventOf(lr, g, { to: 'resolved', at: now, value: g.condition(now).value });
      const kept = notifiersOf(lr.rule, config.notifiers).map((n) => n.name);
      events.push({ ...e, notifiers: kept, annotations: { ...e.annotations, resolved_reason: 'the rule was removed or changed' } });
    }
  }
  evaluation.live = next;
  return { events, removed };
}
