import { Verdict } from './match.js';
import type { Rule } from './types.js';

/** One record as a rule's group remembers it: time, verdict, and the catalog id of a match. */
export interface Point {
  t: number;
  v: Verdict;
  c: string | null;
}

/** Running streak state: consecutive matches since the last success, and the reverse. */
export interface Fold {
  streak: number;
  successes: number;
  lastMatch: number | null;
  catalogId: string | null;
}

export type Phase = 'inactive' | 'pending' | 'firing';

/** Everything a group persists (JSON in alert_state.state). */
export interface GroupData {
  labels: Record<string, string>;
  fingerprint: string;
  settled: Fold; // fold of every record older than the reorder window
  pending: Point[]; // records inside the reorder window, sorted by time
  maxTime: number;
  buckets: [start: number, matching: number, total: number][]; // rate/count windows
  phase: Phase;
  pendingSince: number | null;
  firingSince: number | null;
  resolveSince: number | null;
  firingValue: number;
  lastNotified: Record<string, number>; // notifier -> time of last firing/repeat notification
  lateRecords: number;
  lastSeen: number;
  resolvedUpTo?: number; // newest record time when the alert last resolved
}

/** Most records a group keeps inside its reorder window; beyond that the oldest are settled early. */
export const MAX_PENDING = 1000;

export type Transition = { to: 'firing' | 'resolved'; at: number; value: number };

const EMPTY_FOLD: Fold = { streak: 0, successes: 0, lastMatch: null, catalogId: null };

export function newGroupData(labels: Record<string, string>, fingerprint: string, now: number): GroupData {
  return {
    labels,
    fingerprint,
    settled: { ...EMPTY_FOLD },
    pending: [],
    maxTime: 0,
    buckets: [],
    phase: 'inactive',
    pendingSince: null,
    firingSince: null,
    resolveSince: null,
    firingValue: 0,
    lastNotified: {},
    lateRecords: 0,
    lastSeen: now,
  };
}

function fold(f: Fold, p: Point): Fold {
  if (p.v === Verdict.Match) return { streak: f.streak + 1, successes: 0, lastMatch: Math.max(f.lastMatch ?? 0, p.t), catalogId: p.c ?? f.catalogId };
  if (p.v === Verdict.Success) return { ...f, streak: 0, successes: f.successes + 1 };
  return f;
}

/**
 * The state machine of one (rule, group). Records are applied in time order: a record up to
 * `reorderWindowMs` older than the newest one seen is inserted in its place and the streak is
 * recomputed; an older one is counted in `lateRecords` and left out of the streak (windows still
 * count it when it falls inside them).
 */
export class GroupEvaluator {
  private current: Fold;
  /** Highest streak reached at or after a late record that was inserted in the past (cleared after evaluation). */
  private latePeak = 0;

  constructor(
    readonly rule: Rule,
    readonly data: GroupData,
    private readonly reorderWindowMs: number,
  ) {
    this.current = data.pending.reduce(fold, data.settled);
  }

  get streak(): Fold {
    return this.current;
  }

  /** Applies one record; returns a transition if the alert fired or resolved. */
  apply(p: Point, now: number): Transition | undefined {
    const d = this.data;
    d.lastSeen = now;
    if (this.rule.kind !== 'streak') this.addToWindow(p, now);
    if (d.maxTime > 0 && p.t < d.maxTime - this.reorderWindowMs) {
      d.lateRecords++;
    } else {
      this.insert(p);
    }
    return this.evaluate(now);
  }

  private insert(p: Point): void {
    const d = this.data;
    let i = d.pending.length;
    while (i > 0 && (d.pending[i - 1]?.t ?? 0) > p.t) i--;
    const appended = i === d.pending.length;
    d.pending.splice(i, 0, p);
    d.maxTime = Math.max(d.maxTime, p.t);
    const watermark = d.maxTime - this.reorderWindowMs;
    while (d.pending.length > MAX_PENDING || (d.pending.length && (d.pending[0]?.t ?? Infinity) < watermark)) {
      d.settled = fold(d.settled, d.pending.shift() as Point);
    }
    // In-order arrival (the common case) extends the fold; an earlier record recomputes it, and a
    // streak that reached its peak between the late record and the newest one still counts.
    if (appended) {
      this.current = fold(this.current, p);
      return;
    }
    let f = d.settled;
    for (const q of d.pending) {
      f = fold(f, q);
      if (q.t >= p.t && q.t > (d.resolvedUpTo ?? -Infinity)) this.latePeak = Math.max(this.latePeak, f.streak);
    }
    this.current = f;
  }

