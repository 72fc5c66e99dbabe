import { WordAutomaton } from './word-automaton.js';

/**
 * Word-prefix gate: one pass over the text finds its words (runs of ASCII letters, digits and
 * `_`, case-folded; any other character ends a word) and marks the items (rule alternatives) all
 * of whose anchor words start one of those words, one word of each of whose lists starts one,
 * whose text holds each of their `contains` literals (and one of each `containsAnyOf` list)
 * anywhere, and a kana or CJK character when they need one (GateItem). An anchor word longer than
 * 8 characters counts by its first 8 (a word that starts with them is enough), unless its item is
 * `whole`: then the word must start with all of it (`anthropic_api_key` is not seen in a text
 * whose only such word is `anthropic`).
 *
 * What it costs per character decides the classifier's speed, hence:
 * - Every anchor and literal is a pattern of one automaton over the text's UTF-8 bytes
 *   (word-automaton.ts): `#` then the anchor, `#` standing for any byte that is not a word
 *   character (so the anchor starts a word); a word of 2 characters between two `#` (a whole
 *   word); a literal as it is. The pass is one table look-up per byte, with no branch that
 *   depends on where words start or end; a second table of six states, read in the same loop,
 *   follows runs of digits for `statusNumber`.
 * - Where a pattern ends, the automaton sets its bit in a bitmap, and the bits of the items it
 *   comes first for in a bitmap of candidates. An item comes first for the pattern, or each word
 *   of the list, guessed the rarest in error messages (not a word the caller calls common, nor
 *   one many items need: `api`, `request`, `this`); its other patterns, its other lists and its
 *   need of a CJK character are only checked when it is read as a candidate (`next`), in
 *   increasing order of item, and reading stops at the first candidate the caller accepts. A
 *   CJK character is looked for only when an item asks, and not at all in an ASCII text.
 * No allocation per call.
 */
const MAX_PREFIX = 8;
const MIN_PREFIX = 3;
const MAX_WORDS = 8; // anchor words per item that are checked; extra words are ignored
/** What a common word adds to a pattern's guessed cost (constructor): more than any number of items needing one. */
const COMMON_COST = 1 << 20;
/** What each character a word has fewer than 6 adds to it: `#ses` starts many more words than `#kinesis`. */
const SHORT_COST = 4;

/**
 * One item: what a text needs for it to be marked. `all`: words (lowercase, 3 or more
 * characters) all of which start words of the text; `anyOf`: lists of
 * words, one of each of which starts a word (a word of 2 characters: is a whole word of the
 * text); `cjk`: the text has a character U+3000 to U+9FFF (kana, CJK ideographs).
 */
export interface GateItem {
  all?: readonly string[];
  anyOf?: ReadonlyArray<readonly string[]>;
  cjk?: boolean;
  /** Its words longer than 8 characters must start a word of the text with all their characters, not only their first 8. */
  whole?: boolean;
  /**
   * Literals each of which occurs somewhere in the text, at a word start or not: lowercase a-z, 0-9
   * and `_` (3 or more), and `#` for one byte that is no word character (`api#x#ai` is in
   * `api.x.ai`, not in `api..x.ai`; before the text and after it, a `#` reads as it does in an anchor).
   */
  contains?: readonly string[];
  /** Lists of such literals, one of each of which occurs somewhere in the text. */
  containsAnyOf?: ReadonlyArray<readonly string[]>;
}

