// The collector's Kafka client, measured alone: kafkajs (the client behind KafkaExporter) against
// @platformatic/kafka (pure JavaScript), producing the same messages to the same broker with the
// same guarantees: idempotent producer, acks=-1, gzip, explicit partitions, batches of 10,000
// records (the exporter's maxBatchRecords), one send in flight per producer.
//
//   npm run bench:kafka-clients                       # tsc -b collector test, then this file
//   node collector/bench/kafka-clients.bench.mjs --rounds 5 --batches 20
//   node collector/bench/kafka-clients.bench.mjs --platformatic-from /some/folder/node_modules
//
// The messages are the exporter's own: the ingest benchmark's OTLP bodies (500 spans each)
// decoded, mapped and cut by toMessages, built once before any round. Each round runs each client
// in a fresh child process (the order alternates), which connects, sends one unmeasured batch,
// then --batches batches one after another, and reports CPU of the whole process (all threads:
// gzip runs on libuv's pool) per record over the sends, records/s and peak RSS. Afterwards the
// topic's offsets must hold exactly the messages sent. @platformatic/kafka is not a dependency of
// this project: the script takes it from --platformatic-from (a node_modules folder), or skips it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { root, startKafka } from '@claude-errors/testkit/load/processes';
import { bodyFor, buildProbe, buildTemplates } from '@claude-errors/testkit/load/spans';

const { values: opt } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    batches: { type: 'string', default: '12' },
    'batch-records': { type: 'string', default: '10000' },
    clients: { type: 'string', default: 'kafkajs-gzip6,kafkajs-gzip1,platformatic-gzip6,platformatic-gzip1' },
    'platformatic-from': { type: 'string' },
    // Child mode (internal): one client, one round.
    child: { type: 'string' },
    brokers: { type: 'string' },
    topic: { type: 'string' },
  },
});
const BATCHES = Number(opt.batches);
const BATCH_RECORDS = Number(opt['batch-records']);
const PARTITIONS = 3;
const dist = (p) => import(pathToFileURL(join(root, 'collector/dist', p)).href);

/** The exporter's messages for `batches` + 1 batches of BATCH_RECORDS records, with their partitions. */
async function buildBatches(batches) {
  const { decodeTracesProtobuf } = await dist('receiver/otlp-http/decode-protobuf.js');
  const { mapResourceSpans } = await dist('processor/map/map-spans.js');
  const { redactRecord } = await dist('processor/redact/redact.js');
  const { toMessages } = await dist('exporter/kafka/messages.js');
  const { keyPartitioner } = await dist('exporter/kafka/lane.js');
  const partitionOf = keyPartitioner(PARTITIONS);
  const templates = buildTemplates({ count: 16, spansPerRequest: 499, now: 1_767_225_600_000 });
  const probe = buildProbe();
  const out = [];
  let pending = [];
  for (let seq = 0; out.length < batches; seq++) {
    const { records } = mapResourceSpans(decodeTracesProtobuf(bodyFor(templates, probe, seq, 1_767_225_600_000)));
    for (const r of records) redactRecord(r);
    pending.push(...records);
    if (pending.length >= BATCH_RECORDS) {
      const batch = pending.slice(0, BATCH_RECORDS);
      pending = pending.slice(BATCH_RECORDS);
      out.push(toMessages(batch, 512 * 1024).map((m) => ({ key: m.key, value: m.value, records: m.records, partition: partitionOf(m.key) })));
    }
  }
  return out;
}

const peakRssMiB = () => Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;