  private bucketSize(): number {
    return Math.max(1000, Math.ceil(this.rule.windowMs / 300));
  }

  private addToWindow(p: Point, now: number): void {
    if (p.t <= now - this.rule.windowMs) return;
    const size = this.bucketSize();
    const start = Math.floor(p.t / size) * size;
    const b = this.data.buckets;
    let i = b.length;
    while (i > 0 && (b[i - 1]?.[0] ?? 0) > start) i--;
    const prev = b[i - 1];
    const isMatch = p.v === Verdict.Match ? 1 : 0;
    if (prev && prev[0] === start) {
      prev[1] += isMatch;
      prev[2] += 1;
    } else {
      b.splice(i, 0, [start, isMatch, 1]);
    }
  }

  /** Matching and total records in the window ending at `now` (rate/count rules). */
  window(now: number): { matching: number; total: number } {
    const b = this.data.buckets;
    const from = now - this.rule.windowMs;
    const size = this.bucketSize();
    while (b.length && (b[0]?.[0] ?? 0) + size <= from) b.shift();
    let matching = 0;
    let total = 0;
    for (const [, m, t] of b) {
      matching += m;
      total += t;
    }
    return { matching, total };
  }

  /** The rule's value for this group at `now` and whether its condition holds. */
  condition(now: number): { active: boolean; value: number; matching: number; total: number } {
    const r = this.rule;
    if (r.kind === 'streak') {
      const s = Math.max(this.current.streak, this.latePeak);
      return { active: s >= r.threshold, value: s, matching: s, total: s };
    }
    const { matching, total } = this.window(now);
    if (r.kind === 'count') return { active: matching >= r.threshold, value: matching, matching, total };
    const rate = total === 0 ? 0 : matching / total;
    return { active: total >= r.minTotal && rate >= r.threshold, value: rate, matching, total };
  }

  private resolveMet(active: boolean, now: number): boolean {
    const res = this.rule.resolve;
    if ('successes' in res) return this.current.successes >= res.successes && !active;
    if ('quietForMs' in res) {
      const quiet = this.current.lastMatch === null || now - this.current.lastMatch >= res.quietForMs;
      return quiet && (this.rule.kind === 'streak' || !active);
    }
    return !active;
  }

  /** Runs the Prometheus-like state machine (for, keep_firing_for) at `now`. */
  evaluate(now: number): Transition | undefined {
    const d = this.data;
    const { active, value } = this.condition(now);
    this.latePeak = 0;
    if (d.phase === 'inactive' && active) {
      if (this.rule.forMs === 0) return this.fire(now, value);
      d.phase = 'pending';
      d.pendingSince = now;
      return undefined;
    }
    if (d.phase === 'pending') {
      if (!active) {
        d.phase = 'inactive';
        d.pendingSince = null;
        return undefined;
      }
      if (now - (d.pendingSince ?? now) >= this.rule.forMs) return this.fire(now, value);
      return undefined;
    }
    if (d.phase === 'firing') {
      if (!this.resolveMet(active, now)) {
        d.resolveSince = null;
        return undefined;
      }
      d.resolveSince ??= now;
      if (now - d.resolveSince >= this.rule.keepFiringForMs) return this.resolve(now, value);
    }
    return undefined;
  }

  private fire(now: number, value: number): Transition {
    const d = this.data;
    d.phase = 'firing';
    d.pendingSince = null;
    d.resolveSince = null;
    d.firingSince = now;
    d.firingValue = value;
    d.lastNotified = {};
    return { to: 'firing', at: now, value };
  }

  private resolve(now: number, value: number): Transition {
    const d = this.data;
    d.phase = 'inactive';
    d.resolveSince = null;
    d.resolvedUpTo = d.maxTime;
    if (this.rule.kind === 'streak') {
      // A streak that resolved by going quiet starts again from zero.
      for (const p of d.pending) d.settled = fold(d.settled, p);
      d.pending = [];
      d.settled = { ...d.settled, streak: 0 };
      this.current = d.settled;
    }
    return { to: 'resolved', at: now, value };
  }

  /**
   * What is saved in alert_state: the records inside the reorder window are folded into the
   * settled state (saving them one by one made every write grow with the ingest rate). After a
   * restart the reorder window starts empty.
   */
  persisted(): GroupData {
    return { ...this.data, settled: this.current, pending: [] };
  }

  /** true when the group holds nothing worth keeping (candidate for eviction). */
  idle(now: number, idleMs: number): boolean {
    return this.data.phase === 'inactive' && this.current.streak === 0 && this.data.buckets.length === 0 && now - this.data.lastSeen > idleMs;
  }
}
