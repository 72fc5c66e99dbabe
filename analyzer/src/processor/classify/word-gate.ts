/**
 * Word-prefix gate: one pass over the text hashes every word (ASCII letters, digits and `_`,
 * case-folded) as it goes, and at prefix lengths 3..8 checks a bitset, then a map, for anchors of
 * that prefix. Anchor words longer than 8 characters are indexed by their first 8. The result
 * marks the rules whose anchor words occur at a word start. No allocation per call.
 */
const MAX_PREFIX = 8;
const MIN_PREFIX = 3;
const BITS = 1 << 20;

export class WordGate {
  private readonly bits = new Uint32Array(BITS / 32);
  private readonly lists = new Map<number, readonly number[]>();
  private readonly always: readonly number[];
  /** marks[i] === 1 when rule i is a candidate for the last text passed to `mark`. */
  readonly marks: Uint8Array;

  /** anchors[i]: lowercase anchor words of rule i, or null if rule i must always be tested. */
  constructor(anchors: ReadonlyArray<readonly string[] | null>) {
    this.marks = new Uint8Array(anchors.length);
    const always: number[] = [];
    const byKey = new Map<number, number[]>();
    anchors.forEach((words, rule) => {
      if (!words) return void always.push(rule);
      for (const w of words) {
        const key = prefixKey(w, Math.min(w.length, MAX_PREFIX));
        const list = byKey.get(key) ?? [];
        if (!list.includes(rule)) list.push(rule);
        byKey.set(key, list);
      }
    });
    this.always = always;
    for (const [key, list] of byKey) {
      this.bits[(key & (BITS - 1)) >>> 5]! |= 1 << (key & 31);
      this.lists.set(key, list);
    }
  }

  /** Sets and returns `marks` for `text`. */
  mark(text: string): Uint8Array {
    const marks = this.marks;
    marks.fill(0);
    for (const r of this.always) marks[r] = 1;
    const bits = this.bits;
    let h = 0;
    let len = 0; // length of the current word so far; 0 = not in a word
    for (let i = 0; i < text.length; i++) {
      const f = fold(text.charCodeAt(i));
      if (f < 0) {
        len = 0;
        continue;
      }
      if (len === 0) h = 0;
      len++;
      if (len > MAX_PREFIX) continue;
      h = (Math.imul(h, 0x2f) + f + 1) & 0x3fffffff; // small-integer keys
      if (len < MIN_PREFIX) continue;
      if ((bits[(h & (BITS - 1)) >>> 5]! & (1 << (h & 31))) === 0) continue;
      const list = this.lists.get(h);
      if (list) for (const r of list) marks[r] = 1;
    }
    return marks;
  }
}

/** Digits, letters and `_` folded to 0..36; anything else is -1 (not part of a word). */
function fold(c: number): number {
  if (c >= 97 && c <= 122) return c - 87;
  if (c >= 65 && c <= 90) return c - 55;
  if (c >= 48 && c <= 57) return c - 48;
  return c === 95 ? 36 : -1;
}

function prefixKey(word: string, n: number): number {
  let h = 0;
  for (let i = 0; i < n; i++) h = (Math.imul(h, 0x2f) + fold(word.charCodeAt(i)) + 1) & 0x3fffffff;
  return h;
}
