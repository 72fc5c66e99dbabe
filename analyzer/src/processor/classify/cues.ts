/**
 * Cues (catalog `match.cues`): general evidence for a cause, written from a catalog entry's own
 * vocabulary rather than from single messages. A cue is a few families of terms, e.g. a subject
 * {api key, x-api-key, apiKey, …} and a predicate {invalid, expired, not set, …}; it fires when a
 * term of every family occurs, their first words within `window` words of each other, and no term
 * of `none` occurs. The classifier reads cues only after the message patterns, the error code and
 * the error type named nothing, and before platform + status and the status alone (index.ts).
 *
 * Words, not patterns: the text is split into words (runs of ASCII letters, digits and `_`,
 * lowercased; any other character ends a word, as in the word gate), and a term is a run of
 * consecutive words, each equal to the term's word or, for a word written with a trailing `*`,
 * starting with it. No regex: the cost is linear in the text, one pass to find the words, then two
 * map look-ups per word and a check of the few terms filed under it (CueMatcher). The word gate
 * (word-gate.ts) picks which cues to check at all, in the same pass that serves the rules: for
 * each family, one word of one of its terms must start a word of the text; a text for which it
 * picks none is not split.
 */
import type { CatalogEntry, Cue } from '@claude-errors/schemas';
import type { GateItem } from './word-gate.js';

/** One word of a term: the text's word must equal it, or with `prefix` start with it. */
interface TermWord {
  word: string;
  prefix: boolean;
}
/** Its words; `free`: its first word must not be joined to the word before by one `.`, `/` or `-` (a leading `^`). */
interface Term {
  words: readonly TermWord[];
  free: boolean;
}

export interface CompiledCue {
  entry: CatalogEntry;
  priority: number;
  name: string;
  /** The families: one term of each must occur. */
  families: ReadonlyArray<readonly Term[]>;
  none: readonly Term[];
  window: number;
  /** undefined = any status; otherwise the set, where `null` means "no HTTP status known". */
  statuses: ReadonlySet<number | null> | undefined;
  /** undefined = any platform; otherwise the platforms the error must have come with. */
  platforms: ReadonlySet<string> | undefined;
  /** What the word gate checks before the cue is tried: per family, one word per term, compared whole. */
  gate: GateItem;
}

export const DEFAULT_CUE_WINDOW = 6;
const TERM_WORD = /^(?:[a-z0-9_]+|[a-z0-9_]{3,}\*)$/;

/** Parses one term of the catalog (`api key`, `disconnect*`, `^anthropic`). Throws on what the schema forbids. */
export function parseTerm(text: string): Term {
  const free = text.startsWith('^');
  const words = (free ? text.slice(1) : text).split(' ');
  if (words.length > 5 || words.some((w) => !TERM_WORD.test(w))) throw new Error(`cue term ${JSON.stringify(text)}: 1 to 5 words of a-z, 0-9 and _, a trailing * after 3 or more`);
  const term = { words: words.map((w) => (w.endsWith('*') ? { word: w.slice(0, -1), prefix: true } : { word: w, prefix: false })), free };
  if (!gateWordOf(term)) throw new Error(`cue term ${JSON.stringify(text)}: needs a word of 2 or more characters`);
  return term;
}

/** Words so frequent in error text that the gate learns little from them: a term's other words go first. */
const FREQUENT = new Set(
  'a an and api be by can cannot could error errors failed find for found from in is it message model no not of on or please request response server the this to unable user was with'.split(' '),
);

/** Whether a word is one of FREQUENT: in most error messages. */
export function isFrequentWord(word: string): boolean {
  return FREQUENT.has(word);
}

/**
 * The word of a term the gate looks for: its longest word not in FREQUENT, else its longest word
 * (a word of 2 characters must then be a whole word of the text, which a whole word equal to it
 * is; a longer one must start a word, which a word equal to it or starting with it does).
 */
function gateWordOf(term: Term): string | undefined {
  let best: TermWord | undefined;
  const rank = (w: TermWord): number => (FREQUENT.has(w.word) ? 0 : 100) + w.word.length;
  for (const w of term.words) if (w.word.length >= 2 && (!best || rank(w) > rank(best))) best = w;
  return best?.word;
}

/** Every entry's cues, highest priority first (file order among equals). Throws on a repeated name. */
export function compileCues(entries: readonly CatalogEntry[]): CompiledCue[] {
  const cues: CompiledCue[] = [];
  const names = new Set<string>();
  for (const entry of entries) {
    for (const cue of entry.match?.cues ?? []) {
      if (names.has(cue.name)) throw new Error(`cue ${cue.name}: name used twice`);
      names.add(cue.name);
      cues.push(compileCue(entry, cue));
    }
  }
  return cues.sort((a, b) => b.priority - a.priority);
}

