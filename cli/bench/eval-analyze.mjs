#!/usr/bin/env node
// `claude-errors analyze` on logs as people paste them: scores the build on each split of the
// labelled corpus of real excerpts (test/fixtures/analyze-corpus/{tuning,holdout}.jsonl, sources
// in each record) and prints recall, precision and label accuracy per split (corpus-score.mjs
// says how they are counted).
// Usage: npm run eval:analyze [-- --json] [-- --cases] [-- --kinds] [-- --forms] [-- --logger-forms [--list]]
//   --cases lists the tuning excerpts whose events differ from the expected ones; holdout results
//   are read as figures only, never case by case (they must not steer the recognisers).
//   --kinds prints, for each split, counts only (no ids, no text): false reports by the catalog
//   entry reported and by whether the excerpt shows any Claude API error (a look-alike, or an
//   extra event in a real one); misses by the catalog entry expected and by whether a status was
//   expected; wrong labels by expected -> reported entry. They say what kinds of real excerpts to
//   gather next, not what rule to write.
//   --forms rewrites every tuning excerpt as it could have been pasted (indented, coloured, cut
//   at 120 columns, stamped by docker, …) and counts, per form, the excerpts whose events change.
//   --logger-forms logs each tuning event's error line again through common loggers' shapes
//   (logger-forms.mjs) and counts, per form, the lines whose events are lost, gained or relabelled
//   against the line scanned bare; other providers' errors, telemetry and successes logged the
//   same ways must give none. --list names the lines that change.
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { scanPaths } from '../dist/logscan/index.js';
import { loadSplit, scoreSplit } from './corpus-score.mjs';
import { envelopeBodyRecord, envelopeObjectRecord, envelopePrettyBelow, envelopeRecord, LOGGER_FORMS, NEGATIVES } from './logger-forms.mjs';

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
  'docker json-file': eachLine((l) => JSON.stringify({ log: `${l}\n`, stream: 'stderr', time: '2025-03-01T10:00:00.123456789Z' })),
};

async function scan(text) {
  return (await scanPaths(['-'], { stdin: Readable.from([Buffer.from(text)]) })).events;
}

async function catalogIds(text) {
  return (await scan(text)).map((e) => e.catalog_id).sort().join(',');
}

/**
 * Each tuning event's error line as its excerpt has it (the excerpt's line the event's text
 * starts, when the report cut it), with its status; each line once.
 */
async function tuningErrorLines() {
  const seen = new Map();
  for (const c of loadSplit('tuning')) {
    if (!c.expected.count) continue;
    for (const e of await scan(c.text)) {
      let text = e.text.endsWith('…') ? e.text.slice(0, -1) : e.text;
      if (e.text.endsWith('…')) text = c.text.split('\n').find((l) => l.includes(text.slice(0, 80)))?.trim() ?? text;
      if (!seen.has(text)) seen.set(text, { id: c.id, text, status: e.status });
    }
  }
  return [...seen.values()];
}

async function loggerForms(list) {
  const lines = await tuningErrorLines();
  const forms = { ...LOGGER_FORMS, 'JSON msg = the envelope': envelopeRecord, 'JSON error = the envelope': envelopeObjectRecord, 'JSON response.body = envelope': envelopeBodyRecord, 'envelope pretty-printed below': envelopePrettyBelow };
  const bare = await Promise.all(lines.map((l) => catalogIds(l.text)));
  const read = lines.filter((_, i) => bare[i] !== '');
  console.log(`${lines.length} distinct tuning error lines, ${read.length} found when scanned bare (the rest need their excerpt's context); ${NEGATIVES.length} negatives`);
  for (const [name, form] of Object.entries(forms)) {
    const n = { lost: [], gained: [], relabelled: [], negatives: [] };
    let tried = 0;
    for (let i = 0; i < lines.length; i++) {
      if (bare[i] === '') continue;
      const text = form(lines[i].text, lines[i].status);
      if (text === null) continue;
      tried++;
      const want = bare[i].split(',');
      const got = (await catalogIds(text)).split(',').filter(Boolean);
      const kind = got.length < want.length ? 'lost' : got.length > want.length ? 'gained' : got.join() !== want.join() ? 'relabelled' : null;
      if (kind) n[kind].push(`${lines[i].id}: ${want} -> ${got.join(',') || '(none)'}`);
    }
    for (const neg of NEGATIVES) {
      const text = form(neg, null);
      if (text !== null && (await catalogIds(text)) !== '') n.negatives.push(neg.slice(0, 60));
    }
    console.log(`${name.padEnd(30)} ${String(tried).padStart(3)} lines: lost ${n.lost.length}, gained ${n.gained.length}, relabelled ${n.relabelled.length}; negatives reported ${n.negatives.length}`);
    if (list) for (const k of Object.keys(n)) for (const x of n[k]) console.log(`    ${k}: ${x}`);
  }
}

