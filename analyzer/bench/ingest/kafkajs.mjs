// Scenario "kafkajs": kafkajs alone against the same broker, no HTTP, no OTLP decoding, no DuckDB.
// Producer: the collector exporter's settings (idempotent, one request in flight, acks -1,
// batches of 10,000 records grouped by key into JSON-array messages of at most 512 KiB, gzip and
// none). Consumer: a new group reading the topic from the start with eachBatch, JSON-parsing each
// value as the analyzer's receiver does. Records are the real mapper's output for the same bodies.
import { CompressionTypes, Kafka, logLevel, Partitioners } from 'kafkajs';
import { decodeTracesProtobuf, mapResourceSpans, toMessages } from '@claude-errors/collector';
import { bodyFor } from '@claude-errors/testkit/load/spans';

// The exporter's maxBatchRecords. Without compression a 10,000-record produce request puts
// several MB into one partition's record batch, above the broker's default message.max.bytes
// (1 MiB): the broker refuses it (MESSAGE_TOO_LARGE), so `none` sends 1,000 records at a time.
const BATCH_RECORDS = { gzip: 10_000, none: 1_000 };

function recordsFor(templates, probe, totalRecords) {
  const out = [];
  for (let seq = 0; out.length < totalRecords; seq++) out.push(...mapResourceSpans(decodeTracesProtobuf(bodyFor(templates, probe, seq, Date.now()))).records);
  return out.slice(0, totalRecords);
}

async function produce(kafka, topic, records, compression, batchRecords) {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const t0 = performance.now();
  let encodeMs = 0;
  for (let i = 0; i < records.length; i += batchRecords) {
    const e0 = performance.now();
    const messages = toMessages(records.slice(i, i + batchRecords), 512 * 1024);
    encodeMs += performance.now() - e0;
    await producer.send({ topic, acks: -1, compression, messages: messages.map((m) => ({ key: m.key, value: m.value })) });
  }
  const seconds = (performance.now() - t0) / 1000;
  await producer.disconnect();
  return { recordsPerSec: records.length / seconds, seconds, jsonEncodeShare: encodeMs / 1000 / seconds };
}

async function consume(kafka, topic, expected) {
  const consumer = kafka.consumer({ groupId: `bench-raw-${Date.now()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let count = 0;
  let first = 0;
  let last = 0;
  await new Promise((resolve, reject) => {
    consumer
      .run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          first ||= performance.now();
          for (const m of batch.messages) count += JSON.parse(m.value.toString('utf8')).length;
          last = performance.now();
          if (count >= expected) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  // From the first fetched batch to the last: the group join before it is not throughput.
  return { recordsPerSec: count / ((last - first) / 1000), seconds: (last - first) / 1000 };
}

export async function runKafkajs({ brokers, templates, probe, records: n }) {
  const kafka = new Kafka({ brokers, clientId: 'bench-kafkajs', logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  await admin.connect();
  const records = recordsFor(templates, probe, n);
  const out = {};
  for (const [name, codec] of [['gzip', CompressionTypes.GZIP], ['none', CompressionTypes.None]]) {
    const topic = `bench-raw-${name}-${Date.now()}`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    const produced = await produce(kafka, topic, records, codec, BATCH_RECORDS[name]);
    const consumed = await consume(kafka, topic, records.length);
    out[name] = { produced, consumed, batchRecords: BATCH_RECORDS[name] };
  }
  await admin.disconnect();
  return { records: records.length, ...out };
}
