import { Buffer } from 'node:buffer';

/**
 * Word-prefix gate: one pass over the text finds its words (runs of ASCII letters, digits and
 * `_`, case-folded; any other character ends a word) and marks the items (rule alternatives) all
 * of whose anchor words start one of those words, one word of each of whose lists starts one, and
 * whose text has a kana or CJK character when they need one (GateItem). An anchor word longer
 * than 8 characters counts by its first 8 (a word that starts with them is enough), unless its
 * item is `whole`: then the word must start with all of it (`anthropic_api_key` is not seen in a
 * text whose only such word is `anthropic`).
 *
 * What it costs per character and per word decides the classifier's speed, hence:
 * - The pass reads bytes, not `charCodeAt`: the text is first written as UTF-8 into a buffer kept
 *   for the purpose (`Buffer.write`, native; TextEncoder.encodeInto costs more, and allocates). Every byte of a non-ASCII character is 0x80
 *   or above and so ends a word, as the character itself does: the words are the same.
 * - At a word of 3 or more characters, two small tables indexed by its first two characters, then
 *   the third, say whether some anchor starts with those three (no hashing); only then are the
 *   anchors of that group compared with the word's next five characters, packed in one integer
 *   (and, for the few whole anchors longer than 8, with the rest of the word).
 * - A matching anchor is noted in a bitmap, and the first time, the items whose most selective
 *   anchor it is (the first listed) are added to a bitmap of candidates: a common anchor word
 *   (`not`, `the`) that is only some item's second or third costs one note. An item's other anchors
 *   are only checked when it is read as a candidate (`next`), in increasing order of item, and
 *   reading stops at the first candidate the caller accepts. So are its lists and its need of a
 *   CJK character (an item with no anchor comes first for each word of its first list).
 * - Bytes that are not word bytes are looked up in one more table, which says whether the text
 *   has the first byte of a character U+3000 to U+9FFF.
 * No allocation per call.
 */
const MAX_PREFIX = 8;
const MIN_PREFIX = 3;
const MAX_WORDS = 8; // anchor words per item that are checked; extra words are ignored
const SYMBOLS = 37; // what FOLD maps a word character to: 0..36
const SPACE = 0x20;
/** Per byte that is not a word byte: 1 for the first byte of a character U+3000 to U+9FFF (E3 to E9). */
const CJK_LEAD = Uint8Array.from({ length: 256 }, (_, b) => (b >= 0xe3 && b <= 0xe9 ? 1 : 0));

/**
 * One item: what a text needs for it to be marked. `all`: words (lowercase, 3 or more
 * characters) all of which start words of the text, most selective first; `anyOf`: lists of
 * words, one of each of which starts a word (a word of 2 characters: is a whole word of the
 * text); `cjk`: the text has a character U+3000 to U+9FFF (kana, CJK ideographs).
 */
export interface GateItem {
  all?: readonly string[];
  anyOf?: ReadonlyArray<readonly string[]>;
  cjk?: boolean;
  /** Its words longer than 8 characters must start a word of the text with all their characters, not only their first 8. */
  whole?: boolean;
}


