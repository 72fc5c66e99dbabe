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
      let depth = 0;
      let inClass = false;
      for (; i < alt.length; i++) {
        const d = alt[i];
        if (d === '\\') i++;
        else if (inClass) inClass = d !== ']';
        else if (d === '[') inClass = true;
        else if (d === '(') depth++;
        else if (d === ')' && --depth === 0) break;
        if (depth === 0 && !inClass && c === '[') break;
      }
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
  const rank = (w: string): number => (COMMON.has(w) ? 0 : 1000) + w.length;
  return [...new Set(words)].sort((a, b) => rank(b) - rank(a)).slice(0, max);
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
