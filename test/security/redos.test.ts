import { beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf, parseErrorType, parseExceptionName, parseInnerMessage, parseStatusCode, ruleRegexes } from '@claude-errors/analyzer/classify';
import { fieldsFromMessage, redactString } from '@claude-errors/collector';
import { scanSources, type SourceRegex } from '../helpers/source-regexes.js';

/**
 * Issue 10 item 2, timing half: every regex of the source (as scanSources finds them) and every
 * catalog pattern (as the classifier compiles it) runs over generated worst-case inputs of 1k, 10k
 * and 100k characters: long runs of one character (spaces, backslashes, quotes, digits, letters, …)
 * ending in a character that makes the match fail, and the pattern's own literal words repeated or
 * followed by such a run (`status` + 100,000 spaces + `x` was issue 10's input). A linear regex
 * takes ten times longer on ten times the input; a quadratic one a hundred times. The check is on
 * that growth, not on wall time, so a slow or busy machine does not fail it: an input passes when
 * its 100k run takes under FAST_MS, or grows at most MAX_GROWTH times from 10k to 100k (and from
 * 1k to 10k, checked first so that a quadratic regex fails in milliseconds, not minutes).
 * The static half (redos-static.test.ts) proves the same property; this one would catch what an
 * analyser misses (a back-reference, a lookaround, an engine change).
 */
const FAST_MS = 50;
const MAX_GROWTH = 30; // linear is ~10, quadratic ~100
const SLOW_10K_MS = 500; // a 10k input this slow is not run at 100k: the regex already failed

const RUN_CHARS = [' ', '\t', '\n', '\\', '"', "'", 'a', 'Z', '0', '_', '.', ':', '=', '-', '/', '[', '{', '`', '*', '<'];
const REJECT = '\u0000';

