// The collector's per-span CPU cost, stage by stage, on realistic OTLP protobuf bodies: decode
// (protobuf → OTLP model), map (model → records), redact (in place) and toMessages (records →
// keyed JSON-array Kafka values). No HTTP, no gzip, no Kafka: this is the code the request
// handler runs between receiving the body and handing the records to kafkajs.
//
// The bodies come from the ingest benchmark's generator (test/load/spans.mjs, `@claude-errors/testkit/load/spans`): 16
// bodies of 500 spans encoded by the real OpenTelemetry serializer, shaped like the
// instrumentation's output. Each stage is timed with process.cpuUsage() (user + system CPU of
// the whole process, so a busy machine inflates it less than wall time) and hrtime.
//
//   npm run bench:collector                        # tsc -b collector, then this file
//   node collector/bench/hot-path.bench.mjs --bodies 640 --rounds 8 --warmup 40   # more spans, per-round medians
//   node collector/bench/hot-path.bench.mjs --impl /path/to/other/collector/dist   # same bench, another build
import { parseArgs } from 'node:util';
import { createHash } from 'node:crypto';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildTemplates, buildProbe, bodyFor } from '@claude-errors/testkit/load/spans';

const { values: args } = parseArgs({
  options: {
    bodies: { type: 'string', default: '320' },
    rounds: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '32' },
    impl: { type: 'string', default: new URL('../dist', import.meta.url).pathname },
    'max-message-bytes': { type: 'string', default: String(900 * 1024) },
  },
});
const BODIES = Number(args.bodies);
const WARMUP = Number(args.warmup);
const MAX_MESSAGE_BYTES = Number(args['max-message-bytes']);
const impl = resolve(args.impl);
const load = (p) => import(pathToFileURL(resolve(impl, p)).href);

const { decodeTracesProtobuf } = await load('receiver/otlp-http/decode-protobuf.js');
const { mapResourceSpans } = await load('processor/map/map-spans.js');
const { redactRecord } = await load('processor/redact/redact.js');
const { toMessages } = await load('exporter/kafka/messages.js');

// Fixed `now` and a seeded Math.random (the OpenTelemetry SDK draws span and trace ids from it),
// so every run, and every implementation, sees byte-identical bodies.
const realRandom = Math.random;
let seed = 42;
Math.random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const templates = buildTemplates({ count: 16, spansPerRequest: 500, now: 1_767_225_600_000 });
const probe = buildProbe();
Math.random = realRandom;
const bodyCache = new Map();
const bodyOf = (seq) => {
  const k = seq % 64;
  if (!bodyCache.has(k)) bodyCache.set(k, bodyFor(templates, probe, k));
  return bodyCache.get(k);
};
const SPANS_PER_BODY = templates[0].spans;

const STAGES = ['decode', 'map', 'redact', 'toMessages'];
const ROUNDS = Number(args.rounds);
const perRound = Math.max(1, Math.floor(BODIES / ROUNDS));
// rounds[i][stage] = { cpuUs, wallNs } of round i
const rounds = [];
let current = null;

function timed(stage, fn) {
  if (current === null) return fn();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const out = fn();
  const t1 = process.hrtime.bigint();
  const c1 = process.cpuUsage(c0);
  current[stage].cpuUs += c1.user + c1.system;
  current[stage].wallNs += Number(t1 - t0);
  return out;
}

// Main-thread GC pauses (entries arrive asynchronously, after the synchronous loop below).
let gcMs = 0;
let measureStart = Infinity;
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (e.startTime >= measureStart) gcMs += e.duration;
});
gcObserver.observe({ entryTypes: ['gc'] });

// The digest of everything the stages produced for the first 16 bodies: equal digests between two
// implementations mean byte-identical Kafka values (and so identical records, keys and grouping).
const digest = createHash('sha256');
let records = 0;
let messages = 0;
let measuredWallNs = 0;
for (let i = 0; i < WARMUP + perRound * ROUNDS; i++) {
  if (i >= WARMUP && (i - WARMUP) % perRound === 0) {
    current = Object.fromEntries(STAGES.map((st) => [st, { cpuUs: 0, wallNs: 0 }]));
    rounds.push(current);
    if (rounds.length === 1) measureStart = performance.now();
  }
  const body = bodyOf(i);
  const t0 = process.hrtime.bigint();
  const batch = timed('decode', () => decodeTracesProtobuf(body));
  const mapped = timed('map', () => mapResourceSpans(batch));
  timed('redact', () => {
    for (const r of mapped.records) redactRecord(r);
  });
  const msgs = timed('toMessages', () => toMessages(mapped.records, MAX_MESSAGE_BYTES));
  if (current !== null) measuredWallNs += Number(process.hrtime.bigint() - t0);
  if (i < 16) for (const m of msgs) digest.update(m.key).update('\u0001').update(m.value).update('\u0002');
  if (current !== null) {
    records += mapped.records.length;
    messages += msgs.length;
  }
}
await new Promise((r) => setTimeout(r, 100)); // let the gc entries arrive
gcObserver.disconnect();

const spansPerRound = perRound * SPANS_PER_BODY;
const spans = spansPerRound * ROUNDS;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const perSpan = (stageOf) => ({
  cpu: median(rounds.map((r) => stageOf(r).cpuUs / spansPerRound)),
  wall: median(rounds.map((r) => stageOf(r).wallNs / 1000 / spansPerRound)),
  min: Math.min(...rounds.map((r) => stageOf(r).cpuUs / spansPerRound)),
});
const sum = (r) => STAGES.reduce((acc, st) => ({ cpuUs: acc.cpuUs + r[st].cpuUs, wallNs: acc.wallNs + r[st].wallNs }), { cpuUs: 0, wallNs: 0 });
const row = (name, v) => `| ${name} | ${v.cpu.toFixed(2)} | ${v.min.toFixed(2)} | ${v.wall.toFixed(2)} | ${Math.round(1e6 / v.cpu).toLocaleString('en-US')} |`;

console.log(`implementation: ${impl}`);
console.log(`node ${process.version}, ${ROUNDS} rounds × ${perRound} bodies × ${SPANS_PER_BODY} spans = ${spans.toLocaleString('en-US')} spans measured (after ${WARMUP} warm-up bodies); ${(records / spans).toFixed(2)} records per span, ${messages} messages (max ${MAX_MESSAGE_BYTES} bytes each)`);
console.log('');
console.log('| stage | CPU µs/span (median of rounds) | CPU µs/span (best round) | wall µs/span (median) | spans/s per core (from median CPU) |');
console.log('|---|---|---|---|---|');
for (const st of STAGES) console.log(row(st, perSpan((r) => r[st])));
console.log(row('**total**', perSpan(sum)));
console.log('');
console.log(`GC pauses on the main thread during the measured part: ${((gcMs * 1e6 * 100) / measuredWallNs).toFixed(1)} % of its wall time (${(gcMs * 1000 / spans).toFixed(2)} µs/span); CPU includes V8's GC helper threads, so a stage's CPU can exceed its wall time`);
console.log(`output digest (first 16 bodies' Kafka keys and values): ${digest.digest('hex')}`);
