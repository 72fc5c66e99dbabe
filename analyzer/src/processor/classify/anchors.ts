/**
 * Derives "anchor words" (runs of letters, digits and `_`) from a catalog pattern: words that every text the pattern matches must
 * contain at a word start. The classifier uses them as a cheap gate (one pass over the message)
 * so that only the few rules whose anchors occur are run as full regexes.
 *
 * Conservative by construction: only literal text outside groups, classes and optional
 * quantifiers counts, and only words that start at a word boundary inside that literal. The start
 * of a pattern counts as a word boundary: catalog patterns describe phrases, which start at word
 * starts in real messages (a test checks this over the whole corpus). A pattern alternative
 * without such a word yields `null` and its rule is always tested.
 */
const WORD = /[a-z0-9_]+/g;

/** Splits a pattern into its top-level alternatives (outside groups and classes). */
export function topLevelAlternatives(pattern: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  out.push(pattern.slice(start));
  return out;
}

const ESCAPED_LITERAL = /[$.()[\]{}?*+|^\\/\-'"`:]/;

/** Literal runs of one alternative; a boundary flag says whether each run starts at a word start. */
function literalRuns(alt: string): Array<{ text: string; startsAtBoundary: boolean }> {
  const runs: Array<{ text: string; startsAtBoundary: boolean }> = [];
  let cur = '';
  let curBoundary = true; // start of the pattern: the text before is unknown, treat as boundary only if \b or start
  let atStart = true;
  const flush = (nextBoundary: boolean): void => {
    if (cur) runs.push({ text: cur, startsAtBoundary: curBoundary });
    cur = '';
    curBoundary = nextBoundary;
  };
  for (let i = 0; i < alt.length; i++) {
    const c = alt[i]!;
    const next = alt[i + 1];
    const quantOptional = next === '?' || next === '*' || (next === '{' && alt[i + 2] === '0');
    if (c === '\\') {
      const e = alt[i + 1] ?? '';
      i++;
      if (e === 'b') {
        flush(true);
        continue;
      }
      if (!ESCAPED_LITERAL.test(e)) {
        flush(false);
        continue;
      }
      if (alt[i + 1] === '?' || alt[i + 1] === '*') {
        flush(false);
        continue;
      }
      cur += e;
    } else if (c === '(' || c === '[') {
      // skip the whole group or class: its content may be optional or alternative
      const end = c === '[' ? classEnd(alt, i) : groupEnd(alt, i);
      i = end < 0 ? alt.length : end;
      if (alt[i + 1] === '?' || alt[i + 1] === '*' || alt[i + 1] === '+' || alt[i + 1] === '{') i++;
      if (alt[i] === '{') while (i < alt.length && alt[i] !== '}') i++;
      flush(false);
    } else if (c === '.' || c === '^' || c === '$') {
      flush(false);
    } else if (c === '?' || c === '*' || c === '+') {
      flush(false);
    } else if (c === '{') {
      while (i < alt.length && alt[i] !== '}') i++;
      flush(false);
    } else if (quantOptional) {
      flush(false);
    } else {
      if (atStart && cur === '') curBoundary = true;
      cur += c;
    }
    atStart = false;
  }
  flush(false);
  return runs;
}

/**
 * Anchor words (lowercase, at least 3 characters) of one alternative, or null when it has none.
 * The first word of a run counts only when the run starts at a word boundary.
 */
export function anchorsOfAlternative(alt: string): string[] | null {
  const anchors: string[] = [];
  for (const run of literalRuns(alt)) {
    const lower = run.text.toLowerCase();
    for (const m of lower.matchAll(WORD)) {
      const at = m.index ?? 0;
      const boundary = at > 0 ? true : run.startsAtBoundary;
      if (!boundary || m[0].length < 3) continue;
      anchors.push(m[0]); // a word cut at the run's end is still a prefix of the text's word

    }
  }
  return anchors.length ? anchors : null;
}

/**
 * For an alternative without anchor words: words one of which every match holds at a word start,
 * when the alternative starts with `\b` and a group of plain words that is not optional
 * (`\b(model|server|service)\s`: a word starts with one of them; each needs 3 or more
 * characters), or `\b`, a word of two characters and whitespace that is not optional (`\bno `:
 * that whole word). Null otherwise: the alternative is tested whenever its rule applies.
 */
export function leadingChoice(alt: string): string[] | null {
  const group = /^\\b\((?:\?:)?([A-Za-z0-9_]+(?:\|[A-Za-z0-9_]+)*)\)(?![?*]|\{0)/.exec(alt);
  if (group) {
    const words = group[1]!.toLowerCase().split('|');
    return words.every((w) => w.length >= 3) ? words : null;
  }
  const two = /^\\b([A-Za-z0-9_]{2})(?: |\\s)(?![?*]|\{0)/.exec(alt);
  return two ? [two[1]!.toLowerCase()] : null;
}

// Words too common in error text to be useful gates; an alternative uses one only if it has no other.
const COMMON = new Set(
  ('error errors request requests message messages invalid model tokens token maximum must not does found ' +
    'content block blocks result tool failed connection image input exceeded limit stream time access ' +
    'schema client anthropic required missing many expected unexpected the with for api key max too have ' +
    'use without number rate stop end long large allowed timeout exceeds exceed response blocked control ' +
    'denied authorized option header first exist identifier found time minute not_found')
    .split(' '),
);

/** Whether a word is one of those too common in error text to gate well (COMMON). */
export function isCommonWord(word: string): boolean {
  return COMMON.has(word);
}

/** The most selective anchor: uncommon words first, then the longest. */
function pickAnchor(words: readonly string[]): string {
  return words.reduce((a, b) => {
    const ca = COMMON.has(a);
    const cb = COMMON.has(b);
    if (ca !== cb) return ca ? b : a;
    return b.length > a.length ? b : a;
  });
}

/**
 * Up to `max` anchor words of one alternative, most selective first (a match contains them all),
 * or null when it has none (always test it).
 */
export function selectiveAnchors(alt: string, max = 4): string[] | null {
  const words = anchorsOfAlternative(alt);
  if (!words) return null;
  return rankedBySelectivity(words).slice(0, max);
}

/** Words without repeats, most selective first: uncommon words first, then the longest. */
export function rankedBySelectivity(words: readonly string[]): string[] {
  const rank = (w: string): number => (COMMON.has(w) ? 0 : 1000) + w.length;
  return [...new Set(words)].sort((a, b) => rank(b) - rank(a));
}

/**
 * One anchor per alternative (its most selective word), or null when any alternative has none:
 * the rule then has to be tested on every message.
 */
export function anchorsOfPatterns(patterns: readonly string[]): string[] | null {
  const picked: string[] = [];
  for (const p of patterns) {
    for (const alt of topLevelAlternatives(p)) {
      const words = anchorsOfAlternative(alt);
      if (!words) return null;
      picked.push(pickAnchor(words));
    }
  }
  return picked;
}

/**
 * What every match of a compiled alternative (regex source, flag `i`, no `u`) holds, read from its
 * syntax alone, unlike the anchors above (which take the start of a pattern for a word start):
 * a word start is known only after `^`, `\b`, or a character that cannot be a word character
 * (a literal one, `\s`, `\W`, a class of such characters) that every match has there.
 * - all: words (lowercase, 3 or more characters) each of which starts a word of the text;
 * - anyOf: for each group every match goes through once, one such word per branch of it;
 * - cjk: every match has a kana or CJK character (U+3000 to U+9FFF), whose UTF-8 form starts with
 *   a byte E3 to E9: such characters have no case, so a case-insensitive regex matches only them.
 * Anything it does not read (an escape it does not know, a lookbehind's contents) it takes as
 * telling nothing, so it errs only towards knowing less.
 */
export interface WordStarts {
  all: string[];
  anyOf: string[][];
  cjk: boolean;
}

type Atom =
  | { kind: 'char'; ch: string }
  | { kind: 'set'; word: boolean } // word: it may match a word character
  | { kind: 'boundary' | 'nonBoundary' | 'start' | 'zeroWidth' }
  | { kind: 'group'; branches: string[] };
interface Quantified {
  atom: Atom;
  min: number;
  max: number;
}

export const isWordChar = (ch: string): boolean => /^[A-Za-z0-9_]$/.test(ch);
const isCjk = (ch: string): boolean => ch.length === 1 && ch.charCodeAt(0) >= 0x3000 && ch.charCodeAt(0) <= 0x9fff;

export function wordStarts(source: string): WordStarts {
  const seq = analyse(source, false);
  if (!seq) return { all: [], anyOf: [], cjk: false };
  const all = [...new Set(seq.all)];
  return { all, anyOf: seq.anyOf, cjk: seq.cjk };
}

interface Analysis extends WordStarts {
  /** Whether every match, at its end, follows a non-word character or the text's start (or a `\b` before a word character). */
  endsAtBoundary: boolean;
}

/** `atBoundary`: what is known at the start of `source`: the character before is not a word character, or there is none. */
function analyse(source: string, atBoundary: boolean): Analysis | null {
  const atoms = tokens(source);
  if (!atoms) return null;
  const all: string[] = [];
  const anyOf: string[][] = [];
  let cjk = false;
  // b: if the next character a match takes is a word character, the one before it is not one (or there is none)
  let b = atBoundary;
  for (let k = 0; k < atoms.length; k++) {
    const { atom, min, max } = atoms[k]!;
    switch (atom.kind) {
      case 'start':
      case 'boundary':
        b = true;
        break;
      case 'nonBoundary':
        b = false;
        break;
      case 'zeroWidth':
        break;
      case 'set':
        if (atom.word) b = false;
        else if (min >= 1) b = true;
        break;
      case 'char': {
        const word = isWordChar(atom.ch);
        if (word && min >= 1 && b) {
          let w = atom.ch;
          for (let j = k + 1, single = max === 1; single && j < atoms.length; j++) {
            const next = atoms[j]!;
            if (next.atom.kind !== 'char' || !isWordChar(next.atom.ch) || next.min < 1) break;
            w += next.atom.ch;
            single = next.max === 1;
          }
          if (w.length >= 3) all.push(w.toLowerCase());
        }
        if (min >= 1 && isCjk(atom.ch)) cjk = true;
        if (word) b = false;
        else if (min >= 1) b = true;
        break;
      }
      case 'group': {
        const once = atom.branches.map((branch) => analyse(branch, b));
        // later repetitions start after a repetition, where nothing may be known
        const again = max > 1 ? atom.branches.map((branch) => analyse(branch, false)) : once;
        const known = once.every((r) => r !== null) && again.every((r) => r !== null);
        const endB = known && again.every((r) => r!.endsAtBoundary) && (max === 1 || once.every((r) => r!.endsAtBoundary));
        if (known && min >= 1) {
          const branches = once as Analysis[];
          if (branches.length === 1) {
            all.push(...branches[0]!.all);
            anyOf.push(...branches[0]!.anyOf);
          } else {
            const picks = branches.map((r) => (r.all.length ? pickAnchor(r.all) : undefined));
            if (picks.every((w) => w !== undefined)) anyOf.push([...new Set(picks as string[])]);
          }
          if (branches.every((r) => r.cjk)) cjk = true;
        }
        b = endB && (min >= 1 || b);
        break;
      }
    }
  }
  return { all, anyOf, cjk, endsAtBoundary: b };
}

/** The atoms of a regex source (one alternative: a `|` outside groups is refused), or null for what it does not read. */
export function tokens(s: string): Quantified[] | null {
  const out: Quantified[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    let atom: Atom;
    if (c === '\\') {
      const e = s[i + 1];
      if (e === undefined) return null;
      i += 2;
      if (e === 'b') atom = { kind: 'boundary' };
      else if (e === 'B') atom = { kind: 'nonBoundary' };
      else if (e === 's' || e === 'W') atom = { kind: 'set', word: false };
      else if (e === 'd' || e === 'w' || e === 'S' || e === 'D') atom = { kind: 'set', word: true };
      else if (/[A-Za-z0-9]/.test(e)) return null; // \x41, \u0041, \1, \n...: not read
      else atom = { kind: 'char', ch: e };
    } else if (c === '[') {
      const end = classEnd(s, i);
      if (end < 0) return null;
      atom = { kind: 'set', word: classMayMatchWord(s.slice(i + 1, end)) };
      i = end + 1;
    } else if (c === '(') {
      const end = groupEnd(s, i);
      if (end < 0) return null;
      const body = s.slice(i + 1, end);
      i = end + 1;
      if (body.startsWith('?:')) atom = { kind: 'group', branches: topLevelAlternatives(body.slice(2)) };
      else if (/^\?(?:=|!|<=|<!)/.test(body)) atom = { kind: 'zeroWidth' };
      else if (body.startsWith('?')) return null;
      else atom = { kind: 'group', branches: topLevelAlternatives(body) };
    } else if (c === '.') {
      atom = { kind: 'set', word: true };
      i++;
    } else if (c === '^') {
      atom = { kind: 'start' };
      i++;
    } else if (c === '$') {
      atom = { kind: 'zeroWidth' };
      i++;
    } else if ('|)]{}?*+'.includes(c)) return null;
    else {
      atom = { kind: 'char', ch: c };
      i++;
    }
    let min = 1;
    let max = 1;
    const q = /^(?:([?*+])|\{(\d+)(?:(,)(\d*))?\})\??/.exec(s.slice(i, i + 24));
    if (q) {
      if (atom.kind !== 'char' && atom.kind !== 'set' && atom.kind !== 'group') return null;
      if (q[1] === '?') [min, max] = [0, 1];
      else if (q[1] === '*') [min, max] = [0, Infinity];
      else if (q[1] === '+') [min, max] = [1, Infinity];
      else {
        min = Number(q[2]);
        max = q[3] === undefined ? min : q[4] ? Number(q[4]) : Infinity;
      }
      i += q[0].length;
    }
    out.push({ atom, min, max });
  }
  return out;
}

/** Index of the `]` closing the class opened at `open`, or -1. */
function classEnd(s: string, open: number): number {
  for (let j = open + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === ']') return j;
  }
  return -1;
}

/** Index of the `)` closing the group opened at `open`, or -1. */
function groupEnd(s: string, open: number): number {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    const d = s[j];
    if (d === '\\') j++;
    else if (d === '[') {
      j = classEnd(s, j);
      if (j < 0) return -1;
    } else if (d === '(') depth++;
    else if (d === ')' && --depth === 0) return j;
  }
  return -1;
}

/** Whether a class (its body, between the brackets) may match a word character: negated classes and anything not read may. */
function classMayMatchWord(body: string): boolean {
  if (body.startsWith('^')) return true;
  // its characters, escaped or not; an escape that may stand for a word character ends the reading
  const members: Array<{ ch: string; escaped: boolean }> = [];
  for (let j = 0; j < body.length; j++) {
    if (body[j] !== '\\') members.push({ ch: body[j]!, escaped: false });
    else {
      const e = body[++j] ?? '';
      if (e === 's' || e === 'W') continue;
      if (/[A-Za-z0-9]/.test(e) || e === '') return true;
      members.push({ ch: e, escaped: true });
    }
  }
  for (let m = 0; m < members.length; m++) {
    const lo = members[m]!.ch.charCodeAt(0);
    const dash = members[m + 1];
    const hiMember = members[m + 2];
    // a range: every character from lo to hi (both included, whatever their order)
    const isRange = dash !== undefined && !dash.escaped && dash.ch === '-' && hiMember !== undefined;
    const hi = isRange ? hiMember.ch.charCodeAt(0) : lo;
    if (isRange) m += 2;
    for (let code = Math.min(lo, hi); code <= Math.max(lo, hi); code++) {
      if (code >= 128) break;
      if (isWordChar(String.fromCharCode(code))) return true;
    }
  }
  return false;
}
