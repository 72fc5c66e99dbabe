#!/usr/bin/env node
// Accuracy of the classifier on the labelled corpora in test/fixtures/classifier/.
//   corpus.jsonl   cases the catalog patterns were written against (tuning set)
//   holdout.jsonl  cases collected afterwards from other sources, never used for tuning
// Usage: npm run eval:classifier [-- --verbose]   (runs `tsc -b analyzer` first)
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { classify } from '../dist/processor/classify/index.js';

const dir = fileURLToPath(new URL('../../test/fixtures/classifier/', import.meta.url));
const verbose = process.argv.includes('--verbose');

function load(name) {
  const path = `${dir}${name}`;
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l);
      } catch (e) {
        throw new Error(`${name}:${i + 1}: ${e.message}`);
      }
    });
}

function evaluate(name, cases) {
  const perEntry = new Map();
  const confusions = new Map();
  let correct = 0;
  for (const c of cases) {
    const got = classify(c.input).catalog_id;
    const stat = perEntry.get(c.expected) ?? { n: 0, ok: 0 };
    stat.n++;
    if (got === c.expected) {
      stat.ok++;
      correct++;
    } else {
      const key = `${c.expected} -> ${got}`;
      const conf = confusions.get(key) ?? { n: 0, ids: [] };
      conf.n++;
      conf.ids.push(c.id);
      confusions.set(key, conf);
    }
    perEntry.set(c.expected, stat);
  }
  const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : '-');
  console.log(`\n== ${name}: ${correct}/${cases.length} correct = ${pct(correct, cases.length)}% ==`);
  console.log('per entry (expected id: correct/total):');
  for (const [id, s] of [...perEntry].sort((a, b) => a[0].localeCompare(b[0]))) {
    console.log(`  ${id.padEnd(36)} ${String(s.ok).padStart(3)}/${String(s.n).padEnd(3)} ${pct(s.ok, s.n)}%`);
  }
  console.log(confusions.size ? 'confusions (expected -> got):' : 'confusions: none');
  for (const [k, v] of [...confusions].sort((a, b) => b[1].n - a[1].n)) {
    console.log(`  ${k}  x${v.n}  [${v.ids.join(', ')}]`);
    if (verbose) for (const id of v.ids) console.log(`    ${JSON.stringify(cases.find((c) => c.id === id).input).slice(0, 240)}`);
  }
  return { correct, total: cases.length };
}

const train = load('corpus.jsonl');
const holdout = load('holdout.jsonl');
const a = evaluate('corpus (tuning set)', train);
const b = evaluate('holdout (not used for tuning)', holdout);
const all = a.correct + b.correct;
const n = a.total + b.total;
console.log(`\noverall: ${all}/${n} = ${((100 * all) / n).toFixed(1)}%`);