export class WordGate {
  private readonly automaton: WordAutomaton;
  /** Item i's other patterns: others[otherStart[i] .. otherStart[i + 1]). */
  private readonly otherStart: Int32Array;
  private readonly others: Int32Array;
  /** Item i's lists (beyond the one whose words come first for it): lists listStart[i] .. listStart[i + 1] - 1, list l being listed[listEnd[l - 1] .. listEnd[l]) (listEnd[-1] = 0). */
  private readonly listStart: Int32Array;
  private readonly listEnd: Int32Array;
  private readonly listed: Int32Array;
  /** 1 for the items that need a character U+3000 to U+9FFF. */
  private readonly needsCjk: Uint8Array;
  /**
   * The bitmaps the automaton sets, in one array: `seen`, the patterns seen in the current text,
   * then `candidates`, the items whose first pattern was seen (and the items without anchors,
   * always candidates), then a spare word; `blank` is what they are before a text is read.
   */
  private readonly marks: Int32Array;
  private readonly blank: Int32Array;
  private readonly seen: Int32Array;
  private readonly candidates: Int32Array;
  /** Whether the current text has a character U+3000 to U+9FFF: 1 or 0, or -1 until an item asks. */
  private cjk = -1;
  /**
   * Whether the last text passed to `mark` has three digits that end a word and follow no digit
   * (what `(?<!\d)\d{3}\b` finds): where it has none, no HTTP status is written in it.
   */
  statusNumber = false;

