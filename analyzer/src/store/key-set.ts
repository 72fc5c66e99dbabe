/**
 * A set of 64-bit keys (each given as its high and low 32-bit halves), open addressing with
 * linear probing over two Uint32Arrays: 8 bytes per slot, at most 3/4 full, so 11–21 bytes per
 * key. The store keeps every stored row's dedupe key here (see RecordStore) instead of a DuckDB
 * PRIMARY KEY index, whose every checkpoint rewrites the whole index (seconds at 5M rows).
 */
export class KeySet {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private used: Uint8Array;
  private mask: number;
  private shift: number;
  private count = 0;

  constructor(expected = 1024) {
    let cap = 1024;
    while (cap * 0.75 < expected) cap *= 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.used = new Uint8Array(cap);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
  }

  get size(): number {
    return this.count;
  }

  has(hi: number, lo: number): boolean {
    const { used, mask } = this;
    for (let i = slotOf(hi, lo, this.shift); used[i] === 1; i = (i + 1) & mask) {
      if (this.lo[i] === lo && this.hi[i] === hi) return true;
    }
    return false;
  }

  /** Adds the key; false if it was already there. */
  add(hi: number, lo: number): boolean {
    if ((this.count + 1) * 4 > this.used.length * 3) this.grow();
    const { used, mask } = this;
    let i = slotOf(hi, lo, this.shift);
    for (; used[i] === 1; i = (i + 1) & mask) {
      if (this.lo[i] === lo && this.hi[i] === hi) return false;
    }
    used[i] = 1;
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.count++;
    return true;
  }

  private grow(): void {
    const { hi, lo, used } = this;
    const cap = used.length * 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.used = new Uint8Array(cap);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
    this.count = 0;
    for (let i = 0; i < used.length; i++) if (used[i] === 1) this.add(hi[i]!, lo[i]!);
  }
}

/** Fibonacci hashing of both halves (the keys are hashes already; this only spreads them). */
function slotOf(hi: number, lo: number, shift: number): number {
  return Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> shift;
}
