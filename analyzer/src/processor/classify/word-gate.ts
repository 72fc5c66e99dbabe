/**
 * Word-prefix gate: one pass over the text hashes every word (ASCII letters, digits and `_`,
 * case-folded) as it goes, and at prefix lengths 3..8 checks a bitset, then a map, for anchors of
 * that prefix. Anchor words longer than 8 characters are indexed by their first 8. The result
 * marks the items (rule alternatives) all of whose anchor words occur at a word start. No
 * allocation per call.
 */
const MAX_PREFIX = 8;
const MIN_PREFIX = 3;
const MAX_WORDS = 8; // anchor words per item that are checked (one bit each); extra words are ignored
// 64 Ki bits (8 KiB) stay in L1 cache; with a few hundred anchor prefixes a false hit (a Map
// lookup for nothing) happens for under 1 % of the prefixes tested.
const BITS = 1 << 16;

export class WordGate {
  private readonly bits = new Uint32Array(BITS / 32);
  /** prefix key -> flat pairs [item, bit, item, bit, ...] of the items that have this anchor. */
  private readonly lists = new Map<number, readonly number[]>();
  private readonly always: readonly number[];
  /** Bits of the anchor words seen so far in the current text, per item. */
  private readonly seen: Uint8Array;
  /** All bits set: every anchor word of the item was seen. */
  private readonly full: Uint8Array;
  /** marks[i] === 1 when item i is a candidate for the last text passed to `mark`. */
  readonly marks: Uint8Array;

  /** anchors[i]: lowercase anchor words of item i (all must occur), or null if item i must always be tested. */
  constructor(anchors: ReadonlyArray<readonly string[] | null>) {
    this.marks = new Uint8Array(anchors.length);
    this.seen = new Uint8Array(anchors.length);
    this.full = new Uint8Array(anchors.length);
    const always: number[] = [];
    const byKey = new Map<number, number[]>();
    anchors.forEach((words, item) => {
      if (!words?.length) return void always.push(item);
      const keys = [...new Set(words.map((w) => prefixKey(w, Math.min(w.length, MAX_PREFIX))))].slice(0, MAX_WORDS);
      keys.forEach((key, k) => {
        const list = byKey.get(key) ?? [];
        list.push(item, 1 << k);
        byKey.set(key, list);
      });
      this.full[item] = (1 << keys.length) - 1;
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
    const seen = this.seen;
    const full = this.full;
    marks.fill(0);
    seen.fill(0);
    for (const r of this.always) marks[r] = 1;
    const bits = this.bits;
    let h = 0;
    let len = 0; // length of the current word so far; 0 = not in a word
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const f = c < 128 ? FOLD[c]! : -1;
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
      if (list === undefined) continue;
      for (let k = 0; k < list.length; k += 2) {
        const item = list[k]!;
        if ((seen[item] = seen[item]! | list[k + 1]!) === full[item]) marks[item] = 1;
      }
    }
    return marks;
  }
}

/** fold() as a table for ASCII: the gate's inner loop does one load per character. */
const FOLD = Int8Array.from({ length: 128 }, (_, c) => fold(c));

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
