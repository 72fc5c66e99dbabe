/**
 * Cues (catalog `match.cues`): general evidence for a cause, written from a catalog entry's own
 * vocabulary rather than from single messages. A cue is a few families of terms, e.g. a subject
 * {api key, x-api-key, apiKey, …} and a predicate {invalid, expired, not set, …}; it fires when a
 * term of every family occurs, their first words within `window` words of each other, and no term
 * of `none` occurs. The classifier reads cues only after the message patterns, the error code and
 * the error type named nothing, and before platform + status and the status alone (index.ts).
 *
 * Words, not patterns: the text is split into words (runs of ASCII letters, digits and `_`,
 * lowercased; any other character ends a word, as in the word gate) by one character-class regex,
 * and a term is a run of consecutive words, each equal to the term's word or, for a word written
 * with a trailing `*`, starting with it. The cost is linear in the text: the split, then two map
 * look-ups per word and a check of the few terms filed under it (CueMatcher). The word gate
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
  /** What the word gate checks before the cue is tried: per family, one word per term. */
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
  'a an and api be by can cannot could error errors failed find for found from in is it message model no not of on or request response server the this to unable user was with'.split(' '),
);

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
    gate: { anyOf: families.map((terms) => [...new Set(terms.map((t) => gateWordOf(t)!))]) },
  };
}

const WORD = /[A-Za-z0-9_]+/g;
const isWordCode = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
const isJoiner = (c: number): boolean => c === 46 || c === 47 || c === 45;

/**
 * The words of `text`: runs of ASCII letters, digits and `_`, lowercased; `joined[i]` is 1 where
 * word i follows the word before it across exactly one `.`, `/` or `-` (`models.anthropic`).
 */
export function cueWords(text: string): { words: string[]; joined: number[] } {
  const words: string[] = [];
  const joined: number[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const at = m.index;
    words.push(m[0].toLowerCase());
    joined.push(at >= 2 && isJoiner(text.charCodeAt(at - 1)) && isWordCode(text.charCodeAt(at - 2)) ? 1 : 0);
  }
  return { words, joined };
}

/** Whether `term` occurs at words[at..]. */
function termAt(term: Term, words: readonly string[], joined: readonly number[], at: number): boolean {
  const tw = term.words;
  if (at + tw.length > words.length || (term.free && joined[at] === 1)) return false;
  for (let k = 0; k < tw.length; k++) {
    const t = tw[k]!;
    const w = words[at + k]!;
    if (t.prefix ? !w.startsWith(t.word) : w !== t.word) return false;
  }
  return true;
}

/** A term of a cue, filed under its first word: `family` -1 is a term of the cue's `none`. */
interface TermRef {
  cue: number;
  family: number;
  term: Term;
}

/** Key of a word's first three characters (lowercase ASCII), for the terms whose first word is a prefix. */
const key3 = (w: string): number => (w.charCodeAt(0) << 16) | (w.charCodeAt(1) << 8) | w.charCodeAt(2);

const NOT_SEEN = -(2 ** 30);
/** Per cue, during a match: not to be checked, checked, fired (all families within the window), silenced (a `none` term). */
const SKIP = 0;
const CHECK = 1;
const FIRED = 2;
const SILENCED = 3;

/**
 * Checks cues on a text in one pass over its words: every term is filed under its first word (a
 * map of whole words, and one of three-character keys for the words written with `*`), so a word
 * costs two look-ups whatever the number of cues and terms. Per cue, the position where each
 * family last had a term: the cue fires at a term when every family's last position is within
 * `window` words of it (the latest of a set of positions within the window sees all of them).
 */
export class CueMatcher {
  private readonly exact = new Map<string, TermRef[]>();
  private readonly byPrefix = new Map<number, TermRef[]>();
  private readonly lastAt: Int32Array[];
  /** Per cue: SKIP, CHECK, FIRED or SILENCED; set to SKIP or CHECK by the caller before `match`. */
  readonly state: Uint8Array;

  constructor(readonly cues: readonly CompiledCue[]) {
    const file = (ref: TermRef): void => {
      const first = ref.term.words[0]!;
      if (first.prefix) {
        const key = key3(first.word);
        this.byPrefix.set(key, [...(this.byPrefix.get(key) ?? []), ref]);
      } else this.exact.set(first.word, [...(this.exact.get(first.word) ?? []), ref]);
    };
    cues.forEach((cue, c) => {
      cue.families.forEach((terms, family) => terms.forEach((term) => file({ cue: c, family, term })));
      cue.none.forEach((term) => file({ cue: c, family: -1, term }));
    });
    this.lastAt = cues.map((cue) => new Int32Array(cue.families.length));
    this.state = new Uint8Array(cues.length);
  }

  /** The index of the highest-priority cue marked CHECK that fires on `text`, or -1. */
  match(text: string): number {
    const state = this.state;
    for (let c = 0; c < state.length; c++) if (state[c] === CHECK) this.lastAt[c]!.fill(NOT_SEEN);
    const { words, joined } = cueWords(text);
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      const exact = this.exact.get(w);
      if (exact !== undefined) this.see(exact, words, joined, i);
      if (w.length >= 3) {
        const prefixed = this.byPrefix.get(key3(w));
        if (prefixed !== undefined) this.see(prefixed, words, joined, i);
      }
    }
    for (let c = 0; c < state.length; c++) if (state[c] === FIRED) return c;
    return -1;
  }

  /** Notes the terms of `refs` that occur at words[i..]. */
  private see(refs: readonly TermRef[], words: readonly string[], joined: readonly number[], i: number): void {
    const state = this.state;
    for (const ref of refs) {
      const c = ref.cue;
      if ((state[c] !== CHECK && state[c] !== FIRED) || !termAt(ref.term, words, joined, i)) continue;
      if (ref.family < 0) {
        state[c] = SILENCED;
        continue;
      }
      const last = this.lastAt[c]!;
      last[ref.family] = i;
      if (state[c] === FIRED) continue;
      const from = i - this.cues[c]!.window;
      let all = true;
      for (let f = 0; f < last.length && all; f++) all = last[f]! >= from;
      if (all) state[c] = FIRED;
    }
  }
}

export const CUE_SKIP = SKIP;
export const CUE_CHECK = CHECK;
