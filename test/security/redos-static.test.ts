import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ruleRegexes } from '@claude-errors/analyzer/classify';
import { lintPattern, REPO_ROOT, scanSources, type SourceScan } from '../helpers/source-regexes.js';

/**
 * Issue 10 item 2, static half: no regex of the source, and no pattern of the catalog, can take
 * super-linear time. eslint-plugin-regexp's `no-super-linear-backtracking` (two quantifiers that
 * can trade characters, e.g. `\s*[:=]?\s*`, or a loop that reaches itself) and
 * `no-super-linear-move` (a leading run restarted at every position, e.g. `\d+x` over digits)
 * read each regex as an automaton, so a regex or catalog pattern added later goes through the same
 * check. The timing half is redos.test.ts.
 */

/** `new RegExp(x)` whose x is only known at run time, by file, with where its patterns are checked. */
const RUNTIME_PATTERNS: Record<string, string> = {
  'analyzer/src/processor/classify/rules.ts': 'catalog match.patterns: every compiled rule regex is checked below',
  'collector/src/processor/map/read-keys.ts': 'EXTRA_PREFIXES, each escaped to a literal: an anchored alternation of literals',
  'analyzer/src/api/guards.ts': "the app's own route paths: escaped literals, [^/]+ per :param, .* per wildcard, anchored",
};

let scan: SourceScan;
beforeAll(() => {
  scan = scanSources();
}, 120_000);

const show = (fs: Array<{ file: string; line: number; rule: string; message: string; text: string }>): string =>
  fs.map((f) => `${f.file}:${f.line} ${f.rule}: ${f.message}\n    ${f.text}`).join('\n');

describe('ReDoS analysis (eslint-plugin-regexp)', () => {
  it('flags the regexes behind issue 10 and textbook cases', () => {
    const flagged = (p: string, flags = ''): boolean => lintPattern(p, flags).length > 0;
    // The status regex and the leading-Error regex as they were: quadratic in a run of spaces.
    expect(flagged(String.raw`\b(?:[Ss]tatus(?:[ _-]?[Cc]ode)?|httpStatusCode|statusCode)\\*["']?\s*[:=]?\s*(\d{3})\b`)).toBe(true);
    expect(flagged(String.raw`^\s*(?:[\w.$]*(?:Error|Exception)\s*:?\s*)?(\d{3})`)).toBe(true);
    // Catalog patterns as they were, compiled (a space is \s+, ` ?` is \s*).
    expect(flagged(String.raw`request\s+(entity|body)?\s*too\s+large`, 'i')).toBe(true);
    expect(flagged(String.raw`\d+\s+images?\s*>\s*\d+`, 'i')).toBe(true);
    expect(flagged('(a+)+$')).toBe(true);
    expect(flagged(String.raw`^(?:Error code: )?([1-5]\d\d)\b`)).toBe(false);
  });

  it('reads every source regex, including those built from constants', () => {
    expect(scan.files).toBeGreaterThan(100);
    expect(scan.regexes.length).toBeGreaterThan(100);
    // envelope.ts's STATUS_RE is `new RegExp([/…/.source, …].join('|'))`: resolved, not skipped.
    expect(scan.regexes.some((r) => r.file.endsWith('classify/envelope.ts') && r.pattern.includes('httpStatusCode') && r.pattern.includes('|'))).toBe(true);
  });

  it('finds no super-linear regex in the source', () => {
    expect(scan.findings, show(scan.findings)).toEqual([]);
  });

  it('resolves every RegExp constructor, except those whose patterns are checked where they come from', () => {
    const unexpected = scan.unresolved.filter((u) => !(u.file in RUNTIME_PATTERNS));
    expect(unexpected, show(unexpected)).toEqual([]);
    const stale = Object.keys(RUNTIME_PATTERNS).filter((f) => existsSync(join(REPO_ROOT, f)) && !scan.unresolved.some((u) => u.file === f));
    expect(stale, 'RUNTIME_PATTERNS names files without such a constructor').toEqual([]);
  });

  it('finds no super-linear regex among the catalog patterns, as the classifier compiles them', () => {
    const rules = ruleRegexes();
    expect(rules.length).toBeGreaterThan(100);
    const bad = rules.flatMap(({ id, regex }) => lintPattern(regex.source, regex.flags).map((f) => `${id}: /${regex.source}/${regex.flags}\n    ${f.rule}: ${f.message}`));
    expect(bad, bad.join('\n')).toEqual([]);
  });
});
