#!/usr/bin/env node
// Accuracy of the classifier on the labelled cases in test/fixtures/classifier/ (README.md there
// says where each case comes from and how the split was made):
//   tuning.jsonl   cases the catalog patterns may be written against
//   holdout.jsonl  cases of other source repositories, read as figures only, never tuned on
// Scored on the guide row (the published error guide's 27 rows): a case is right when the row its
// classification rolls up to (`guide_id`: the entry itself, or the row it `refines`) is the row
// expected. A case expected to fit no row (`expected_guide: null`) is right when the classifier
// names no row either (`unknown`, or an entry that refines none); naming a row there is a false
// claim. `expected_catalog`, where given, is also scored (secondary figure).
// Usage: npm run eval:classifier [-- --verbose]   (runs `tsc -b analyzer` first; --verbose prints the
// inputs of the tuning misses; holdout misses are counted, never listed)
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

const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : '-');
const row = (id) => id ?? '(no guide row)';

/** Scores one set; returns the figures the summary and the floor tests use. */
export function score(cases) {
  let right = 0;
  let noGuide = 0;
  let falseClaims = 0;
  let catalogTotal = 0;
  let catalogRight = 0;
  const recall = new Map();
  const confusions = new Map();
  for (const c of cases) {
    const got = classify(c.input);
    const ok = got.guide_id === c.expected_guide;
    if (ok) right++;
    if (c.expected_guide === null) {
      noGuide++;
      if (got.guide_id !== null) falseClaims++;
    }
    if (c.expected_catalog) {
      catalogTotal++;
      if (got.catalog_id === c.expected_catalog) catalogRight++;
    }
    const r = recall.get(row(c.expected_guide)) ?? { n: 0, ok: 0 };
    r.n++;
    if (ok) r.ok++;
    recall.set(row(c.expected_guide), r);
    if (!ok) {
      const key = `${row(c.expected_guide)} -> ${row(got.guide_id)} (${got.catalog_id})`;
      const conf = confusions.get(key) ?? [];
      conf.push(c);
      confusions.set(key, conf);
    }
  }
  return { total: cases.length, right, noGuide, falseClaims, catalogTotal, catalogRight, recall, confusions };
}

function report(name, cases, showConfusions) {
  const s = score(cases);
  console.log(`\n== ${name}: ${s.right}/${s.total} on the right guide row = ${pct(s.right, s.total)}% ==`);
  console.log(`false claims (expected no row, classified to one): ${s.falseClaims}/${s.noGuide} = ${pct(s.falseClaims, s.noGuide)}%`);
  console.log(`catalog entry, where labelled: ${s.catalogRight}/${s.catalogTotal} = ${pct(s.catalogRight, s.catalogTotal)}%`);
  console.log('recall per guide row (right/expected):');
  for (const [id, r] of [...s.recall].sort((a, b) => a[0].localeCompare(b[0]))) {
    console.log(`  ${id.padEnd(28)} ${String(r.ok).padStart(3)}/${String(r.n).padEnd(3)} ${pct(r.ok, r.n)}%`);
  }
  if (!showConfusions) {
    console.log(`confusions: ${s.confusions.size} kinds (holdout cases are read as figures, not case by case)`);
    return s;
  }
  console.log(s.confusions.size ? 'confusions (expected row -> got row (entry)):' : 'confusions: none');
  for (const [k, v] of [...s.confusions].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`  ${k}  x${v.length}  [${v.map((c) => c.id).join(', ')}]`);
    if (verbose) for (const c of v) console.log(`    ${JSON.stringify(c.input).slice(0, 240)}`);
  }
  return s;
}

function composition(cases) {
  const by = new Map();
  for (const c of cases) by.set(c.surface, (by.get(c.surface) ?? 0) + 1);
  return [...by].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
}

const tuning = load('tuning.jsonl');
const holdout = load('holdout.jsonl');
const all = [...tuning, ...holdout];
console.log(
  `${all.length} cases from ${new Set(all.map((c) => c.source)).size} sources in ${new Set(all.map((c) => c.repo)).size} repositories: tuning ${tuning.length} (${new Set(tuning.map((c) => c.repo)).size} repositories), holdout ${holdout.length} (${new Set(holdout.map((c) => c.repo)).size})`,
);
console.log(`surfaces: ${composition(all)}; expected to fit no guide row: ${all.filter((c) => c.expected_guide === null).length}`);
const a = report('tuning', tuning, true);
// holdout misses are never listed, with or without --verbose: holdout is read as figures only
const b = report('holdout (not used for tuning)', holdout, false);
console.log(
  `\noverall: ${a.right + b.right}/${a.total + b.total} = ${pct(a.right + b.right, a.total + b.total)}% on the guide row; false claims ${a.falseClaims + b.falseClaims}/${a.noGuide + b.noGuide} = ${pct(a.falseClaims + b.falseClaims, a.noGuide + b.noGuide)}%`,
);
