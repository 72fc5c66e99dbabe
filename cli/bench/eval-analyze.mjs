#!/usr/bin/env node
// `claude-errors analyze` on logs as people paste them: scores the build on each split of the
// labelled corpus of real excerpts (test/fixtures/analyze-corpus/{tuning,holdout}.jsonl, sources
// in each record) and prints recall, precision and label accuracy per split (corpus-score.mjs
// says how they are counted).
// Usage: npm run eval:analyze [-- --json] [-- --cases]
//   --cases lists the tuning excerpts whose events differ from the expected ones; holdout results
//   are read as figures only, never case by case (they must not steer the recognisers).
import { fileURLToPath } from 'node:url';
import { scanPaths } from '../dist/logscan/index.js';
import { scoreSplit } from './corpus-score.mjs';

const pct = (x) => `${(x * 100).toFixed(1)} %`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = [];
  for (const split of ['tuning', 'holdout']) out.push(await scoreSplit(scanPaths, split));
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(out.map(({ results, ...s }) => s), null, 2)}\n`);
  } else {
    for (const s of out) {
      console.log(
        `${s.split.padEnd(8)} ${s.excerpts} excerpts (${s.without_claude_error} without a Claude API error, ${s.repositories} repositories): ` +
          `recall ${pct(s.recall)} (${s.matched}/${s.expected}), precision ${pct(s.precision)} (${s.matched}/${s.reported}), label accuracy ${pct(s.label_accuracy)}`,
      );
      if (process.argv.includes('--cases') && s.split === 'tuning') {
        for (const r of s.results) if (r.expected !== r.reported || r.labelled !== r.matched) console.log(`  ${r.id}: want ${JSON.stringify(r.want)} got ${JSON.stringify(r.got)}`);
      }
    }
  }
}
