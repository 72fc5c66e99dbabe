#!/usr/bin/env node
// Ingest benchmark: OTLP protobuf over HTTP -> collector -> (Kafka | embedded queue) -> analyzer
// -> DuckDB, until queryable through the analyzer's API. Separate processes of the built CLI; a
// real Kafka broker on the same machine. Also kafkajs producer and consumer on their own.
//
//   npm run bench:ingest                                   # 100k and 1M spans, embedded + kafka + kafkajs
//   npm run bench:ingest -- --spans 20000 --modes embedded  # quick run (or CE_BENCH_SPANS=20000)
//
// Options: --spans (comma list), --modes (embedded,kafka,kafkajs), --connections (4),
// --spans-per-request (500, the OpenTelemetry batch processor's usual export size),
// --poll-ms (20), --cpu-prof <dir> (run the CLI processes under node --cpu-prof),
// --rate <spans/s> (open loop at that rate instead of as fast as the pipeline answers: latency
// below saturation; 0, the default, finds the maximum).
//
// Definitions:
//   end-to-end spans/s: spans sent / (first request sent -> all their rows counted as stored by
//     the analyzer's analyzer_stored_records_total, polled every --poll-ms)
//   sustained spans/s: the same, between 10 % and 90 % of the rows stored (no start-up or tail)
//   ingest-to-queryable latency: per request, from the start of the send that got the 2xx to the
//     start of the first API poll (GET /api/v1/errors) whose answer held the request's probe row
//     (resolution: one poll interval plus the poll's own time). ack->visible is the same from the
//     2xx; negative in embedded mode, where the 2xx follows the DuckDB commit.
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { runKafkajs } from './kafkajs.mjs';
import { runPipeline, summarize } from './pipeline.mjs';
import { peakRssMiB, startKafka } from '@claude-errors/testkit/load/processes';
import { buildProbe, buildTemplates } from '@claude-errors/testkit/load/spans';

const { values } = parseArgs({
  options: {
    spans: { type: 'string', default: process.env.CE_BENCH_SPANS ?? '100000,1000000' },
    modes: { type: 'string', default: process.env.CE_BENCH_MODES ?? 'embedded,kafka,kafkajs' },
    connections: { type: 'string', default: '4' },
    'spans-per-request': { type: 'string', default: '500' },
    'poll-ms': { type: 'string', default: '20' },
    'cpu-prof': { type: 'string' },
    rate: { type: 'string', default: '0' },
  },
});
const sizes = values.spans.split(',').map(Number);
const modes = values.modes.split(',');
const connections = Number(values.connections);
const spansPerRequest = Number(values['spans-per-request']);
const pollMs = Number(values['poll-ms']);
const rate = Number(values.rate);
const nodeArgs = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']] : [];
if (sizes.some((n) => !Number.isInteger(n) || n < spansPerRequest) || !(connections >= 1) || !(spansPerRequest >= 2)) {
  throw new Error('--spans must be integers >= --spans-per-request, --connections >= 1, --spans-per-request >= 2');
}

