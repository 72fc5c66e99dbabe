import { formatDuration, type ErrorRecord } from '@claude-errors/schemas';
import { alertAnnotations, alertEvent, alertLabels, type AlertEvent, type CatalogLookup } from './events.js';
import { GroupEvaluator, newGroupData, type Transition } from './group.js';
import { markChanged, type ChangedGroups, type LiveRule, type StateRef } from './live-rule.js';
import { alertIdOf, GroupKeyMemo, groupLabelsOf, Verdict, verdict } from './match.js';
import { isStreakKind, type RulesConfig } from './types.js';
import { notifiersOf } from './views.js';

/** The evaluation's share of the engine's counters. */
export interface EvaluationStats {
  observed_records: number;
  late_records: number;
  /** Records dated after their arrival at the engine, evaluated as if dated at their arrival. */
  future_records: number;
  groups_refused: number;
}

export interface EvaluationOptions {
  catalogEntry: CatalogLookup | undefined;
  stats: EvaluationStats;
  /** Deletes saved states of groups dropped to make room (fire and forget). */
  dropStates: (refs: StateRef[]) => void;
}

/** What an evaluation changed: groups to save and events to log and send. */
export interface Evaluated {
  changed: ChangedGroups;
  events: AlertEvent[];
}

/**
 * The loaded rules, their groups, and what records and the passing of time do to them. Pure
 * in-memory work: saving and sending what it returns is the engine's (persistence.ts).
 */
export class RuleEvaluation {
  config: RulesConfig | undefined;
  live = new Map<string, LiveRule>();
  /** The last event sequence number given out; restored from the alert log at start. */
  seq = 0;

  constructor(private readonly opts: EvaluationOptions) {}

  nextSeq(): number {
    return ++this.seq;
  }

  /** Records in time order (times capped at `latest`, their arrival), through every rule of their level. */
  observe(records: ErrorRecord[], now: number, latest: number): Evaluated {
    const timeOf = (r: ErrorRecord): number => Math.min(r.time, latest);
    // A partition's records mostly arrive in time order already: the (stable) sort only when not.
    const sorted = inTimeOrder(records, latest) ? records : [...records].sort((a, b) => timeOf(a) - timeOf(b));
    const changed: ChangedGroups = new Map();
    const events: AlertEvent[] = [];
    let late = 0;
    for (const lr of this.live.values()) {
      const keys = new GroupKeyMemo(lr.rule);
      // Groups already marked changed in this call: marking again would only rebuild the same state key.
      const marked = new Set<GroupEvaluator>();
      for (const r of sorted) {
        if (r.kind !== lr.rule.level) continue;
        const v = verdict(lr.rule, r);
        const key = keys.keyOf(r);
        const g = lr.groups.get(key) ?? (v === Verdict.Other && isStreakKind(lr.rule.kind) ? undefined : this.createGroup(lr, key, groupLabelsOf(lr.rule, r), now));
        if (!g) continue;
        const lateBefore = g.data.lateRecords;
        const tr = g.apply({ t: timeOf(r), v, c: v === Verdict.Match ? (r.catalog_id ?? null) : null }, now);
        late += g.data.lateRecords - lateBefore;
        if (!marked.has(g)) {
          marked.add(g);
          markChanged(changed, lr, key, g);
        }
        if (tr) events.push(this.eventOf(lr, g, tr));
      }
    }
    const stats = this.opts.stats;
    stats.observed_records += records.length;
    for (const r of records) if (r.time > latest) stats.future_records++;
    stats.late_records += late;
    return { changed, events };
  }