export class WordGate {
  /**
   * First two characters -> 1 + their row, or 0 when no anchor starts with them; then row and
   * third character -> 1 + the group of the anchors that start with those three, or 0. Two small
   * tables (a few KiB) rather than one of 37^3 entries.
   */
  private readonly rowOf = new Uint16Array(SYMBOLS * SYMBOLS);
  private readonly groupOf: Uint16Array;
  /** A whole word of two characters (first * 37 + second) -> 1 + its prefix id, or 0. */
  private readonly wholeTwo = new Uint16Array(SYMBOLS * SYMBOLS);
  /** Group g's anchors (prefixes, at most 8 characters) are groupStart[g] .. groupStart[g + 1] - 1. */
  private readonly groupStart: Int32Array;
  /** Prefix p: its length, and its characters from the fourth to the eighth packed as by tailOf(), with the mask of those it has. */
  private readonly prefixLen: Int32Array;
  private readonly prefixTail: Int32Array;
  private readonly prefixMask: Int32Array;
  /** A whole anchor longer than 8 (prefixLen > 8): its characters folded as by FOLD, from longFrom[p] (the rest of the word is compared with them). */
  private readonly longFrom: Int32Array;
  private readonly longChars: Int8Array;
  /**
   * The items whose first (most selective) prefix is p, as the non-zero words of an item bitmap:
   * firstWord[k] and firstBits[k] for k in firstStart[p] .. firstStart[p + 1] - 1.
   */
  private readonly firstStart: Int32Array;
  private readonly firstWord: Int32Array;
  private readonly firstBits: Int32Array;
  /** Item i's other prefixes: others[otherStart[i] .. otherStart[i + 1]). */
  private readonly otherStart: Int32Array;
  private readonly others: Int32Array;
  /** Item i's lists (beyond the one whose words come first for it): lists listStart[i] .. listStart[i + 1] - 1, list l being listed[listEnd[l - 1] .. listEnd[l]) (listEnd[-1] = 0). */
  private readonly listStart: Int32Array;
  private readonly listEnd: Int32Array;
  private readonly listed: Int32Array;
  /** 1 for the items that need a character U+3000 to U+9FFF. */
  private readonly needsCjk: Uint8Array;
  /** Bitmap of the items without anchors: always candidates. */
  private readonly alwaysBits: Int32Array;
  /** Bitmap of the prefixes seen in the current text. */
  private readonly seen: Int32Array;
  /** Bitmap of the items whose first prefix was seen in the current text (and of the always items). */
  private readonly candidates: Int32Array;
  /** The UTF-8 bytes of the current text. */
  private bytes = Buffer.alloc(4096);
  /** Whether the last text passed to `mark` contains a character U+3000 to U+9FFF. */
  cjk = false;
  /**
   * Whether the last text passed to `mark` has three digits that end a word and follow no digit
   * (what `(?<!\d)\d{3}\b` finds): where it has none, no HTTP status is written in it.
   */
  statusNumber = false;