const t0 = performance.now();
const templates = buildTemplates({ count: 16, spansPerRequest: spansPerRequest - 1 }); // + 1 probe span per request
const probe = buildProbe();
const bodyKiB = templates.reduce((n, t) => n + t.bytes.length + probe.bytes.length, 0) / templates.length / 1024;
const rowsPerSpan = templates.reduce((n, t) => n + t.rows + probe.rows, 0) / templates.length / spansPerRequest;
console.log(`templates: 16 bodies of ${spansPerRequest} spans, ${bodyKiB.toFixed(0)} KiB each (protobuf), ${rowsPerSpan.toFixed(2)} rows per span; built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const ms = (x) => `${Math.round(x)} ms`;
const k = (x) => `${(x / 1000).toFixed(1)}k`;
const mib = (x) => (x === null ? '?' : `${Math.round(x)} MiB`);
const lines = [];

for (const spans of sizes) {
  const requests = Math.ceil(spans / spansPerRequest);
  let kafka;
  if (modes.includes('kafka') || modes.includes('kafkajs')) kafka = await startKafka();
  try {
    for (const mode of modes.filter((m) => m !== 'kafkajs')) {
      const run = await runPipeline({ mode, brokers: kafka?.broker.brokers, templates, probe, requests, connections, pollMs, nodeArgs, requestsPerSec: rate / spansPerRequest });
      const s = summarize(run, spansPerRequest);
      if (mode === 'kafka') s.processes.push({ name: 'broker (JVM, since its start)', peakRssMiB: peakRssMiB(kafka.pid), cpuSeconds: null });
      const rss = s.processes.map((p) => `${p.name} ${mib(p.peakRssMiB)}${p.cpuSeconds !== null ? ` (cpu ${p.cpuSeconds.toFixed(1)} s)` : ''}`).join(', ');
      console.log(
        `${mode} ${k(s.spans)} spans (${s.requests} requests, ${k(s.rows)} rows) in ${s.seconds.toFixed(2)} s: end-to-end ${k(s.e2eSpansPerSec)} spans/s, ` +
          `sustained ${k(s.sustainedSpansPerSec)} spans/s, acknowledged ${k(s.ackedSpansPerSec)} spans/s; ` +
          `send->queryable p50 ${ms(s.sendToVisible.p50)} p99 ${ms(s.sendToVisible.p99)} max ${ms(s.sendToVisible.max)}; ` +
          `2xx->queryable p50 ${ms(s.ackToVisible.p50)} p99 ${ms(s.ackToVisible.p99)}; send->2xx p50 ${ms(s.sendToAck.p50)} p99 ${ms(s.sendToAck.p99)}; ` +
          `refused 429 x${s.refused[429]} 503 x${s.refused[503]}; peak RSS ${rss}`,
      );
      lines.push(
        `| ${mode} | ${k(s.spans)} | ${k(s.e2eSpansPerSec)} | ${k(s.sustainedSpansPerSec)} | ${k(s.ackedSpansPerSec)} | ${ms(s.sendToVisible.p50)} | ${ms(s.sendToVisible.p99)} | ` +
          `${ms(s.ackToVisible.p50)} / ${ms(s.ackToVisible.p99)} | ${s.refused[429] + s.refused[503]} | ${rss} |`,
      );
    }
    if (modes.includes('kafkajs')) {
      const records = Math.round(spans * rowsPerSpan);
      const r = await runKafkajs({ brokers: kafka.broker.brokers, templates, probe, records });
      for (const codec of ['gzip', 'none']) {
        const { produced, consumed, batchRecords } = r[codec];
        const toSpans = (rps) => k(rps / rowsPerSpan);
        console.log(
          `kafkajs ${codec}, ${k(r.records)} records, ${batchRecords} per send: producer ${k(produced.recordsPerSec)} records/s (= ${toSpans(produced.recordsPerSec)} spans/s; JSON encoding ${Math.round(produced.jsonEncodeShare * 100)} % of it), ` +
            `consumer ${k(consumed.recordsPerSec)} records/s (= ${toSpans(consumed.recordsPerSec)} spans/s)`,
        );
        lines.push(`| kafkajs ${codec}, ${batchRecords} records per send | ${k(r.records)} rec | producer ${k(produced.recordsPerSec)} rec/s = ${toSpans(produced.recordsPerSec)} spans/s | consumer ${k(consumed.recordsPerSec)} rec/s = ${toSpans(consumed.recordsPerSec)} spans/s | | | | | | |`);
      }
    }
  } finally {
    await kafka?.broker.stop();
  }
}

console.log(`\nmachine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}; ${connections} connections, ${spansPerRequest} spans per request, poll ${pollMs} ms, ${rate > 0 ? `open loop at ${rate} spans/s` : 'closed loop (as fast as answered)'}`);
console.log('targets: >= 100k spans/s sustained, p99 ingest-to-queryable < 1 s, collector peak RSS < 300 MiB\n');
console.log('| mode | spans | end-to-end spans/s | sustained spans/s | acknowledged spans/s | send→queryable p50 | p99 | 2xx→queryable p50 / p99 | 429/503 | peak RSS |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const l of lines) console.log(l);
