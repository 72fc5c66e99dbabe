#!/usr/bin/env node
// `claude-errors analyze` on logs as people paste them: scores the build on each split of the
// labelled corpus of real excerpts (test/fixtures/analyze-corpus/{tuning,holdout}.jsonl, sources
// in each record) and prints recall, precision and label accuracy per split (corpus-score.mjs
// says how they are counted).
// Usage: npm run eval:analyze [-- --json] [-- --cases] [-- --forms]
//   --cases lists the tuning excerpts whose events differ from the expected ones; holdout results
//   are read as figures only, never case by case (they must not steer the recognisers).
//   --forms rewrites every tuning excerpt as it could have been pasted (indented, coloured, cut
//   at 120 columns, stamped by docker, …) and counts, per form, the excerpts whose events change.
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { scanPaths } from '../dist/logscan/index.js';
import { loadSplit, scoreSplit } from './corpus-score.mjs';

const pct = (x) => `${(x * 100).toFixed(1)} %`;
const eachLine = (f) => (t) => t.split('\n').map(f).join('\n');
const cutAt = (w) => eachLine((l) => (l.match(new RegExp(`.{1,${w}}`, 'gu')) ?? ['']).join('\n'));

/** Forms a log takes on its way into an issue, none of which changes its errors. */
const FORMS = {
  'docker compose prefix': eachLine((l) => `api-1  | ${l}`),
  quoted: eachLine((l) => `> ${l}`),
  'indented 4': eachLine((l) => `    ${l}`),
  'colour codes': eachLine((l) => `\x1b[31m${l}\x1b[0m`),
  'colour codes without ESC': eachLine((l) => `[31m${l}[0m`),
  'Windows line ends': (t) => t.replace(/\n/g, '\r\n'),
  'docker --timestamps': eachLine((l) => `2025-03-01T10:00:00.123456789Z ${l}`),
  'cut at 120 columns': cutAt(120),
};

async function catalogIds(text) {
  const r = await scanPaths(['-'], { stdin: Readable.from([Buffer.from(text)]) });
  return r.events.map((e) => e.catalog_id).sort().join(',');
}

async function forms() {
  const cases = loadSplit('tuning');
  const original = await Promise.all(cases.map((c) => catalogIds(c.text)));
  for (const [name, rewrite] of Object.entries(FORMS)) {
    const changed = [];
    for (let i = 0; i < cases.length; i++) if ((await catalogIds(rewrite(cases[i].text))) !== original[i]) changed.push(cases[i].id);
    console.log(`${name.padEnd(26)} ${changed.length} of ${cases.length} tuning excerpts change${changed.length ? `: ${changed.slice(0, 8).join(', ')}${changed.length > 8 ? ', …' : ''}` : ''}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--forms')) {
    await forms();
    process.exit(0);
  }
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
