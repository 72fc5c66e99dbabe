import { isWordChar, tokens } from './anchors.js';

/**
 * What every match of a compiled alternative (regex source, flag `i`, no `u`) holds anywhere in
 * the text, at a word start or not, read from its syntax alone: runs of literal characters that
 * every match goes through, with 3 or more word characters (ASCII letters, digits, `_`,
 * lowercase) among them. A literal ASCII character that is no word character (`.`, `-`, `:`,
 * `/`, `$`) is one byte the word gate reads as a boundary, and is written `#` in a run: the host
 * `api\.x\.ai` is the run `api#x#ai`, which a text says far more rarely than `api`.
 * - all: each such run occurs in the text;
 * - anyOf: for each group every match goes through, one run per branch of it, one of which occurs.
 * A case-insensitive regex without `u` matches an ASCII letter only with an ASCII letter (a
 * character of 128 or above never folds to one below), so the text holds the run in one case or
 * another, which the word gate reads case-folded. Anything `tokens` does not read (an escape it
 * does not know, a back-reference) tells nothing, so the reading errs only towards knowing less.
 */
export interface RequiredLiterals {
  all: string[];
  anyOf: string[][];
}

const MIN_LITERAL = 3;
/**
 * A run joined by `#` is cut to its first 24 characters (what is left still occurs in every
 * match): the gate's automaton reads a text as two chains from twice its longest pattern's length
 * on (word-automaton.ts), and a host such as `generativelanguage.googleapis.com` whole would put
 * more texts under that length.
 */
const MAX_JOINED = 24;
/** `#` for an ASCII character that is no word character (the gate's boundary), else the character lowercased; null for a character of 128 or above. */
const literalSymbol = (ch: string): string | null => (isWordChar(ch) ? ch.toLowerCase() : ch.charCodeAt(0) < 128 ? '#' : null);
const wordChars = (run: string): number => run.replaceAll('#', '').length;

export function requiredLiterals(source: string): RequiredLiterals {
  return literalsOf(source) ?? { all: [], anyOf: [] };
}

function literalsOf(source: string): RequiredLiterals | null {
  const atoms = tokens(source);
  if (!atoms) return null;
  const all: string[] = [];
  const anyOf: string[][] = [];
  let run = '';
  const flush = (): void => {
    if (wordChars(run) >= MIN_LITERAL) all.push(run.length > MAX_JOINED && run.includes('#') ? run.slice(0, MAX_JOINED) : run);
    run = '';
  };
  for (const { atom, min, max } of atoms) {
    const symbol = atom.kind === 'char' && min >= 1 ? literalSymbol(atom.ch) : null;
    if (symbol !== null) {
      run += symbol;
      if (max !== 1) flush(); // what follows the first of its repeats is not known to be next
      continue;
    }
    flush();
    if (atom.kind !== 'group' || min < 1) continue;
    const branches = atom.branches.map(literalsOf);
    if (branches.length === 1 && branches[0]) {
      all.push(...branches[0].all);
      anyOf.push(...branches[0].anyOf);
    } else if (branches.every((b) => b !== null && b.all.length > 0)) {
      anyOf.push([...new Set(branches.map((b) => longest(b!.all)))]);
    }
  }
  flush();
  return { all: [...new Set(all)], anyOf };
}

function longest(words: readonly string[]): string {
  return words.reduce((a, b) => (b.length > a.length ? b : a));
}

/** The longest exact literal (`exactLiteral`) the gate takes: its automaton's longest pattern decides which texts it reads as two chains. */
const MAX_EXACT = 24;

/**
 * The whole regex (source, flag `i`, no `u`) as one literal of the word gate, when it is nothing
 * but word characters (ASCII letters, digits, `_`), each once, with `\b` only at its start or end:
 * `\boverloaded\b` is `#overloaded#`, `PointerToNowhere` is `pointertonowhere`. Such a regex
 * matches a text exactly when the gate reads the literal in it: a case-insensitive regex without
 * `u` matches an ASCII letter only with that letter in either case (a character of 128 or above
 * never folds to one below), and the gate reads any character that is no word character, and the
 * text's start and end, as a boundary, as `\b` does. Not so for `\$ref`: the gate reads `$` as it
 * reads a space. Null for anything else, for fewer than 3 word characters, and for a literal longer
 * than MAX_EXACT.
 */
export function exactLiteral(source: string): string | null {
  const atoms = tokens(source);
  if (!atoms || atoms.length === 0) return null;
  let literal = '';
  for (let k = 0; k < atoms.length; k++) {
    const { atom, min, max } = atoms[k]!;
    if (min !== 1 || max !== 1) return null;
    if (atom.kind === 'boundary') {
      const next = k === 0 ? atoms[1] : k === atoms.length - 1 ? atoms[k - 1] : undefined;
      if (!next || next.atom.kind !== 'char' || !isWordChar(next.atom.ch)) return null;
      literal += '#';
      continue;
    }
    // a character that is no word character is a boundary byte to the gate, as any other is: not exact
    if (atom.kind !== 'char' || !isWordChar(atom.ch)) return null;
    literal += atom.ch.toLowerCase();
  }
  return wordChars(literal) >= MIN_LITERAL && literal.length <= MAX_EXACT ? literal : null;
}