  /** Time-based conditions and repeat intervals at `now`; idle groups are dropped and returned in `evicted`. */
  tick(now: number, reorderWindowMs: number): Evaluated & { evicted: StateRef[] } {
    const changed: ChangedGroups = new Map();
    const events: AlertEvent[] = [];
    const evicted: StateRef[] = [];
    for (const lr of this.live.values()) {
      const idleMs = Math.max(3_600_000, lr.rule.windowMs, reorderWindowMs);
      for (const [key, g] of lr.groups) {
        const before = `${g.data.phase}|${g.data.pendingSince}|${g.data.resolveSince}`;
        const tr = g.evaluate(now);
        if (tr) events.push(this.eventOf(lr, g, tr));
        const repeats = this.repeatEvents(lr, g, now);
        events.push(...repeats);
        if (tr || repeats.length || before !== `${g.data.phase}|${g.data.pendingSince}|${g.data.resolveSince}`) {
          markChanged(changed, lr, key, g);
        } else if (g.idle(now, idleMs)) {
          lr.groups.delete(key);
          evicted.push({ rule: lr.rule.name, groupKey: key });
        }
      }
    }
    return { changed, events, evicted };
  }

  createGroup(lr: LiveRule, key: string, labels: Record<string, string>, now: number): GroupEvaluator | undefined {
    const config = this.config as RulesConfig;
    if (lr.groups.size >= config.maxGroupsPerRule && !this.evictOne(lr)) {
      this.opts.stats.groups_refused++;
      return undefined;
    }
    const g = new GroupEvaluator(lr.rule, newGroupData(labels, alertIdOf(lr.rule.name, key), now), config.reorderWindowMs);
    lr.groups.set(key, g);
    return g;
  }

  /** Drops the least recently seen non-firing group of a rule that is at its group limit. */
  private evictOne(lr: LiveRule): boolean {
    let oldest: [string, GroupEvaluator] | undefined;
    for (const entry of lr.groups) {
      if (entry[1].data.phase === 'firing') continue;
      if (!oldest || entry[1].data.lastSeen < oldest[1].data.lastSeen) oldest = entry;
    }
    if (!oldest) return false;
    lr.groups.delete(oldest[0]);
    this.opts.dropStates([{ rule: lr.rule.name, groupKey: oldest[0] }]);
    return true;
  }

  eventOf(lr: LiveRule, g: GroupEvaluator, tr: Transition): AlertEvent {
    const rule = lr.rule;
    const notifiers = notifiersOf(rule, this.config?.notifiers ?? []).map((n) => n.name);
    if (tr.to === 'firing') for (const n of notifiers) g.data.lastNotified[n] = tr.at;
    const alert = {
      rule: rule.name,
      ruleHash: lr.hash,
      fingerprint: g.data.fingerprint,
      severity: rule.severity,
      labels: alertLabels(rule, g.data.labels),
      annotations: alertAnnotations(rule, g, g.data.firingValue, this.opts.catalogEntry, formatDuration(rule.windowMs)),
      startsAt: g.data.firingSince ?? tr.at,
      value: tr.value,
    };
    return alertEvent(this.nextSeq(), tr.to, tr.at, alert, notifiers);
  }

  private repeatEvents(lr: LiveRule, g: GroupEvaluator, now: number): AlertEvent[] {
    if (g.data.phase !== 'firing') return [];
    const out: AlertEvent[] = [];
    for (const n of notifiersOf(lr.rule, this.config?.notifiers ?? [])) {
      const last = g.data.lastNotified[n.name] ?? g.data.firingSince ?? now;
      if (now - last < n.repeatIntervalMs) continue;
      g.data.lastNotified[n.name] = now;
      const base = this.eventOf(lr, g, { to: 'firing', at: now, value: g.condition(now).value });
      out.push({ ...base, event: 'repeat', notifiers: [n.name] });
    }
    return out;
  }
}

/** Whether the records' times, capped at `latest`, never decrease. */
function inTimeOrder(records: readonly ErrorRecord[], latest: number): boolean {
  let prev = -Infinity;
  for (const r of records) {
    const t = Math.min(r.time, latest);
    if (t < prev) return false;
    prev = t;
  }
  return true;
}
