import { isWordChar, tokens } from './anchors.js';

/**
 * What every match of a compiled alternative (regex source, flag `i`, no `u`) holds anywhere in
 * the text, at a word start or not, read from its syntax alone: runs of 3 or more literal word
 * characters (ASCII letters, digits, `_`, lowercase) that every match goes through.
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
    if (run.length >= MIN_LITERAL) all.push(run.toLowerCase());
    run = '';
  };
  for (const { atom, min, max } of atoms) {
    if (atom.kind === 'char' && min >= 1 && isWordChar(atom.ch)) {
      run += atom.ch;
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