/** Literal words of a pattern (what its matches start with), at most `max`. */
function literalWords(source: string, max = 6): string[] {
  const plain = source.replace(/\\[sSdDwWbBnrtfv]|\\[pPu]\{[^}]*\}|\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}/g, '\u0001').replace(/\\(.)/g, '$1');
  const words = plain.match(/[A-Za-z][A-Za-z0-9_'":-]{1,24}/g) ?? [];
  return [...new Set(words)].slice(0, max);
}

function inputs(source: string, n: number): Array<{ name: string; text: string }> {
  const out: Array<{ name: string; text: string }> = [];
  for (const c of RUN_CHARS) out.push({ name: `${JSON.stringify(c)} x n`, text: c.repeat(n) + REJECT });
  for (const w of literalWords(source)) {
    out.push({ name: `${w} + spaces`, text: w + ' '.repeat(n) + 'x' });
    out.push({ name: `${w} repeated`, text: (w + ' ').repeat(Math.ceil(n / (w.length + 1))).slice(0, n) + REJECT });
    out.push({ name: `${w} glued`, text: w.repeat(Math.ceil(n / w.length)).slice(0, n) + REJECT });
  }
  return out;
}

/** Runs the regex as the code does: every match for a global regex, the first otherwise. */
function runner(pattern: string, flags: string): (text: string) => void {
  const re = new RegExp(pattern, flags.replace('y', ''));
  return re.global ? (text) => void text.replace(re, '') : (text) => void re.exec(text);
}

function timeMs(run: (t: string) => void, text: string, repeats: number): number {
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    run(text);
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

type Input = { name: string; text: string };

/**
 * The growth from `small` to `large`, timed again (best of more runs, up to three times) while it
 * is over MAX_GROWTH: on a busy machine a run of 50-100 ms is often cut by the scheduler where one
 * of a few ms is not, which inflated a linear regex's growth to 37-46x in a CI run with both cores
 * taken. A quadratic regex stays near 100x however often it is timed.
 */
function confirmedGrowth(run: (t: string) => void, large: string, small: string): number {
  let growth = Infinity;
  for (let attempt = 0; attempt < 3 && growth > MAX_GROWTH; attempt++) {
    growth = Math.min(growth, timeMs(run, large, 2 + attempt) / Math.max(timeMs(run, small, 3 + 2 * attempt), 0.05));
  }
  return growth;
}

/** Why `run` grows super-linearly on one of the inputs `make(n)` generates, or null. */
function growthFailure(run: (text: string) => unknown, make: (n: number) => Input[]): string | null {
  const sized = (n: number): Map<string, string> => new Map(make(n).map((i) => [i.name, i.text]));
  const [tiny, small] = [sized(1_000), sized(10_000)];
  for (const { name, text } of make(100_000)) {
    // 1k and 10k first: a quadratic regex shows at 10k, before the 100k run would take seconds.
    const t10 = timeMs(run, small.get(name)!, 1);
    if (t10 > SLOW_10K_MS) return `${name}: ${t10.toFixed(0)} ms at 10k characters`;
    if (t10 > FAST_MS / 10) {
      const growth = timeMs(run, small.get(name)!, 2) / Math.max(timeMs(run, tiny.get(name)!, 3), 0.05);
      if (growth > MAX_GROWTH) return `${name}: ${t10.toFixed(0)} ms at 10k characters, ${growth.toFixed(0)}x the 1k time`;
    }
    const t100 = timeMs(run, text, 1);
    if (t100 < FAST_MS) continue;
    const growth = confirmedGrowth(run, text, small.get(name)!);
    if (growth > MAX_GROWTH) return `${name}: ${t100.toFixed(0)} ms at 100k characters, ${growth.toFixed(0)}x the 10k time`;
  }
  return null;
}

/** Why the regex is super-linear on one of the generated inputs, or null. */
function superLinear(pattern: string, flags: string): string | null {
  return growthFailure(runner(pattern, flags), (n) => inputs(pattern, n));
}

/**
 * Pieces of the shapes the envelope parsers look for, each repeated to the input length with
 * nothing that completes a match: a parser that restarts a scan to the end of the line at every
 * occurrence is quadratic in occurrences, which a single regex analysis does not show.
 */
const UNITS = [
  '"message":"', "'message': '", '\\"message\\":\\"', '"message": "a\\', '"type":"', '"error":{"type":"', '"status":"',
  '"code": ', '"request_id":"req_', 'status ', 'status: ', 'statusCode=', 'Error: ', 'Error code: ', 'API Error ', 'HTTP/1.1 ',
  'An error occurred (X) when calling the Y operation: ', 'a.', 'RateLimit', '\\', '\\n', '"', ' ',
];
function unitInputs(n: number): Input[] {
  return UNITS.flatMap((u) => [
    { name: `${JSON.stringify(u)} repeated`, text: u.repeat(Math.ceil(n / u.length)).slice(0, n) + REJECT },
    { name: `${JSON.stringify(u)} + spaces`, text: u + ' '.repeat(n) + 'x' },
  ]);
}

let sourceRegexes: SourceRegex[];
beforeAll(() => {
  const seen = new Set<string>();
  sourceRegexes = scanSources().regexes.filter((r) => !seen.has(`${r.flags}/${r.pattern}`) && seen.add(`${r.flags}/${r.pattern}`));
}, 120_000);

describe('regexes on adversarial inputs grow linearly', () => {
  it('tells a quadratic regex from a linear one (the check works)', () => {
    // The status regex before issue 10's fix, and after it.
    expect(superLinear(String.raw`\b(?:[Ss]tatus(?:[ _-]?[Cc]ode)?|statusCode)\\*["']?\s*[:=]?\s*(\d{3})\b`, '')).toMatch(/\+ spaces: /);
    expect(superLinear(String.raw`\b(?:[Ss]tatus(?:[ _-]?[Cc]ode)?|statusCode)\\*["']?(?:\s*[:=])?\s*(\d{3})\b`, '')).toBeNull();
  });

  it('every source regex', () => {
    expect(sourceRegexes.length).toBeGreaterThan(100);
    const bad = sourceRegexes.flatMap((r) => {
      const why = superLinear(r.pattern, r.flags);
      return why ? [`${r.file}:${r.line} /${r.pattern}/${r.flags}: ${why}`] : [];
    });
    expect(bad, bad.join('\n')).toEqual([]);
  }, 300_000);

  it('every catalog pattern, as the classifier compiles it', () => {
    const bad = ruleRegexes().flatMap(({ id, regex }) => {
      const why = superLinear(regex.source, regex.flags);
      return why ? [`${id} /${regex.source}/${regex.flags}: ${why}`] : [];
    });
    expect(bad, bad.join('\n')).toEqual([]);
  }, 300_000);

  it('the parsers that read messages, on repeated pieces of what they parse', () => {
    const parsers: Record<string, (t: string) => unknown> = { parseStatusCode, parseErrorType, parseInnerMessage, parseExceptionName, fingerprintOf, fieldsFromMessage, redactString };
    const bad = Object.entries(parsers).flatMap(([name, parse]) => {
      const why = growthFailure(parse, unitInputs);
      return why ? [`${name}: ${why}`] : [];
    });
    expect(bad, bad.join('\n')).toEqual([]);
  }, 300_000);
});