function compileCue(entry: CatalogEntry, cue: Cue): CompiledCue {
  const families = cue.all.map((family) => family.map(parseTerm));
  return {
    entry,
    priority: entry.match?.priority ?? 0,
    name: cue.name,
    families,
    none: (cue.none ?? []).map(parseTerm),
    window: cue.window ?? DEFAULT_CUE_WINDOW,
    statuses: cue.statuses ? new Set(cue.statuses) : undefined,
    platforms: cue.platforms ? new Set<string>(cue.platforms) : undefined,
    // whole: a text word has all of a term's word, so `anthropic_api_key` needs more than `anthropic`
    gate: { anyOf: families.map((terms) => [...new Set(terms.map((t) => gateWordOf(t)!))]), whole: true },
  };
}

const isWordCode = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
const isJoiner = (c: number): boolean => c === 46 || c === 47 || c === 45;
const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);
/** A hash of a lowercase word, as WordSpans computes it for the text's words. */
const hashOf = (w: string): number => {
  let h = 0;
  for (let j = 0; j < w.length; j++) h = (Math.imul(h, 31) + w.charCodeAt(j)) | 0;
  return h;
};
/** Slots of the two tables of terms: a power of two, well above the number of distinct first words. */
const SLOTS = 4096;
/** Slot of a word's first three characters (lowercase ASCII), for the terms whose first word is a prefix. */
const slot3 = (a: number, b: number, c: number): number => (Math.imul(Math.imul(a, 31) + b, 31) + c) & (SLOTS - 1);
const NO_TERMS: readonly TermRef[] = [];

/**
 * The words of a text (runs of ASCII letters, digits and `_`): where each starts and ends, a hash
 * of it lowercased, and whether it follows the word before across exactly one `.`, `/` or `-`
 * (`models.anthropic`). Arrays kept from text to text: no allocation per word.
 */
class WordSpans {
  start = new Int32Array(128);
  end = new Int32Array(128);
  hash = new Int32Array(128);
  joined = new Uint8Array(128);
  count = 0;

  scan(text: string): void {
    let n = 0;
    const len = text.length;
    for (let i = 0; i < len; ) {
      let c = text.charCodeAt(i);
      if (!isWordCode(c)) {
        i++;
        continue;
      }
      const from = i;
      let h = 0;
      for (; i < len && isWordCode((c = text.charCodeAt(i))); i++) h = (Math.imul(h, 31) + lower(c)) | 0;
      if (n === this.start.length) this.grow();
      this.start[n] = from;
      this.end[n] = i;
      this.hash[n] = h;
      this.joined[n] = from >= 2 && isJoiner(text.charCodeAt(from - 1)) && isWordCode(text.charCodeAt(from - 2)) ? 1 : 0;
      n++;
    }
    this.count = n;
  }

  private grow(): void {
    const size = this.start.length * 2;
    const more = <T extends Int32Array | Uint8Array>(a: T, b: T): T => (b.set(a), b);
    this.start = more(this.start, new Int32Array(size));
    this.end = more(this.end, new Int32Array(size));
    this.hash = more(this.hash, new Int32Array(size));
    this.joined = more(this.joined, new Uint8Array(size));
  }
}

/** The words of `text` as the matcher reads them, lowercased, and where each is joined to the one before (1). */
export function cueWords(text: string): { words: string[]; joined: number[] } {
  const spans = new WordSpans();
  spans.scan(text);
  const words: string[] = [];
  const joined: number[] = [];
  for (let i = 0; i < spans.count; i++) {
    words.push(text.slice(spans.start[i], spans.end[i]).toLowerCase());
    joined.push(spans.joined[i]!);
  }
  return { words, joined };
}

/** A term of a cue, filed under its first word: `family` -1 is a term of the cue's `none`; `hashes`: of each word (exact words are compared by it first). */
interface TermRef {
  cue: number;
  family: number;
  term: Term;
  hashes: readonly number[];
  /** Where the matcher keeps the last position of this term's family (`lastAt`), or -1 for `none`. */
  slot: number;
}

/** Whether `ref`'s term occurs at word `at` of `text` (whose words `w` holds). */
function termAt(ref: TermRef, text: string, w: WordSpans, at: number): boolean {
  const tw = ref.term.words;
  if (at + tw.length > w.count || (ref.term.free && w.joined[at] === 1)) return false;
  for (let k = 0; k < tw.length; k++) {
    const t = tw[k]!;
    const from = w.start[at + k]!;
    const size = w.end[at + k]! - from;
    const word = t.word;
    if (t.prefix ? size < word.length : size !== word.length || w.hash[at + k] !== ref.hashes[k]) return false;
    for (let j = 0; j < word.length; j++) if (lower(text.charCodeAt(from + j)) !== word.charCodeAt(j)) return false;
  }
  return true;
}