/** A producer with the exporter's guarantees: send(messages) resolves once acks=-1 came back. */
async function connect(client, brokers, topic) {
  if (client.startsWith('kafkajs')) {
    const { useGzipLevel } = await dist('exporter/kafka/client.js');
    useGzipLevel(client.endsWith('gzip1') ? 1 : 6);
    const { default: kafkajs } = await import('kafkajs');
    const kafka = new kafkajs.Kafka({ brokers, clientId: 'bench-clients', logLevel: kafkajs.logLevel.NOTHING });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    return {
      send: (messages) => producer.send({ topic, acks: -1, compression: kafkajs.CompressionTypes.GZIP, messages }),
      close: () => producer.disconnect(),
    };
  }
  const from = opt['platformatic-from'] ? resolve(opt['platformatic-from']) : join(root, 'node_modules');
  const pk = await import(pathToFileURL(join(from, '@platformatic/kafka/dist/index.js')).href);
  // It compresses with zlib's gzipSync at the default level, on the main thread; `-gzip1` sets level 1.
  if (client.endsWith('gzip1')) {
    const { gzipSync } = await import('node:zlib');
    pk.compressionsAlgorithms.gzip.compressSync = (data) => gzipSync(Buffer.isBuffer(data) ? data : data.buffer, { level: 1 });
  }
  const producer = new pk.Producer({ clientId: 'bench-clients', bootstrapBrokers: brokers, idempotent: true, acks: pk.ProduceAcks.ALL, compression: 'gzip', autocreateTopics: false });
  return {
    send: (messages) => producer.send({ messages: messages.map((m) => ({ topic, key: Buffer.from(m.key), value: m.value, partition: m.partition })) }),
    close: () => producer.close(),
  };
}

async function child() {
  const batches = await buildBatches(BATCHES + 1);
  const producer = await connect(opt.child, opt.brokers.split(','), opt.topic);
  await producer.send(batches[0]); // connections, metadata, producer id: not measured
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let records = 0;
  let messages = batches[0].length;
  for (const batch of batches.slice(1)) {
    await producer.send(batch);
    for (const m of batch) records += m.records;
    messages += batch.length;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  await producer.close();
  process.stdout.write(JSON.stringify({ client: opt.child, records, messages, seconds, cpuUsPerRecord: (cpu.user + cpu.system) / records, recordsPerSec: records / seconds, peakRssMiB: peakRssMiB() }));
}

async function main() {
  const clients = opt.clients.split(',');
  const { broker } = await startKafka();
  const { default: kafkajs } = await import('kafkajs');
  const admin = new kafkajs.Kafka({ brokers: broker.brokers, logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
  const results = [];
  try {
    for (let round = 1; round <= Number(opt.rounds); round++) {
      for (const client of round % 2 ? clients : [...clients].reverse()) {
        const topic = `clients-${client}-r${round}`;
        await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
        let r;
        try {
          const out = execFileSync(process.execPath, [new URL(import.meta.url).pathname, '--child', client, '--brokers', broker.brokers.join(','), '--topic', topic, '--batches', String(BATCHES), '--batch-records', String(BATCH_RECORDS), ...(opt['platformatic-from'] ? ['--platformatic-from', opt['platformatic-from']] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 300_000 });
          r = JSON.parse(out);
        } catch (err) {
          console.log(`r${round} ${client}: skipped (${String(err.message).split('\n')[0]})`);
          continue;
        }
        const offsets = await admin.fetchTopicOffsets(topic);
        r.onTopic = offsets.reduce((n, p) => n + Number(p.high), 0);
        r.round = round;
        results.push(r);
        console.log(`r${round} ${client.padEnd(20)} ${Math.round(r.recordsPerSec).toLocaleString('en-US')} records/s, ${r.cpuUsPerRecord.toFixed(2)} µs CPU/record, peak RSS ${Math.round(r.peakRssMiB)} MiB, topic ${r.onTopic}/${r.messages} messages${r.onTopic === r.messages ? '' : ' MISMATCH'}`);
      }
    }
  } finally {
    await admin.disconnect();
    await broker.stop();
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  console.log(`\n${cpus().length} cores (${cpus()[0]?.model}), Node ${process.version}; ${BATCHES} batches of ${BATCH_RECORDS} records per round, median of ${opt.rounds} rounds\n`);
  console.log('| client | records/s | µs CPU per record | peak RSS MiB | exact on topic |\n|---|---:|---:|---:|---|');
  for (const client of clients) {
    const mine = results.filter((r) => r.client === client);
    if (mine.length === 0) continue;
    console.log(`| ${client} | ${Math.round(median(mine.map((r) => r.recordsPerSec))).toLocaleString('en-US')} | ${median(mine.map((r) => r.cpuUsPerRecord)).toFixed(2)} | ${Math.round(median(mine.map((r) => r.peakRssMiB)))} | ${mine.every((r) => r.onTopic === r.messages) ? 'yes' : 'NO'} |`);
  }
}

if (opt.child) await child();
else await main();
