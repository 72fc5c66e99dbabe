import { Verdict } from './match.js';

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

export const EMPTY_FOLD: Fold = { streak: 0, successes: 0, lastMatch: null, catalogId: null };

/**
 * Counts the elementary steps of rules evaluation (one per summary combined, one per record
 * folded), so that a test can check the work per record stays bounded whatever the arrival order.
 */
export const ruleWork = { steps: 0 };

/**
 * What a run of records (in time order) does to a Fold, whatever the Fold before it: folding is
 * associative, so runs combine in O(1) and a tree of runs gives the fold of any prefix or suffix in
 * O(log n). `peak` answers the largest streak reached after any record of the run.
 */
interface Summary {
  n: number;
  /** Whether the run holds a success, and the matches after its last one (all matches if none). */
  hasSuccess: boolean;
  tailMatches: number;
  /** Matches before the run's first success (all matches if none). */
  headMatches: number;
  /** Whether a record comes before the first success (true for a non-empty run without one). */
  headRecords: boolean;
  /** Largest streak after any record from the first success on (independent of the Fold before); -1 if none. */
  innerPeak: number;
  /** Whether the run holds a match, and the successes after its last one (all successes if none). */
  hasMatch: boolean;
  tailSuccesses: number;
  lastMatch: number | null;
  catalogId: string | null;
}

const EMPTY: Summary = { n: 0, hasSuccess: false, tailMatches: 0, headMatches: 0, headRecords: false, innerPeak: -1, hasMatch: false, tailSuccesses: 0, lastMatch: null, catalogId: null };

function leaf(p: Point): Summary {
  if (p.v === Verdict.Match) return { n: 1, hasSuccess: false, tailMatches: 1, headMatches: 1, headRecords: true, innerPeak: -1, hasMatch: true, tailSuccesses: 0, lastMatch: p.t, catalogId: p.c };
  if (p.v === Verdict.Success) return { n: 1, hasSuccess: true, tailMatches: 0, headMatches: 0, headRecords: false, innerPeak: 0, hasMatch: false, tailSuccesses: 1, lastMatch: null, catalogId: null };
  return { ...EMPTY, n: 1, headRecords: true };
}

/** The largest streak after any record of `s`, entering it with streak `before`; -1 for an empty run. */
function peakOf(s: Summary, before: number): number {
  if (!s.hasSuccess) return s.n > 0 ? before + s.tailMatches : -1;
  return Math.max(s.headRecords ? before + s.headMatches : -1, s.innerPeak);
}

/** The summary of run `a` followed by run `b`. */
function combine(a: Summary, b: Summary): Summary {
  return combineInto({ ...EMPTY }, a, b);
}

/**
 * Writes the summary of run `a` followed by run `b` into `to` (an object other than `a` and `b`)
 * and returns it: the tree updates its nodes' summaries in place instead of allocating.
 */
function combineInto(to: Summary, a: Summary, b: Summary): Summary {
  ruleWork.steps++;
  if (a.n === 0 || b.n === 0) return Object.assign(to, a.n === 0 ? b : a);
  const innerPeak = a.hasSuccess ? Math.max(a.innerPeak, peakOf(b, a.tailMatches)) : b.innerPeak;
  to.tailMatches = b.hasSuccess ? b.tailMatches : a.tailMatches + b.tailMatches;
  to.headMatches = a.hasSuccess ? a.headMatches : a.headMatches + b.headMatches;
  to.headRecords = a.hasSuccess ? a.headRecords : true;
  to.innerPeak = innerPeak;
  to.tailSuccesses = b.hasMatch ? b.tailSuccesses : a.tailSuccesses + b.tailSuccesses;
  to.lastMatch = a.lastMatch === null ? b.lastMatch : b.lastMatch === null ? a.lastMatch : Math.max(a.lastMatch, b.lastMatch);
  to.catalogId = b.catalogId ?? a.catalogId;
  to.n = a.n + b.n;
  to.hasSuccess = a.hasSuccess || b.hasSuccess;
  to.hasMatch = a.hasMatch || b.hasMatch;
  return to;
}

/** The Fold after `f` and then the run `s`. */
export function applyRun(f: Fold, s: Summary): Fold {
  if (s.n === 0) return f;
  ruleWork.steps++;
  return {
    streak: s.hasSuccess ? s.tailMatches : f.streak + s.tailMatches,
    successes: s.hasMatch ? s.tailSuccesses : f.successes + s.tailSuccesses,
    lastMatch: s.lastMatch === null ? f.lastMatch : Math.max(f.lastMatch ?? 0, s.lastMatch),
    catalogId: s.catalogId ?? f.catalogId,
  };
}

/** The Fold after one record. */
export function fold(f: Fold, p: Point): Fold {
  return applyRun(f, leaf(p));
}

interface Node {
  p: Point;
  own: Summary;
  seq: number;
  prio: number;
  left: Node | null;
  right: Node | null;
  sum: Summary;
}

const sumOf = (n: Node | null): Summary => (n ? n.sum : EMPTY);
const scratch: Summary = { ...EMPTY };

/** Recomputes a node's subtree summary, in place. */
function update(n: Node): Node {
  combineInto(n.sum, combineInto(scratch, sumOf(n.left), n.own), sumOf(n.right));
  return n;
}

/** Whether record a (time, arrival) sorts before b: time order, equal times in arrival order. */
const before = (a: Node, b: Node): boolean => a.p.t < b.p.t || (a.p.t === b.p.t && a.seq < b.seq);

