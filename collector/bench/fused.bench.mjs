// The decode thread's work per span (decode-fused.ts: protobuf traces decoded, mapped, redacted and
// encoded for Kafka a span at a time), for one build or several in turn in one process: CPU µs per
// span of `decodeEncodeTraces` on the ingest benchmark's bodies (500 spans each, byte-identical for
// every build), median of rounds, builds alternating each round; and a digest of the encoded bytes
// of the first 16 bodies, which must be equal between builds.
//
//   node collector/bench/fused.bench.mjs                           # this checkout's collector/dist
//   node collector/bench/fused.bench.mjs /other/collector/dist collector/dist
//   FUSED_ROUNDS=41 FUSED_PER_ROUND=20 node collector/bench/fused.bench.mjs …   # more, shorter rounds
// (a dist outside the repository needs node_modules reachable from it: a symlink in a parent folder,
// and a package.json with "type": "module" beside it). With two builds it also prints the median
// of the per-round ratios second / first, steadier than the ratio of medians on a busy host.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildTemplates, buildProbe, bodyFor } from '@claude-errors/testkit/load/spans';

const dists = process.argv.slice(2).length ? process.argv.slice(2) : [new URL('../dist', import.meta.url).pathname];
const ROUNDS = Number(process.env.FUSED_ROUNDS ?? 7);
const PER_ROUND = Number(process.env.FUSED_PER_ROUND ?? 200);
const OPTS = { receivedAtMs: 1_767_225_660_000 };

// Seeded Math.random (the OpenTelemetry SDK draws ids from it) and a fixed `now`: the same bodies every run.
const realRandom = Math.random;
let seed = 42;
Math.random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const templates = buildTemplates({ count: 16, spansPerRequest: 500, now: 1_767_225_600_000 });
const probe = buildProbe();
Math.random = realRandom;
const bodies = Array.from({ length: 64 }, (_, k) => bodyFor(templates, probe, k));
const spans = templates[0].spans;

const builds = [];
for (const d of dists) {
  const { decodeEncodeTraces } = await import(pathToFileURL(resolve(d, 'receiver/otlp-http/decode-fused.js')).href);
  const digest = createHash('sha256');
  for (let j = 0; j < 16; j++) for (const g of decodeEncodeTraces(bodies[j], OPTS).encoded.groups) digest.update(g.key).update(g.bytes);
  for (let j = 0; j < 100; j++) decodeEncodeTraces(bodies[j % 64], OPTS); // warm-up
  builds.push({ d, run: decodeEncodeTraces, digest: digest.digest('hex').slice(0, 16), us: [] });
}
for (let r = 0; r < ROUNDS; r++) {
  for (const b of r % 2 ? [...builds].reverse() : builds) {
    const c0 = process.cpuUsage();
    for (let j = 0; j < PER_ROUND; j++) b.run(bodies[j % 64], OPTS);
    const c = process.cpuUsage(c0);
    b.us.push((c.user + c.system) / (PER_ROUND * spans));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`Node ${process.version}, ${ROUNDS} rounds × ${PER_ROUND} bodies × ${spans} spans per build`);
for (const b of builds) console.log(`${b.d}: ${median(b.us).toFixed(2)} µs CPU per span (rounds ${b.us.map((x) => x.toFixed(2)).join(' ')}), output digest ${b.digest}`);
if (builds.length === 2) console.log(`second / first, median of per-round ratios: ${median(builds[1].us.map((x, i) => x / builds[0].us[i])).toFixed(3)}`);
