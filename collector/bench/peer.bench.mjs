// The collector against its peer, the OpenTelemetry Collector (otelcol: otlpreceiver + kafkaexporter,
// built by test/otelcol/build.ts --config kafka), doing one job on one machine in one run: take
// OTLP/HTTP protobuf trace requests and answer 200 only once Kafka (acks=all) has them.
//
//   npm run bench:peer                                   # builds the peer once (~4.5 min), then 3 rounds
//   npm run bench:peer -- --connections 16 --rounds 3
//   node collector/bench/peer.bench.mjs --otelcol <binary> --contenders ours,otelcol,base --base /other/checkout
//
// One broker (test/kafka: single KRaft node) for the whole run. Every contender first runs one
// unmeasured warm-up round (the broker's JIT and page cache warm up too). Then --rounds rounds;
// in each, every contender runs once, the order reversed from round to round: start the collector,
// send --warmup-requests unmeasured requests, then --spans spans from --connections keep-alive
// connections (closed loop: each connection sends the next body when the previous one was answered;
// 429/503 are sent again after 50 ms), stop it. Bodies: the ingest benchmark's (500 spans each,
// encoded by the OpenTelemetry serializer; request `seq` carries trace ids starting with `seq`),
// byte-identical for every contender. Each round writes a topic of its own (3 partitions).
//
// After the last round every topic is read back: the spans on it must be exactly the spans sent
// (warm-up + measured) with no (trace id, span id) twice: no loss, no duplicate. Ours writes JSON
// arrays of records (a span is its `kind: "call"` record); otelcol writes OTLP protobuf.
//
// Per round: acknowledged spans/s (first send to last 200), request latency p50/p99, CPU of the
// collector's process tree (utime + stime of every process and thread, /proc) per span, its peak RSS
// (VmHWM; summed over the tree when it has several processes), broker CPU per span, and the cores
// other processes used meanwhile (the machine may be shared; such rounds are flagged, not hidden).
// Everything listens on 127.0.0.1; only processes this script started are signalled, by pid.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { useKafkaCodecs } from '@claude-errors/collector/kafka';
import { cpuSeconds, freePort, root, startKafka } from '@claude-errors/testkit/load/processes';
import { sendLoad } from '@claude-errors/testkit/load/send';
import { buildProbe, buildTemplates } from '@claude-errors/testkit/load/spans';

const { values: opt } = parseArgs({
  options: {
    otelcol: { type: 'string', default: process.env.OTELCOL_BIN },
    // The peer's producer codec (ours: --kafka-compression, e.g. in a --variant): gzip as in the issue's set-up, or zstd, lz4, snappy, none.
    'otelcol-compression': { type: 'string', default: 'gzip' },
    contenders: { type: 'string', default: 'ours,otelcol' },
    // Another checkout of this project (built), run as contender `base`: before/after in one run.
    base: { type: 'string' },
    spans: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '4' },
    'warmup-requests': { type: 'string', default: '20' },
    'warmup-spans': { type: 'string', default: '50000' },
    partitions: { type: 'string', default: '3' },
    'pause-ms': { type: 'string', default: '2000' },
    // Extra arguments for our collector (both `ours` and `base`), e.g. "--kafka-lanes 1".
    'ours-args': { type: 'string', default: '' },
    // More contenders of this checkout with arguments of their own: --variant "one-lane=--kafka-lanes 1"
    // (then name them in --contenders); a word `node:<flag>` is a flag for node itself, a word
    // `env:NAME=value` an environment variable of the collector's process (e.g. env:CE_COLLECTOR_NODE_FLAGS=none).
    variant: { type: 'string', multiple: true, default: [] },
    // Poll ours' /metrics every 50 ms and report how often a Kafka send was in flight.
    'probe-metrics': { type: 'boolean', default: false },
    'print-config': { type: 'boolean', default: false },
    // Run our collectors under `node --cpu-prof`, profiles written to this folder (costs CPU: not for figures).
    'cpu-prof': { type: 'string' },
    out: { type: 'string' },
  },
});
const SPANS_PER_REQUEST = 500;
const SPANS = Number(opt.spans);
const REQUESTS = Math.ceil(SPANS / SPANS_PER_REQUEST);
const ROUNDS = Number(opt.rounds);
const CONNECTIONS = Number(opt.connections);
const WARMUP = Number(opt['warmup-requests']);
const PARTITIONS = Number(opt.partitions);
const CONTENDERS = opt.contenders.split(',').filter(Boolean);
const VARIANTS = new Map(opt.variant.map((v) => [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1).split(/\s+/).filter(Boolean)]));
for (const c of CONTENDERS) if (!['ours', 'base', 'otelcol'].includes(c) && !VARIANTS.has(c)) throw new Error(`contender ${c}: not ours, base, otelcol or a --variant`);
if (!['gzip', 'zstd', 'lz4', 'snappy', 'none'].includes(opt['otelcol-compression'])) throw new Error(`--otelcol-compression: ${opt['otelcol-compression']} is not gzip, zstd, lz4, snappy or none`);
for (const n of [SPANS, ROUNDS, CONNECTIONS, WARMUP, PARTITIONS]) if (!(Number.isInteger(n) && n >= 1)) throw new Error('numeric options must be positive integers');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

