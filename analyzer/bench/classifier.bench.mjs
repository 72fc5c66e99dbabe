#!/usr/bin/env node
// Classifier throughput on one core: messages/s over a mix built from the labelled corpora, with
// request ids, tool ids and long numbers re-randomised per message. Texts without any repeat from
// one round over the corpora to the next (the mix line says how many are distinct); each input is a
// string of its own all the same (copied from UTF-8 bytes, so nothing V8 caches on a string, such
// as its hash, carries over), and the classifier keeps no cache of its own.
// Usage: npm run bench:classifier [-- --seconds 5] [--dist DIR]
//   --dist DIR: the build to measure (default analyzer/dist), e.g. a copy of an earlier build, so
//   that two builds can be run in turn on the same mix.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const arg = (name) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const seconds = Number(arg('--seconds') ?? 3);
const dist = arg('--dist') ? pathToFileURL(`${resolve(arg('--dist'))}/`) : new URL('../dist/', import.meta.url);
const { classify } = await import(new URL('processor/classify/index.js', dist).href);
const dir = fileURLToPath(new URL('../../test/fixtures/classifier/', import.meta.url));
const base = ['tuning.jsonl', 'holdout.jsonl'].flatMap((f) =>
  readFileSync(dir + f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).input),
);

let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const rid = () => Math.floor(rnd() * 36 ** 8).toString(36).padStart(8, '0');
function vary(input) {
  const message = (input.message ?? '')
    .replace(/req_[A-Za-z0-9]+/g, () => `req_011C${rid()}${rid()}`)
    .replace(/toolu_[A-Za-z0-9]+/g, () => `toolu_01${rid()}${rid()}`)
    .replace(/\b\d{4,}\b/g, (d) => String(Number(d) + Math.floor(rnd() * 1000)));
  return { ...input, message: Buffer.from(message, 'utf8').toString('utf8') };
}
const N = 100_000;
const inputs = Array.from({ length: N }, (_, i) => vary(base[i % base.length]));

function run(ms) {
  let n = 0;
  let sink = 0;
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  while (process.hrtime.bigint() < deadline) {
    for (let i = 0; i < 10_000; i++) sink += classify(inputs[(n + i) % N]).confidence;
    n += 10_000;
  }
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { n, s, cpuS: (cpu.user + cpu.system) / 1e6, sink };
}

run(1000); // warm-up: JIT and the per-status rule cache
const { n, s, cpuS } = run(seconds * 1000);
const avgLen = Math.round(inputs.reduce((a, x) => a + x.message.length, 0) / N);
const fmt = (x) => Math.round(x).toLocaleString('en-US');
console.log(`classifier: ${n} messages in ${s.toFixed(2)} s wall = ${fmt(n / s)} msgs/s; ${cpuS.toFixed(2)} s CPU = ${fmt(n / cpuS)} msgs/s per CPU-second (one core)`);
const distinct = new Set(inputs.map((x) => JSON.stringify(x))).size;
console.log(`  mix: ${base.length} corpus shapes, ${N} inputs (${distinct} distinct), mean message length ${avgLen} chars, fingerprint computed for the unknown ones`);
console.log(`  node ${process.versions.node}, ${process.platform}/${process.arch}, load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