  /**
   * anchors[i] for item i: its lowercase anchor words, all of which must
   * start words of the text (`{ all }`); or `{ any }`: words one of which must start a word, where
   * a word of 2 characters must be a whole word of the text (`{ anyOf: [any] }`); or a GateItem;
   * or null: item i is always a candidate. `isCommon(word)`: whether a word (a pattern without its
   * `#`) is in most error messages, so that an item is not made a candidate by it where it has a
   * rarer pattern; it changes what is checked first, never what is marked.
   */
  constructor(
    anchors: ReadonlyArray<readonly string[] | { readonly any: readonly string[] } | GateItem | null>,
    isCommon: (word: string) => boolean = () => false,
  ) {
    // Patterns, numbered in order of appearance: `#` and an anchor (cut to 8 characters unless its
    // item is whole), `#no#` for a word of two characters, a `contains` literal as it is.
    const patternIds = new Map<string, number>();
    const idOf = (word: string, min: number, pattern: string): number => {
      if (word.length < min || !/^[a-z0-9_]+$/.test(word)) throw new Error(`anchor word ${JSON.stringify(word)}: needs ${min} or more of a-z, 0-9 and _`);
      if (!patternIds.has(pattern)) patternIds.set(pattern, patternIds.size);
      return patternIds.get(pattern)!;
    };
    const anchorId = (p: string, min: number): number => idOf(p, min, p.length === 2 ? `#${p}#` : `#${p}`);
    // a literal may hold `#`, a byte that is no word character, between or around its word characters
    const literalId = (l: string): number => idOf(l.replaceAll('#', ''), MIN_PREFIX, l);
    const items = anchors.map((a): GateItem => (a === null ? {} : isWordList(a) ? { all: a } : 'any' in a ? { anyOf: a.any.length ? [a.any] : [] } : a));
    // per item: its patterns, the first one most selective, and its lists of patterns
    const itemPatterns = items.map((item) => {
      const cut = (w: string): string => (item.whole ? w : w.slice(0, MAX_PREFIX));
      return {
        all: [
          ...[...new Set((item.all ?? []).map(cut))].slice(0, MAX_WORDS).map((p) => anchorId(p, MIN_PREFIX)),
          ...[...new Set(item.contains ?? [])].map(literalId),
        ],
        lists: [
          ...(item.anyOf ?? []).map((list) => {
            if (!list.length) throw new Error('a list of words needs a word');
            return [...new Set(list.map(cut))].map((p) => anchorId(p, 2));
          }),
          ...(item.containsAnyOf ?? []).map((list) => {
            if (!list.length) throw new Error('a list of literals needs a literal');
            return [...new Set(list)].map(literalId);
          }),
        ],
      };
    });
    const itemWords = (anchors.length + 31) >>> 5;
    const seenWords = (patternIds.size + 31) >>> 5;
    this.marks = new Int32Array(seenWords + itemWords + 1);
    this.seen = this.marks.subarray(0, seenWords);
    this.candidates = this.marks.subarray(seenWords, seenWords + itemWords);
    this.blank = new Int32Array(this.marks.length);
    const firsts = [...patternIds.keys()].map(() => new Map<number, number>()); // per pattern: word of `marks` -> bits
    const addFirst = (pattern: number, item: number): void => {
      const words = firsts[pattern]!;
      words.set(seenWords + (item >>> 5), (words.get(seenWords + (item >>> 5)) ?? 0) | (1 << (item & 31)));
    };
    // What a pattern is guessed to cost as an item's trigger, the pattern that makes it a
    // candidate: a word the caller calls common (`isCommon`: `error`, `request`, `this`) is in most
    // error messages; less surely, so is a word many items need, or a short one (more words start
    // with it); a list costs the sum of its words, as any of them triggers it. Each item is
    // triggered by its cheapest pattern or list (the walk over candidates, `next`, then meets fewer
    // that fail), and its other patterns and lists are checked cheapest, so rarest, first.
    const uses = new Int32Array(patternIds.size);
    for (const x of itemPatterns) for (const p of x.all) uses[p]!++;
    const words = [...patternIds.keys()].map((pattern) => pattern.replaceAll('#', ''));
    const cost = (p: number): number => (isCommon(words[p]!) ? COMMON_COST : 0) + uses[p]! + SHORT_COST * Math.max(0, 6 - words[p]!.length);
    const listCost = (list: readonly number[]): number => list.reduce((sum, p) => sum + cost(p), 0);
    for (const x of itemPatterns) x.all.sort((a, b) => cost(a) - cost(b));
    // The list that triggers each item (-1: its first pattern does; lists.length: neither, as it has none).
    const trigger = itemPatterns.map((x) => {
      let best = x.all.length ? -1 : x.lists.length;
      let bestCost = x.all.length ? cost(x.all[0]!) : Infinity;
      x.lists.forEach((list, l) => {
        const c = listCost(list);
        if (c < bestCost) [best, bestCost] = [l, c];
      });
      return best;
    });
    // An item comes first for its trigger; with none, it is always a candidate. What else it needs
    // is checked when it is read.
    itemPatterns.forEach((x, item) => {
      const t = trigger[item]!;
      if (t === -1) addFirst(x.all[0]!, item);
      else if (t < x.lists.length) x.lists[t]!.forEach((pattern) => addFirst(pattern, item));
      else this.blank[seenWords + (item >>> 5)]! |= 1 << (item & 31);
    });
    // Where pattern p ends, it is seen, and the items it comes first for are candidates.
    const marksOf = (p: number): Array<[number, number]> => [[p >>> 5, 1 << (p & 31)], ...firsts[p]!];
    this.automaton = new WordAutomaton([...patternIds.keys()], marksOf, this.marks, this.blank);
    const others = itemPatterns.map((x, item) => (trigger[item] === -1 ? x.all.slice(1) : x.all));
    const lists = itemPatterns.map((x, item) => x.lists.filter((_, l) => l !== trigger[item]).sort((a, b) => listCost(a) - listCost(b)));
    this.listStart = Int32Array.from([0, ...cumulative(lists.map((l) => l.length))]);
    this.listEnd = Int32Array.from(cumulative(lists.flat().map((l) => l.length)));
    this.listed = Int32Array.from(lists.flat(2));
    this.needsCjk = Uint8Array.from(items, (item) => (item.cjk ? 1 : 0));
    this.otherStart = Int32Array.from([0, ...cumulative(others.map((l) => l.length))]);
    this.others = Int32Array.from(others.flat());
  }

  /** Reads `text`; `next` and `isMarked` then answer for it. */
  mark(text: string): void {
    this.cjk = -1;
    this.statusNumber = this.automaton.read(text);
  }

  /** Whether the current text has a character U+3000 to U+9FFF (looked for once an item asks). */
  private hasCjk(): boolean {
    if (this.cjk < 0) this.cjk = this.automaton.hasCjk() ? 1 : 0;
    return this.cjk === 1;
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
    return this.needsCjk[item] === 0 || this.hasCjk();
  }
}

function cumulative(xs: readonly number[]): number[] {
  let sum = 0;
  return xs.map((x) => (sum += x));
}

function isWordList(a: readonly string[] | { readonly any: readonly string[] } | GateItem): a is readonly string[] {
  return Array.isArray(a);
}
