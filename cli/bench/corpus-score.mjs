// Scoring of `analyze` on the labelled corpus (test/fixtures/analyze-corpus), shared by
// `npm run eval:analyze` (cli/bench/eval-analyze.mjs, on the build) and the floors test
// (cli/test/analyze-corpus.test.ts, on the sources):
//   recall         = events matched / events expected
//   precision      = events matched / events reported (a duplicate or a false report lowers it)
//   label accuracy = matched events whose catalog_id is the expected one / events matched
// Events are matched per excerpt by count (the smaller of expected and reported); labels are
// compared as multisets, so the order events are listed in does not matter.
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const CORPUS = fileURLToPath(new URL('../../test/fixtures/analyze-corpus/', import.meta.url));

/** The excerpts of one split ('tuning' or 'holdout'). */
export function loadSplit(split) {
  return readFileSync(`${CORPUS}${split}.jsonl`, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

function countBy(ids) {
  const m = new Map();
  for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1);
  return m;
}

/** `scanPaths`: the analyzer's entry point (from the build or the sources). */
export async function scoreCase(scanPaths, c) {
  const report = await scanPaths(['-'], { stdin: Readable.from([Buffer.from(c.text)]) });
  const got = report.events.map((e) => e.catalog_id);
  const want = c.expected.events.map((e) => e.catalog_id);
  const matched = Math.min(got.length, want.length);
  const g = countBy(got);
  let labelled = 0;
  for (const [id, n] of countBy(want)) labelled += Math.min(n, g.get(id) ?? 0);
  return { id: c.id, expected: want.length, reported: got.length, matched, labelled: Math.min(labelled, matched), got, want };
}

export async function scoreSplit(scanPaths, split) {
  const cases = loadSplit(split);
  const results = [];
  for (const c of cases) results.push(await scoreCase(scanPaths, c));
  const sum = (k) => results.reduce((n, r) => n + r[k], 0);
  const [expected, reported, matched, labelled] = [sum('expected'), sum('reported'), sum('matched'), sum('labelled')];
  return {
    split,
    excerpts: cases.length,
    without_claude_error: cases.filter((c) => c.expected.count === 0).length,
    repositories: new Set(cases.map((c) => c.repository)).size,
    expected,
    reported,
    matched,
    recall: expected ? matched / expected : 1,
    precision: reported ? matched / reported : 1,
    label_accuracy: matched ? labelled / matched : 1,
    results,
  };
}