  /**
   * anchors[i] for item i: its lowercase anchor words, most selective first, all of which must
   * start words of the text (`{ all }`); or `{ any }`: words one of which must start a word, where
   * a word of 2 characters must be a whole word of the text (`{ anyOf: [any] }`); or a GateItem;
   * or null: item i is always a candidate.
   */
  constructor(anchors: ReadonlyArray<readonly string[] | { readonly any: readonly string[] } | GateItem | null>) {
    const prefixIds = new Map<string, number>();
    const idOf = (p: string, min: number): number => {
      if (p.length < min || !/^[a-z0-9_]+$/.test(p)) throw new Error(`anchor word ${JSON.stringify(p)}: needs ${min} or more of a-z, 0-9 and _`);
      if (!prefixIds.has(p)) prefixIds.set(p, prefixIds.size);
      return prefixIds.get(p)!;
    };
    const items = anchors.map((a): GateItem => (a === null ? {} : isWordList(a) ? { all: a } : 'any' in a ? { anyOf: a.any.length ? [a.any] : [] } : a));
    // per item: its prefixes, the first one most selective, and its lists of prefixes
    const itemPrefixes = items.map((item) => {
      const cut = (w: string): string => (item.whole ? w : w.slice(0, MAX_PREFIX));
      return {
        all: [...new Set((item.all ?? []).map(cut))].slice(0, MAX_WORDS).map((p) => idOf(p, MIN_PREFIX)),
        lists: (item.anyOf ?? []).map((list) => {
          if (!list.length) throw new Error('a list of words needs a word');
          return [...new Set(list.map(cut))].map((p) => idOf(p, 2));
        }),
      };
    });
    // Prefixes grouped by their first three characters, numbered in group order; then the whole
    // words of 2 characters.
    const groups = new Map<number, string[]>();
    let rows = 0;
    for (const p of prefixIds.keys()) {
      if (p.length === 2) continue;
      const two = FOLD[p.charCodeAt(0)]! * SYMBOLS + FOLD[p.charCodeAt(1)]!;
      if (this.rowOf[two] === 0) this.rowOf[two] = ++rows;
      const k = (this.rowOf[two]! - 1) * SYMBOLS + FOLD[p.charCodeAt(2)]!;
      groups.set(k, [...(groups.get(k) ?? []), p]);
    }
    this.groupOf = new Uint16Array(rows * SYMBOLS);
    const order = [...[...groups.values()].flat(), ...[...prefixIds.keys()].filter((p) => p.length === 2)];
    const renumber = new Map(order.map((p, i) => [prefixIds.get(p)!, i]));
    this.groupStart = new Int32Array(groups.size + 1);
    this.prefixLen = new Int32Array(order.length);
    this.prefixTail = new Int32Array(order.length);
    this.prefixMask = new Int32Array(order.length);
    this.longFrom = new Int32Array(order.length);
    const longChars: number[] = [];
    let g = 0;
    let p = 0;
    for (const [k, list] of groups) {
      this.groupOf[k] = ++g;
      for (const prefix of list) {
        this.prefixLen[p] = prefix.length;
        this.prefixMask[p] = TAIL_MASK[Math.min(prefix.length, MAX_PREFIX)]!;
        this.longFrom[p] = longChars.length;
        if (prefix.length > MAX_PREFIX) for (const ch of prefix) longChars.push(FOLD[ch.charCodeAt(0)]!);
        this.prefixTail[p++] = tailOf(Uint8Array.from(prefix, (ch) => ch.charCodeAt(0)), 0, prefix.length);
      }
      this.groupStart[g] = p;
    }
    this.longChars = Int8Array.from(longChars);
    for (; p < order.length; p++) this.wholeTwo[FOLD[order[p]!.charCodeAt(0)]! * SYMBOLS + FOLD[order[p]!.charCodeAt(1)]!] = p + 1;
    const renumbered = itemPrefixes.map((x) => ({ all: x.all.map((id) => renumber.get(id)!), lists: x.lists.map((l) => l.map((id) => renumber.get(id)!)) }));
    const itemWords = (anchors.length + 31) >>> 5;
    this.alwaysBits = new Int32Array(itemWords);
    const firsts = order.map(() => new Map<number, number>()); // per prefix: bitmap word -> bits
    const addFirst = (prefix: number, item: number): void => {
      const words = firsts[prefix]!;
      words.set(item >>> 5, (words.get(item >>> 5) ?? 0) | (1 << (item & 31)));
    };
    // An item comes first for its first prefix; without prefixes, for each word of its first list;
    // without either, it is always a candidate. What else it needs is checked when it is read.
    renumbered.forEach((x, item) => {
      if (x.all.length) addFirst(x.all[0]!, item);
      else if (x.lists.length) x.lists[0]!.forEach((prefix) => addFirst(prefix, item));
      else this.alwaysBits[item >>> 5]! |= 1 << (item & 31);
    });
    const others = renumbered.map((x) => x.all.slice(1));
    const lists = renumbered.map((x) => (x.all.length ? x.lists : x.lists.slice(1)));
    this.listStart = Int32Array.from([0, ...cumulative(lists.map((l) => l.length))]);
    this.listEnd = Int32Array.from(cumulative(lists.flat().map((l) => l.length)));
    this.listed = Int32Array.from(lists.flat(2));
    this.needsCjk = Uint8Array.from(items, (item) => (item.cjk ? 1 : 0));
    this.firstStart = Int32Array.from([0, ...cumulative(firsts.map((m) => m.size))]);
    this.firstWord = Int32Array.from(firsts.flatMap((m) => [...m.keys()]));
    this.firstBits = Int32Array.from(firsts.flatMap((m) => [...m.values()]));
    this.otherStart = Int32Array.from([0, ...cumulative(others.map((l) => l.length))]);
    this.others = Int32Array.from(others.flat());
    this.seen = new Int32Array((order.length + 31) >>> 5);
    this.candidates = new Int32Array(itemWords);
  }

