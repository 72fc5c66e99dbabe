import { Verdict } from './match.js';
import { applyRun, EMPTY_FOLD, fold, ReorderBuffer, type Fold, type Point } from './reorder-buffer.js';
import { isStreakKind, type Rule } from './types.js';

export type { Fold, Point } from './reorder-buffer.js';

export type Phase = 'inactive' | 'pending' | 'firing';

/** Everything a group persists (JSON in alert_state.state). */
export interface GroupData {
  labels: Record<string, string>;
  fingerprint: string;
  settled: Fold; // fold of every record older than the reorder window
  pending: Point[]; // saved state only: always [] (the reorder window is saved folded into `settled`); older files may hold records
  buffer?: ReorderBuffer; // the records inside the reorder window, in time order (live only, never saved)
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

/**
 * The state machine of one (rule, group). Records are applied in time order: a record up to
 * `reorderWindowMs` older than the newest one seen is inserted in its place and the streak is
 * recomputed; an older one is counted in `lateRecords` and left out of the streak (windows still
 * count it when it falls inside them). The reorder window is a ReorderBuffer, so a record that
 * arrives out of order costs O(log n) for the n records inside the window, like one in order.
 */
export class GroupEvaluator {
  private current: Fold;
  /** Highest streak reached at or after a late record that was inserted in the past (cleared after evaluation). */
  private latePeak = 0;
  private readonly buffer: ReorderBuffer;
  /** Matching and total records over data.buckets, kept as buckets are added and dropped. */
  private sums = { matching: 0, total: 0 };

  constructor(
    readonly rule: Rule,
    readonly data: GroupData,
    private readonly reorderWindowMs: number,
  ) {
    if (!data.buffer) {
      data.buffer = new ReorderBuffer();
      for (const p of data.pending) data.buffer.insert(p);
      data.pending = [];
    }
    this.buffer = data.buffer;
    this.current = applyRun(data.settled, this.buffer.all);
    for (const [, m, t] of data.buckets) {
      this.sums.matching += m;
      this.sums.total += t;
    }
  }

  get streak(): Fold {
    return this.current;
  }

  /** Applies one record; returns a transition if the alert fired or resolved. */
  apply(p: Point, now: number): Transition | undefined {
    const d = this.data;
    d.lastSeen = now;
    if (!isStreakKind(this.rule.kind)) this.addToWindow(p, now);
    if (d.maxTime > 0 && p.t < d.maxTime - this.reorderWindowMs) {
      d.lateRecords++;
    } else {
      this.insert(p);
    }
    return this.evaluate(now);
  }

  private insert(p: Point): void {
    const d = this.data;
    const buf = this.buffer;
    const newest = buf.newest();
    const appended = newest === undefined || newest.t <= p.t;
    buf.insert(p);
    d.maxTime = Math.max(d.maxTime, p.t);
    const watermark = d.maxTime - this.reorderWindowMs;
    for (let oldest = buf.oldest(); oldest && (buf.size > MAX_PENDING || oldest.t < watermark); oldest = buf.oldest()) {
      d.settled = fold(d.settled, buf.shift() as Point);
    }
    // In-order arrival (the common case) extends the fold; an earlier record takes the fold of the
    // whole window (kept in the buffer's tree), and a streak that reached its peak between the late
    // record and the newest one still counts.
    if (appended) {
      this.current = fold(this.current, p);
      return;
    }
    this.current = applyRun(d.settled, buf.all);
    const resolvedUpTo = d.resolvedUpTo ?? -Infinity;
    this.latePeak = Math.max(this.latePeak, buf.peakFrom(d.settled, (q) => q.t >= p.t && q.t > resolvedUpTo));
  }

  private bucketSize(): number {
    return Math.max(1000, Math.ceil(this.rule.windowMs / 300));
  }

  private addToWindow(p: Point, now: number): void {
    if (p.t <= now - this.rule.windowMs) return;
    const size = this.bucketSize();
    const start = Math.floor(p.t / size) * size;
    const b = this.data.buckets;
    let lo = 0; // binary search: the first bucket after `start`
    let hi = b.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (b[mid]![0] > start) hi = mid;
      else lo = mid + 1;
    }
    const prev = b[lo - 1];
    const isMatch = p.v === Verdict.Match ? 1 : 0;
    if (prev && prev[0] === start) {
      prev[1] += isMatch;
      prev[2] += 1;
    } else {
      b.splice(lo, 0, [start, isMatch, 1]);
    }
    this.sums.matching += isMatch;
    this.sums.total += 1;
  }

  /** Matching and total records in the window ending at `now` (rate/count rules). */
  window(now: number): { matching: number; total: number } {
    const b = this.data.buckets;
    const from = now - this.rule.windowMs;
    const size = this.bucketSize();
    while (b.length && (b[0]?.[0] ?? 0) + size <= from) {
      const [, m, t] = b.shift()!;
      this.sums.matching -= m;
      this.sums.total -= t;
    }
    return { matching: this.sums.matching, total: this.sums.total };
  }

  /** The rule's value for this group at `now` and whether its condition holds. */
  condition(now: number): { active: boolean; value: number; matching: number; total: number } {
    const r = this.rule;
    if (isStreakKind(r.kind)) {
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
      return quiet && (isStreakKind(this.rule.kind) || !active);
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
    if (isStreakKind(this.rule.kind)) {
      // A streak that resolved by going quiet starts again from zero.
      d.settled = { ...applyRun(d.settled, this.buffer.all), streak: 0 };
      this.buffer.clear();
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
    const saved: GroupData = { ...this.data, settled: this.current, pending: [] };
    delete saved.buffer;
    return saved;
  }

  /** true when the group holds nothing worth keeping (candidate for eviction). */
  idle(now: number, idleMs: number): boolean {
    return this.data.phase === 'inactive' && this.current.streak === 0 && this.data.buckets.length === 0 && now - this.data.lastSeen > idleMs;
  }
}