// The peer's configuration: the same acknowledgement as ours (wait_for_result: the 200 waits for
// the produce with required_acks -1), gzip (--otelcol-compression), batches of what arrives within 5 ms (ours: lingerMs 5),
// a bounded queue (ours: maxPendingRecords 50,000 records ≈ 22,700 spans) that refuses when full.
function otelcolConfig({ port, brokers, topic }) {
  return `receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${port}
exporters:
  kafka:
    brokers: [${brokers.map((b) => JSON.stringify(b)).join(', ')}]
    protocol_version: 4.0.0
    client_id: otelcol-peer
    timeout: 10s
    traces:
      topic: ${topic}
      encoding: otlp_proto
    producer:
      required_acks: -1
      compression: ${opt['otelcol-compression']}
      linger: 5ms
      max_message_bytes: 4194304
      flush_max_messages: 10000
      allow_auto_topic_creation: false
    retry_on_failure:
      enabled: true
    sending_queue:
      enabled: true
      wait_for_result: true
      block_on_overflow: false
      sizer: items
      queue_size: 22700
      num_consumers: 10
      batch:
        flush_timeout: 5ms
        sizer: items
        min_size: 2800
        max_size: 2800
service:
  telemetry:
    metrics:
      level: none
    logs:
      level: warn
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [kafka]
`;
}

if (opt['print-config']) {
  process.stdout.write(otelcolConfig({ port: 4318, brokers: ['127.0.0.1:9092'], topic: 'peer-otelcol' }));
  process.exit(0);
}

async function otelcolBinary() {
  if (opt.otelcol) return resolve(opt.otelcol);
  const { ensureOtelcol } = await import(`${root}test/otelcol/build.ts`);
  const built = await ensureOtelcol((line) => log(line), 'kafka');
  if (!built.ok) throw new Error(`cannot build the peer collector: ${built.reason}`);
  return built.bin;
}

// ---------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------

/** The pid and every descendant pid (a collector may run several processes). */
function processTree(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // ended while listing
    }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]) ?? []));
  return out;
}

const treeCpuSeconds = (pids) => pids.reduce((s, p) => s + (cpuSeconds(p) ?? 0), 0);

function treePeakRssMiB(pids) {
  let kb = 0;
  for (const p of pids) {
    try {
      kb += Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // ended
    }
  }
  return kb / 1024;
}

/** Busy seconds of the whole machine (every core), from /proc/stat. */
function machineBusySeconds() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(1, 9).map(Number);
  return (f.reduce((a, b) => a + b, 0) - f[3] - f[4]) / 100;
}