  /** Reads `text`; `next` and `isMarked` then answer for it. */
  mark(text: string): void {
    // UTF-8: at most 3 bytes per UTF-16 unit; then two spaces, so that reading a word stops at its end
    if (text.length * 3 + 2 > this.bytes.length) this.bytes = Buffer.alloc(text.length * 3 + 2);
    const bytes = this.bytes;
    const n = bytes.write(text);
    bytes[n] = SPACE;
    bytes[n + 1] = SPACE;
    this.seen.fill(0);
    this.candidates.set(this.alwaysBits);
    const rowOf = this.rowOf;
    const groupOf = this.groupOf;
    const wholeTwo = this.wholeTwo;
    let cjk = 0;
    let statusNumber = false;
    let i = 0;
    while (i < n) {
      const c = FOLD[bytes[i]!]!;
      if (c < 0) {
        cjk |= CJK_LEAD[bytes[i]!]!;
        i++;
        continue;
      }
      // a word: its first three characters are read once, for the tables
      const start = i;
      const c1 = FOLD[bytes[i + 1]!]!;
      if (c1 < 0) {
        i++;
        continue;
      }
      const c2 = FOLD[bytes[i + 2]!]!;
      if (c2 < 0) {
        const p = wholeTwo[c * SYMBOLS + c1]!;
        if (p !== 0) this.see(p - 1);
        i += 2;
        continue;
      }
      for (i += 3; FOLD[bytes[i]!]! >= 0; i++);
      if (FOLD[bytes[i - 1]!]! < 10 && FOLD[bytes[i - 2]!]! < 10 && FOLD[bytes[i - 3]!]! < 10 && (i - start === 3 || FOLD[bytes[i - 4]!]! >= 10)) statusNumber = true;
      const row = rowOf[c * SYMBOLS + c1]!;
      if (row === 0) continue;
      const g = groupOf[(row - 1) * SYMBOLS + c2]!;
      if (g !== 0) this.word(g - 1, start, i - start);
    }
    this.cjk = cjk !== 0;
    this.statusNumber = statusNumber;
  }

  /** The word at bytes[start, start + len) starts with the three characters of group g: note which of its prefixes it starts with. */
  private word(g: number, start: number, len: number): void {
    const prefixLen = this.prefixLen;
    const prefixTail = this.prefixTail;
    const prefixMask = this.prefixMask;
    const seen = this.seen;
    const tail = tailOf(this.bytes, start, len);
    for (let p = this.groupStart[g]!, end = this.groupStart[g + 1]!; p < end; p++) {
      const plen = prefixLen[p]!;
      const bit = 1 << (p & 31);
      if (plen > len || (tail & prefixMask[p]!) !== prefixTail[p] || (seen[p >>> 5]! & bit) !== 0) continue;
      if (plen > MAX_PREFIX && !this.restIs(p, start, plen)) continue;
      this.see(p);
    }
  }

  /** Whether characters 9 to plen of the word at `start` are those of the whole anchor p (its first 8 agree already). */
  private restIs(p: number, start: number, plen: number): boolean {
    const bytes = this.bytes;
    const chars = this.longChars;
    const from = this.longFrom[p]!;
    for (let k = MAX_PREFIX; k < plen; k++) if (FOLD[bytes[start + k]!] !== chars[from + k]) return false;
    return true;
  }

  /** Prefix p occurs: note it, and make the items it comes first for candidates. */
  private see(p: number): void {
    this.seen[p >>> 5]! |= 1 << (p & 31);
    for (let k = this.firstStart[p]!, end = this.firstStart[p + 1]!; k < end; k++) this.candidates[this.firstWord[k]!]! |= this.firstBits[k]!;
  }