/** Multiset a minus b (each element of b removes one equal element of a), in a's order. */
function minus(a, b) {
  const left = [...b];
  return a.filter((x) => {
    const i = left.indexOf(x);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

/**
 * Counts of wrong reports, misses and wrong labels of one split, by kind. Within an excerpt the
 * extra reports (or the missing events) are taken from those whose entry no expected (reported)
 * event has, so a wrong label is not also counted as a false report and a miss.
 */
function kinds(split, s) {
  const cases = loadSplit(split);
  const falseBy = new Map();
  const missBy = new Map();
  const labelBy = new Map();
  const add = (m, k, col) => {
    const row = m.get(k) ?? [0, 0];
    row[col]++;
    m.set(k, row);
  };
  let [lookAlike, extra, missStatus, missNone, mislabelled] = [0, 0, 0, 0, 0];
  s.results.forEach((r, i) => {
    const want = cases[i].expected.events;
    const gotOnly = minus(r.got, r.want);
    const wantOnly = minus(r.want, r.got);
    const nFalse = Math.max(0, r.reported - r.expected);
    const nMiss = Math.max(0, r.expected - r.reported);
    for (const id of gotOnly.slice(0, nFalse)) {
      add(falseBy, id, r.expected ? 1 : 0);
      if (r.expected) extra++;
      else lookAlike++;
    }
    const missed = wantOnly.slice(0, nMiss);
    const pool = [...want];
    for (const id of missed) {
      const e = pool.splice(pool.findIndex((x) => x.catalog_id === id), 1)[0];
      add(missBy, id, e.status == null ? 1 : 0);
      if (e.status == null) missNone++;
      else missStatus++;
    }
    const wrongWant = wantOnly.slice(nMiss);
    const wrongGot = gotOnly.slice(nFalse);
    for (let j = 0; j < Math.min(wrongWant.length, wrongGot.length); j++) {
      add(labelBy, `${wrongWant[j]} -> ${wrongGot[j]}`, 0);
      mislabelled++;
    }
  });
  const rows = (m, cols) =>
    [...m.entries()]
      .sort((a, b) => b[1][0] + b[1][1] - (a[1][0] + a[1][1]) || (a[0] < b[0] ? -1 : 1))
      .map(([k, v]) => `    ${k.padEnd(44)} ${cols.map((c, j) => `${c} ${v[j]}`).join(', ')}`);
  console.log(`${split}: false reports ${lookAlike + extra} (in excerpts with no Claude API error ${lookAlike}, extra in excerpts with one ${extra}), by entry reported:`);
  for (const l of rows(falseBy, ['look-alike', 'extra'])) console.log(l);
  console.log(`${split}: misses ${missStatus + missNone} (status expected ${missStatus}, none ${missNone}), by entry expected:`);
  for (const l of rows(missBy, ['with status', 'without'])) console.log(l);
  console.log(`${split}: wrong labels ${mislabelled}, expected -> reported:`);
  for (const l of rows(labelBy, ['n'])) console.log(l);
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
  if (process.argv.includes('--logger-forms')) {
    await loggerForms(process.argv.includes('--list'));
    process.exit(0);
  }
  if (process.argv.includes('--forms')) {
    await forms();
    process.exit(0);
  }
  const out = [];
  for (const split of ['tuning', 'holdout']) out.push(await scoreSplit(scanPaths, split));
  if (process.argv.includes('--kinds')) {
    for (const s of out) kinds(s.split, s);
  } else if (process.argv.includes('--json')) {
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