function startProcess(cmd, args, cwd, env = {}) {
  const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  const keep = (c) => (output = (output + c).slice(-30_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return {
    pid: child.pid,
    output: () => output,
    running: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
}

async function untilReady(proc, name, probe) {
  const end = Date.now() + 90_000;
  while (!(await probe().catch(() => false))) {
    if (!proc.running()) throw new Error(`${name} exited:\n${proc.output()}`);
    if (Date.now() > end) {
      await proc.stop();
      throw new Error(`${name} not ready within 90 s:\n${proc.output()}`);
    }
    await sleep(100);
  }
}

async function startContender(name, { port, brokers, topic, work, otelcol }) {
  if (name === 'otelcol') {
    const file = join(work, `${topic}.yaml`);
    writeFileSync(file, otelcolConfig({ port, brokers, topic }));
    const proc = startProcess(otelcol, ['--config', `file:${file}`], work);
    // Ready once an empty request is answered 200 (the pipeline is up; nothing is produced).
    await untilReady(proc, name, async () => {
      const res = await fetch(`http://127.0.0.1:${port}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: new Uint8Array(0) });
      await res.arrayBuffer();
      return res.status === 200;
    });
    return proc;
  }
  const checkout = name === 'base' ? resolve(opt.base) : root;
  const words = [...opt['ours-args'].split(/\s+/).filter(Boolean), ...(VARIANTS.get(name) ?? [])];
  const extra = words.filter((w) => !w.startsWith('node:') && !w.startsWith('env:'));
  const nodeArgs = words.filter((w) => w.startsWith('node:')).map((w) => w.slice(5));
  const env = Object.fromEntries(words.filter((w) => w.startsWith('env:')).map((w) => [w.slice(4, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
  const args = ['bin/claude-errors.mjs', 'collector', '--kafka', brokers.join(','), '--topic', topic, '--otlp-port', String(port), '--log-level', 'warn', ...extra];
  const prof = opt['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', resolve(opt['cpu-prof']), '--cpu-prof-name', `${topic}.cpuprofile`] : [];
  const proc = startProcess(process.execPath, [...nodeArgs, ...prof, ...args], checkout, env);
  await untilReady(proc, name, async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200);
  return proc;
}

// ---------------------------------------------------------------------------------------------
// Reading a topic back
// ---------------------------------------------------------------------------------------------

function varint(buf, pos) {
  let value = 0;
  for (let shift = 1, i = 0; i < 10; i++, shift *= 128) {
    const b = buf[pos++];
    value += (b & 0x7f) * shift;
    if (b < 0x80) return [value, pos];
  }
  throw new Error('varint longer than 10 bytes');
}

/** Calls `onField(field, start, end)` for each length-delimited field of buf[start, end). */
function eachBytesField(buf, start, end, onField) {
  let pos = start;
  while (pos < end) {
    let tag;
    [tag, pos] = varint(buf, pos);
    const wire = tag & 7;
    if (wire === 2) {
      let len;
      [len, pos] = varint(buf, pos);
      onField(tag >>> 3, pos, pos + len);
      pos += len;
    } else if (wire === 0) pos = varint(buf, pos)[1];
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(`wire type ${wire} in an OTLP message`);
  }
}

/** Span ids ("traceId/spanId", hex) of an OTLP TracesData: resource_spans(1) > scope_spans(2) > spans(2). */
function otlpSpanIds(buf, out) {
  eachBytesField(buf, 0, buf.length, (f, rs, re) => {
    if (f !== 1) return;
    eachBytesField(buf, rs, re, (g, ss, se) => {
      if (g !== 2) return;
      eachBytesField(buf, ss, se, (h, s, e) => {
        if (h !== 2) return;
        let trace = '';
        let span = '';
        eachBytesField(buf, s, e, (k, a, b) => {
          if (k === 1) trace = buf.toString('hex', a, b);
          else if (k === 2) span = buf.toString('hex', a, b);
        });
        out.push(`${trace}/${span}`);
      });
    });
  });
}

/** Every span on a topic: count, distinct ids, messages, value bytes. */
async function readTopic(kafka, admin, topic, format) {
  const offsets = await admin.fetchTopicOffsets(topic);
  const messages = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  const ids = new Set();
  let spans = 0;
  let valueBytes = 0;
  let seen = 0;
  if (messages === 0) return { messages, spans, distinct: 0, valueBytes };
  const consumer = kafka.consumer({ groupId: `peer-read-${topic}`, maxWaitTimeInMs: 100, maxBytes: 64 << 20 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`${topic}: read ${seen} of ${messages} messages in 180 s`)), 180_000);
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            for (const m of batch.messages) {
              seen++;
              valueBytes += m.value.length;
              const found = [];
              if (format === 'json') {
                for (const r of JSON.parse(m.value.toString('utf8'))) if (r.kind === 'call') found.push(`${r.trace_id}/${r.span_id}`);
              } else otlpSpanIds(m.value, found);
              spans += found.length;
              for (const id of found) ids.add(id);
            }
            if (seen >= messages) {
              clearTimeout(timer);
              done();
            }
          },
        })
        .catch(fail);
    });
  } finally {
    await consumer.disconnect();
  }
  return { messages, spans, distinct: ids.size, valueBytes };
}

// ---------------------------------------------------------------------------------------------
// One round of one contender
// ---------------------------------------------------------------------------------------------

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

/** Polls /metrics every 50 ms; returns the share of polls that saw a Kafka send in flight. */
function pollInFlight(port) {
  let stop = false;
  let polls = 0;
  let inFlight = 0;
  let queued = 0;
  const loop = (async () => {
    while (!stop) {
      try {
        const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        polls++;
        if (Number(/^exporter_in_flight_records (\d+)/m.exec(text)?.[1] ?? 0) > 0) inFlight++;
        if (Number(/^exporter_pending_records (\d+)/m.exec(text)?.[1] ?? 0) > 0) queued++;
      } catch {
        // a poll that failed is not counted
      }
      await sleep(50);
    }
  })();
  return async () => {
    stop = true;
    await loop;
    return { polls, inFlightShare: polls ? inFlight / polls : null, queuedShare: polls ? queued / polls : null };
  };
}

async function runRound(ctx, name, round, requests) {
  const topic = `peer-${name}-r${round}`;
  await ctx.admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/v1/traces`;
  const proc = await startContender(name, { port, brokers: ctx.brokers, topic, work: ctx.work, otelcol: ctx.otelcol });
  try {
    await sendLoad({ url, templates: ctx.templates, probe: ctx.probe, first: 0, count: WARMUP, connections: CONNECTIONS });
    const pids = processTree(proc.pid);
    const cpu0 = treeCpuSeconds(pids);
    const broker0 = cpuSeconds(ctx.brokerPid) ?? 0;
    const self0 = process.cpuUsage();
    const machine0 = machineBusySeconds();
    const probing = opt['probe-metrics'] && name !== 'otelcol' ? pollInFlight(port) : null;
    const { results, refusals } = await sendLoad({ url, templates: ctx.templates, probe: ctx.probe, first: WARMUP, count: requests, connections: CONNECTIONS });
    const probed = probing ? await probing() : null;
    const cpu = treeCpuSeconds(pids) - cpu0;
    const brokerCpu = (cpuSeconds(ctx.brokerPid) ?? 0) - broker0;
    const selfUsage = process.cpuUsage(self0);
    const selfCpu = (selfUsage.user + selfUsage.system) / 1e6;
    const machine = machineBusySeconds() - machine0;
    const rss = treePeakRssMiB(pids);
    const seconds = (Math.max(...results.map((r) => r.ackedAt)) - Math.min(...results.map((r) => r.firstSentAt))) / 1000;
    const spans = results.length * SPANS_PER_REQUEST;
    const latency = results.map((r) => r.ackedAt - r.sentAt);
    return {
      name,
      round,
      topic,
      spans,
      seconds,
      spansPerSec: spans / seconds,
      p50Ms: percentile(latency, 50),
      p99Ms: percentile(latency, 99),
      refusals,
      processes: pids.length,
      cpuUsPerSpan: (cpu * 1e6) / spans,
      cores: cpu / seconds,
      peakRssMiB: rss,
      brokerUsPerSpan: (brokerCpu * 1e6) / spans,
      otherCores: Math.max(0, (machine - cpu - brokerCpu - selfCpu) / seconds),
      probed,
      expectedSpans: (WARMUP + requests) * SPANS_PER_REQUEST,
    };
  } finally {
    const exit = await proc.stop();
    if (exit.code) log(`${name} r${round}: exit code ${exit.code}\n${proc.output().slice(-2000)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x, digits = 0) => (typeof x === 'number' && Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '?');

if (CONTENDERS.includes('base') && !(opt.base && existsSync(join(resolve(opt.base), 'bin/claude-errors.mjs')))) throw new Error('--base <a built checkout of this project> is required for contender base');
const otelcol = CONTENDERS.includes('otelcol') ? await otelcolBinary() : null;
const work = mkdtempSync(join(tmpdir(), 'bench-peer-'));
const templates = buildTemplates({ count: 16, spansPerRequest: SPANS_PER_REQUEST - 1 }); // + the probe span
const probe = buildProbe();
const { broker, pid: brokerPid } = await startKafka();
useKafkaCodecs(); // topics written with zstd are read back too
const kafka = new Kafka({ brokers: broker.brokers, clientId: 'bench-peer', logLevel: logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();
const ctx = { brokers: broker.brokers, brokerPid, admin, work, otelcol, templates, probe };
log(`${CONTENDERS.join(', ')}: ${ROUNDS} rounds of ${fmt(REQUESTS * SPANS_PER_REQUEST)} spans (${REQUESTS} requests of ${SPANS_PER_REQUEST}) from ${CONNECTIONS} connections; broker ${broker.brokers} (pid ${brokerPid}); work folder ${work}`);

const runs = [];
let checks = [];
try {
  const warmupRequests = Math.ceil(Number(opt['warmup-spans']) / SPANS_PER_REQUEST);
  for (const name of warmupRequests > 0 ? CONTENDERS : []) {
    const r = await runRound(ctx, name, 0, warmupRequests);
    runs.push({ ...r, warmup: true });
    log(`warm-up ${name}: ${fmt(r.spansPerSec)} spans/s (not in the table)`);
  }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const name of round % 2 ? CONTENDERS : [...CONTENDERS].reverse()) {
      await sleep(Number(opt['pause-ms']));
      const r = await runRound(ctx, name, round, REQUESTS);
      runs.push(r);
      const inflight = r.probed ? `, send in flight in ${fmt(r.probed.inFlightShare * 100)} % of ${r.probed.polls} polls (records queued in ${fmt(r.probed.queuedShare * 100)} %)` : '';
      log(
        `r${round} ${name.padEnd(8)} ${fmt(r.spansPerSec)} spans/s, p50 ${fmt(r.p50Ms, 1)} ms, p99 ${fmt(r.p99Ms, 1)} ms, ${r.cpuUsPerSpan.toFixed(1)} µs CPU/span ` +
          `(${r.cores.toFixed(2)} cores, ${r.processes} process(es)), peak RSS ${fmt(r.peakRssMiB)} MiB, broker ${r.brokerUsPerSpan.toFixed(1)} µs/span, ` +
          `other processes ${r.otherCores.toFixed(2)} cores, refused 429×${r.refusals[429]} 503×${r.refusals[503]}${inflight}`,
      );
    }
  }
  log('reading every topic back ...');
  checks = [];
  for (const r of runs) {
    const c = await readTopic(kafka, admin, r.topic, r.name === 'otelcol' ? 'otlp' : 'json');
    r.topicCheck = c;
    r.exact = c.spans === r.expectedSpans && c.distinct === r.expectedSpans;
    checks.push(r.exact);
    log(`${r.topic}: ${fmt(c.messages)} messages, ${fmt(c.spans)} spans, ${fmt(c.distinct)} distinct (sent ${fmt(r.expectedSpans)}): ${r.exact ? 'exact' : 'MISMATCH'}`);
  }
} finally {
  await admin.disconnect().catch(() => {});
  await broker.stop();
}

const measured = runs.filter((r) => !r.warmup);
const rows = [
  ['acknowledged spans/s', (r) => r.spansPerSec, 0],
  ['request p50 ms', (r) => r.p50Ms, 1],
  ['request p99 ms', (r) => r.p99Ms, 1],
  ['collector CPU µs/span', (r) => r.cpuUsPerSpan, 1],
  ['collector cores busy', (r) => r.cores, 2],
  ['collector peak RSS MiB', (r) => r.peakRssMiB, 0],
  ['broker CPU µs/span', (r) => r.brokerUsPerSpan, 1],
  ['other processes, cores', (r) => r.otherCores, 2],
  ['topic value bytes/span', (r) => r.topicCheck.valueBytes / r.topicCheck.spans, 0],
];
const summary = {};
for (const name of CONTENDERS) {
  const mine = measured.filter((r) => r.name === name);
  summary[name] = Object.fromEntries(rows.map(([label, f]) => [label, { median: median(mine.map(f)), min: Math.min(...mine.map(f)), max: Math.max(...mine.map(f)) }]));
}
console.log(`\n${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${CONNECTIONS} connections, ${ROUNDS} rounds, median (min–max)\n`);
console.log(`| metric | ${CONTENDERS.join(' | ')} |\n|---|${CONTENDERS.map(() => '---:').join('|')}|`);
for (const [label, , d] of rows) console.log(`| ${label} | ${CONTENDERS.map((c) => `${fmt(summary[c][label].median, d)} (${fmt(summary[c][label].min, d)}–${fmt(summary[c][label].max, d)})`).join(' | ')} |`);
// Ratios per round (each pair ran back to back), then their median: steadier than a ratio of medians.
const ratios = {};
for (const name of CONTENDERS.filter((c) => c !== 'otelcol' && CONTENDERS.includes('otelcol'))) {
  const per = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const a = measured.find((r) => r.name === name && r.round === round);
    const b = measured.find((r) => r.name === 'otelcol' && r.round === round);
    if (a && b) per.push({ throughput: a.spansPerSec / b.spansPerSec, cpu: a.cpuUsPerSpan / b.cpuUsPerSpan });
  }
  ratios[name] = { throughput: median(per.map((p) => p.throughput)), cpuPerSpan: median(per.map((p) => p.cpu)), perRound: per };
  console.log(`${name} / otelcol, median of per-round ratios: throughput ${ratios[name].throughput.toFixed(2)}× (${per.map((p) => p.throughput.toFixed(2)).join(', ')}), CPU per span ${ratios[name].cpuPerSpan.toFixed(2)}× (${per.map((p) => p.cpu.toFixed(2)).join(', ')})`);
}
const allExact = checks.length === runs.length && checks.every(Boolean);
console.log(`every topic holds exactly the spans sent, none twice: ${allExact ? 'yes' : 'NO'}`);
if (opt.out) writeFileSync(opt.out, JSON.stringify({ options: opt, runs, summary, ratios }, null, 2));
if (!allExact) process.exitCode = 1;
