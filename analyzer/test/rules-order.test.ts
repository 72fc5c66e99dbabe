import { describe, expect, it } from 'vitest';
import { GroupEvaluator, newGroupData } from '../src/rules/group.js';
import { Verdict } from '../src/rules/match.js';
import { applyRun, EMPTY_FOLD, fold, ReorderBuffer, ruleWork, type Fold, type Point } from '../src/rules/reorder-buffer.js';
import type { Rule } from '../src/rules/types.js';
import { prng } from '../bench/prng.mjs';

/**
 * Issue 19 item 4: each record that arrived out of time order re-folded the whole reorder window
 * (up to 1,000 records) of its group, so replaying batches out of order ran at ~1,400 records/s.
 * The window is now a tree of run summaries: these tests check it against the plain fold, and
 * count the work per record (ruleWork.steps) instead of timing it.
 */
const VERDICTS = [Verdict.Match, Verdict.Match, Verdict.Success, Verdict.Other];

function randomPoint(rand: () => number, maxT: number): Point {
  const v = VERDICTS[Math.floor(rand() * VERDICTS.length)]!;
  return { t: Math.floor(rand() * maxT), v, c: v === Verdict.Match && rand() < 0.5 ? `c${Math.floor(rand() * 3)}` : null };
}

/** The records in time order, equal times in arrival order (as the buffer keeps them). */
function sorted(points: { p: Point; seq: number }[]): Point[] {
  return [...points].sort((a, b) => a.p.t - b.p.t || a.seq - b.seq).map((x) => x.p);
}

/** The largest streak after any record for which `from` holds, folding all of them from `start`. */
function bruteForcePeak(start: Fold, points: Point[], from: (p: Point) => boolean): number {
  let f = start;
  let peak = -1;
  for (const p of points) {
    f = fold(f, p);
    if (from(p)) peak = Math.max(peak, f.streak);
  }
  return peak;
}

describe('ReorderBuffer', () => {
  it('folds and answers suffix peaks exactly like folding the sorted records one by one (random inserts and removals)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rand = prng(seed);
      const buf = new ReorderBuffer();
      let kept: { p: Point; seq: number }[] = [];
      let seq = 0;
      const start: Fold = { streak: Math.floor(rand() * 3), successes: Math.floor(rand() * 2), lastMatch: rand() < 0.5 ? 5 : null, catalogId: rand() < 0.5 ? 'start' : null };
      for (let step = 0; step < 60; step++) {
        if (kept.length > 0 && rand() < 0.25) {
          const oldest = sorted(kept)[0]!;
          expect(buf.oldest()).toBe(oldest);
          expect(buf.shift()).toBe(oldest);
          kept = kept.filter((x) => x.p !== oldest);
        } else {
          const p = randomPoint(rand, 40);
          buf.insert(p);
          kept.push({ p, seq: seq++ });
        }
        const inOrder = sorted(kept);
        expect(buf.size).toBe(inOrder.length);
        expect(buf.toArray()).toEqual(inOrder);
        expect(buf.newest()).toBe(inOrder[inOrder.length - 1]);
        expect(applyRun(start, buf.all)).toEqual(inOrder.reduce(fold, start));
        const cut = Math.floor(rand() * 45);
        const from = (p: Point): boolean => p.t >= cut;
        expect(buf.peakFrom(start, from)).toBe(bruteForcePeak(start, inOrder, from));
      }
    }
  });

  it('starts from an empty fold', () => {
    const buf = new ReorderBuffer();
    expect(applyRun(EMPTY_FOLD, buf.all)).toEqual(EMPTY_FOLD);
    expect(buf.peakFrom(EMPTY_FOLD, () => true)).toBe(-1);
    expect(buf.shift()).toBeUndefined();
  });
});

const STREAK: Rule = {
  name: 'overloaded-streak',
  kind: 'streak',
  match: { status: [529] },
  level: 'attempt',
  threshold: 1_000_000, // never fires: the test measures evaluation only
  windowMs: 0,
  minTotal: 0,
  groupBy: ['model'],
  resolve: { successes: 3 },
  forMs: 0,
  keepFiringForMs: 0,
  severity: 'critical',
  summary: undefined,
  labels: {},
  notifiers: undefined,
};

/** Work per record when `n` records of one group, all inside the reorder window, arrive in the given order. */
function stepsPerRecord(n: number, order: 'in-order' | 'shuffled' | 'reversed'): number {
  const rand = prng(n);
  const points = Array.from({ length: n }, (_, i): Point => ({ t: 1_000_000 + i, v: rand() < 0.9 ? Verdict.Match : Verdict.Success, c: null }));
  if (order === 'reversed') points.reverse();
  if (order === 'shuffled') {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [points[i], points[j]] = [points[j]!, points[i]!];
    }
  }
  const g = new GroupEvaluator(STREAK, newGroupData({ model: 'm' }, 'f', 0), 3_600_000);
  const before = ruleWork.steps;
  for (const p of points) g.apply(p, 2_000_000);
  expect(g.data.lateRecords).toBe(0);
  return (ruleWork.steps - before) / n;
}

describe('rules evaluation work per record (issue 19 item 4)', () => {
  it('grows with log n, not n, when records arrive out of time order', () => {
    // 1,000 is the most records a group keeps in its reorder window (MAX_PENDING).
    for (const order of ['shuffled', 'reversed'] as const) {
      const small = stepsPerRecord(125, order);
      const large = stepsPerRecord(1000, order);
      // Re-folding the window per late record made this ratio ~8 (linear in n per record, quadratic in all).
      expect(large / small, order).toBeLessThan(2);
      expect(large, order).toBeLessThan(12 * Math.log2(1000)); // re-folding: ~500 per record at this size
    }
    expect(stepsPerRecord(1000, 'in-order')).toBeLessThan(12 * Math.log2(1000));
  });
});