const NOT_SEEN = -(2 ** 30);
/** Per cue, during a match: not to be checked, checked, fired (all families within the window), silenced (a `none` term). */
const SKIP = 0;
const CHECK = 1;
const FIRED = 2;
const SILENCED = 3;

/**
 * Checks cues on a text in one pass over its words: every term is filed under its first word (a
 * table of whole words by their hash, and one by the first three characters of the words written
 * with `*`), so a word costs two look-ups whatever the number of cues and terms, and a term found
 * there is compared with the text character by character. Per cue, the position where each
 * family last had a term: the cue fires at a term when every family's last position is within
 * `window` words of it (the latest of a set of positions within the window sees all of them).
 */
export class CueMatcher {
  /** Terms by the hash of their first word (its low bits), and by the first three characters of a first word written with `*`: a slot may hold terms of other words too, which `termAt` tells apart. */
  private readonly exact: Array<readonly TermRef[]> = new Array<readonly TermRef[]>(SLOTS).fill(NO_TERMS);
  private readonly byPrefix: Array<readonly TermRef[]> = new Array<readonly TermRef[]>(SLOTS).fill(NO_TERMS);
  /** Per cue and family, the word where a term of it last started: cue c's families from `firstSlot[c]`. */
  private readonly lastAt: Int32Array;
  private readonly firstSlot: Int32Array;
  private readonly families: Int32Array;
  private readonly window: Int32Array;
  private readonly words = new WordSpans();
  /** Per cue: SKIP, CHECK, FIRED or SILENCED; set to SKIP or CHECK by the caller before `match`. */
  readonly state: Uint8Array;

  constructor(readonly cues: readonly CompiledCue[]) {
    this.families = Int32Array.from(cues, (cue) => cue.families.length);
    this.firstSlot = new Int32Array(cues.length);
    for (let c = 1; c < cues.length; c++) this.firstSlot[c] = this.firstSlot[c - 1]! + this.families[c - 1]!;
    this.lastAt = new Int32Array(cues.reduce((n, cue) => n + cue.families.length, 0));
    this.window = Int32Array.from(cues, (cue) => cue.window);
    const file = (cue: number, family: number, term: Term): void => {
      const ref = { cue, family, term, hashes: term.words.map((w) => hashOf(w.word)), slot: family < 0 ? -1 : this.firstSlot[cue]! + family };
      const first = term.words[0]!;
      const table = first.prefix ? this.byPrefix : this.exact;
      const at = first.prefix ? slot3(first.word.charCodeAt(0), first.word.charCodeAt(1), first.word.charCodeAt(2)) : ref.hashes[0]! & (SLOTS - 1);
      table[at] = [...table[at]!, ref];
    };
    cues.forEach((cue, c) => {
      cue.families.forEach((terms, family) => terms.forEach((term) => file(c, family, term)));
      cue.none.forEach((term) => file(c, -1, term));
    });
    this.state = new Uint8Array(cues.length);
  }

  /** The index of the highest-priority cue marked CHECK that fires on `text`, or -1. */
  match(text: string): number {
    const state = this.state;
    this.lastAt.fill(NOT_SEEN);
    const w = this.words;
    w.scan(text);
    const exact = this.exact;
    const byPrefix = this.byPrefix;
    for (let i = 0; i < w.count; i++) {
      const whole = exact[w.hash[i]! & (SLOTS - 1)]!;
      if (whole.length !== 0) this.see(whole, text, i);
      const from = w.start[i]!;
      if (w.end[i]! - from >= 3) {
        const prefixed = byPrefix[slot3(lower(text.charCodeAt(from)), lower(text.charCodeAt(from + 1)), lower(text.charCodeAt(from + 2)))]!;
        if (prefixed.length !== 0) this.see(prefixed, text, i);
      }
    }
    for (let c = 0; c < state.length; c++) if (state[c] === FIRED) return c;
    return -1;
  }

  /** Notes the terms of `refs` that occur at word i. */
  private see(refs: readonly TermRef[], text: string, i: number): void {
    const state = this.state;
    for (const ref of refs) {
      const c = ref.cue;
      if ((state[c] !== CHECK && state[c] !== FIRED) || !termAt(ref, text, this.words, i)) continue;
      if (ref.slot < 0) {
        state[c] = SILENCED;
        continue;
      }
      const last = this.lastAt;
      last[ref.slot] = i;
      if (state[c] === FIRED) continue;
      const from = i - this.window[c]!;
      const first = this.firstSlot[c]!;
      const end = first + this.families[c]!;
      let f = first;
      while (f < end && last[f]! >= from) f++;
      if (f === end) state[c] = FIRED;
    }
  }
}

export const CUE_SKIP = SKIP;
export const CUE_CHECK = CHECK;