  /** The first item at or after `from` all of whose anchors occur in the text last read, or -1. */
  next(from: number): number {
    const candidates = this.candidates;
    for (let w = from >>> 5; w < candidates.length; w++) {
      let x = candidates[w]!;
      if (w === from >>> 5) x &= -1 << (from & 31);
      while (x !== 0) {
        const low = x & -x;
        x ^= low;
        const item = (w << 5) | (31 - Math.clz32(low));
        if (this.othersSeen(item)) return item;
      }
    }
    return -1;
  }

  /** Whether some item in [from, end), each with a single anchor, is marked: their candidate bits, a word at a time. */
  anyOf(from: number, end: number): boolean {
    const candidates = this.candidates;
    const last = end - 1;
    for (let w = from >>> 5; w <= last >>> 5; w++) {
      let bits = candidates[w]!;
      if (w === from >>> 5) bits &= -1 << (from & 31);
      if (w === last >>> 5) bits &= -1 >>> (31 - (last & 31));
      if (bits !== 0) return true;
    }
    return false;
  }

  /** Whether the text last read has all that item needs. */
  isMarked(item: number): boolean {
    return (this.candidates[item >>> 5]! & (1 << (item & 31))) !== 0 && this.othersSeen(item);
  }

  /** Whether the text last read has what a candidate item needs besides what made it one. */
  private othersSeen(item: number): boolean {
    const seen = this.seen;
    const others = this.others;
    for (let o = this.otherStart[item]!, end = this.otherStart[item + 1]!; o < end; o++) {
      const p = others[o]!;
      if ((seen[p >>> 5]! & (1 << (p & 31))) === 0) return false;
    }
    const listed = this.listed;
    const listEnd = this.listEnd;
    for (let l = this.listStart[item]!, end = this.listStart[item + 1]!; l < end; l++) {
      let k = l === 0 ? 0 : listEnd[l - 1]!;
      const kEnd = listEnd[l]!;
      for (; k < kEnd; k++) {
        const p = listed[k]!;
        if ((seen[p >>> 5]! & (1 << (p & 31))) !== 0) break;
      }
      if (k === kEnd) return false;
    }
    return this.needsCjk[item] === 0 || this.cjk;
  }
}

function isWordList(a: readonly string[] | { readonly any: readonly string[] } | GateItem): a is readonly string[] {
  return Array.isArray(a);
}

function cumulative(xs: readonly number[]): number[] {
  let sum = 0;
  return xs.map((x) => (sum += x));
}

/**
 * Characters 4 to 8 of the word at bytes[start, start + len), 6 bits each (folded + 1, so 0 is
 * "no character"), the fourth in the lowest bits: a prefix of length L matches the word when the
 * word is at least L long and the low 6 * (L - 3) bits agree (TAIL_MASK[L]).
 */
function tailOf(bytes: Uint8Array, start: number, len: number): number {
  let tail = 0;
  for (let i = MIN_PREFIX, end = len < MAX_PREFIX ? len : MAX_PREFIX; i < end; i++) tail |= (FOLD[bytes[start + i]!]! + 1) << (6 * (i - MIN_PREFIX));
  return tail;
}
const TAIL_MASK = Int32Array.from({ length: MAX_PREFIX + 1 }, (_, len) => (len <= MIN_PREFIX ? 0 : 2 ** (6 * (len - MIN_PREFIX)) - 1));

/** Per byte: digits, letters and `_` folded to 0..36; anything else (bytes of non-ASCII characters included) is -1. */
const FOLD = Int8Array.from({ length: 256 }, (_, c) => {
  if (c >= 97 && c <= 122) return c - 87;
  if (c >= 65 && c <= 90) return c - 55;
  if (c >= 48 && c <= 57) return c - 48;
  return c === 95 ? 36 : -1;
});