/**
 * The records of one group inside its reorder window, in time order (equal times in arrival
 * order). Records that arrive in time order (the common case) are appended to a plain array, the
 * tail: O(1), and the caller extends its fold itself. The first record that arrives out of order
 * moves the tail into a treap whose nodes carry the Summary of their subtree (O(log n) per record,
 * each record at most once), and goes there too; every record in the treap sorts before every
 * record in the tail. Inserting anywhere, removing the oldest, the fold of all records and the
 * peak streak over a suffix then cost O(log n) expected: a record that arrives late costs about
 * as much as one in order, never a re-fold of the window.
 */
export class ReorderBuffer {
  private root: Node | null = null;
  private treapSize = 0;
  private tail: Point[] = [];
  private tailStart = 0; // tail[tailStart..] are the tail's records (shift without moving the array)
  private seq = 0;
  private rand = 0x9e3779b9;

  get size(): number {
    return this.treapSize + this.tail.length - this.tailStart;
  }

  /** The Summary of every record in the buffer, in time order. */
  get all(): Summary {
    this.flush();
    return sumOf(this.root);
  }

  insert(p: Point): void {
    const newest = this.newest();
    if (newest === undefined || newest.t <= p.t) {
      this.tail.push(p);
      return;
    }
    this.flush();
    this.insertInTreap(p);
  }

  /** The oldest record, or undefined when empty. */
  oldest(): Point | undefined {
    let n = this.root;
    while (n?.left) n = n.left;
    return n ? n.p : this.tail[this.tailStart];
  }

  /** The newest record (the last in time order), or undefined when empty. */
  newest(): Point | undefined {
    if (this.tail.length > this.tailStart) return this.tail[this.tail.length - 1];
    let n = this.root;
    while (n?.right) n = n.right;
    return n?.p;
  }

  /** Removes and returns the oldest record. */
  shift(): Point | undefined {
    if (!this.root) return this.shiftTail();
    const path: Node[] = [];
    let n = this.root;
    while (n.left) {
      path.push(n);
      n = n.left;
    }
    const parent = path[path.length - 1];
    if (parent) parent.left = n.right;
    else this.root = n.right;
    for (let i = path.length - 1; i >= 0; i--) update(path[i]!);
    this.treapSize--;
    return n.p;
  }

  /** The records in time order (for persistence in the old format and tests). */
  toArray(): Point[] {
    const out: Point[] = [];
    const walk = (n: Node | null): void => {
      if (!n) return;
      walk(n.left);
      out.push(n.p);
      walk(n.right);
    };
    walk(this.root);
    for (let i = this.tailStart; i < this.tail.length; i++) out.push(this.tail[i]!);
    return out;
  }

  clear(): void {
    this.root = null;
    this.treapSize = 0;
    this.tail = [];
    this.tailStart = 0;
  }

  private shiftTail(): Point | undefined {
    if (this.tailStart >= this.tail.length) return undefined;
    const p = this.tail[this.tailStart++]!;
    if (this.tailStart >= 1024 && this.tailStart * 2 >= this.tail.length) {
      this.tail = this.tail.slice(this.tailStart); // amortized O(1): drop the consumed front
      this.tailStart = 0;
    }
    return p;
  }

  /** Moves the tail into the treap (each record appended at its right end). */
  private flush(): void {
    for (let i = this.tailStart; i < this.tail.length; i++) this.insertInTreap(this.tail[i]!);
    this.tail = [];
    this.tailStart = 0;
  }

  private insertInTreap(p: Point): void {
    const own = leaf(p);
    const node: Node = { p, own, seq: this.seq++, prio: this.nextPriority(), left: null, right: null, sum: { ...own } };
    const [l, r] = split(this.root, node);
    this.root = merge(merge(l, node), r);
    this.treapSize++;
  }

  /**
   * The Fold `start` brings to the records that come before those for which `from` holds (`from`
   * must hold for a suffix of the time order), and the largest streak reached after any record of
   * that suffix: one walk down the tree.
   */
  peakFrom(start: Fold, from: (p: Point) => boolean): number {
    this.flush();
    let prefix = EMPTY; // records before the suffix, in order
    const suffixParts: Summary[] = []; // whole runs of the suffix, from its end back to its start
    let n = this.root;
    while (n) {
      if (from(n.p)) {
        suffixParts.push(combine(n.own, sumOf(n.right)));
        n = n.left;
      } else {
        prefix = combine(combine(prefix, sumOf(n.left)), n.own);
        n = n.right;
      }
    }
    let suffix = EMPTY;
    for (let i = suffixParts.length - 1; i >= 0; i--) suffix = combine(suffix, suffixParts[i]!);
    return peakOf(suffix, applyRun(start, prefix).streak);
  }

  private nextPriority(): number {
    // xorshift32: deterministic, so runs repeat.
    let x = this.rand;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rand = x >>> 0;
    return this.rand;
  }
}

/** Splits into the nodes before `pivot` and the rest. */
function split(n: Node | null, pivot: Node): [Node | null, Node | null] {
  if (!n) return [null, null];
  if (before(n, pivot)) {
    const [l, r] = split(n.right, pivot);
    n.right = l;
    return [update(n), r];
  }
  const [l, r] = split(n.left, pivot);
  n.left = r;
  return [l, update(n)];
}

function merge(a: Node | null, b: Node | null): Node | null {
  if (!a) return b;
  if (!b) return a;
  if (a.prio > b.prio) {
    a.right = merge(a.right, b);
    return update(a);
  }
  b.left = merge(a, b.left);
  return update(b);
}
