import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import type { ErrorRecord } from '@claude-errors/schemas';
import type { ConsumedOffset, DeadLetter, IngestSink } from '../src/ingest-sink.js';
import { Ingest } from '../src/ingest.js';
import { RecordStore } from '../src/store/record-store.js';
import { KafkaReceiver } from '../src/receiver/kafka/index.js';
import { tempDir } from './helpers.js';

const brokers = inject('kafkaBrokers');
const kafka = new Kafka({ brokers, logLevel: logLevel.NOTHING });

function rec(service = 'svc', n = 0): ErrorRecord {
  return {
    kind: 'call',
    time: Date.now() + n,
    trace_id: randomBytes(16).toString('hex'),
    span_id: randomBytes(8).toString('hex'),
    attempt: 0,
    service,
    source: 'claude-errors',
    outcome: 'error',
    http_status: 529,
    error_type: 'overloaded_error',
    error_message: 'Overloaded',
  };
}

type IngestBatch = { records: ErrorRecord[]; offsets?: ConsumedOffset[]; deadLetters?: DeadLetter[] };

/** The real DuckDB-backed ingest path, wrapped to record each call and to inject failures or delay. */
class ObservedSink implements IngestSink {
  readonly calls: IngestBatch[] = [];
  failNext = 0;
  delayMs = 0;
  started = 0;
  constructor(private readonly inner: IngestSink) {}
  async ingest(batch: IngestBatch): Promise<void> {
    this.started++;
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('injected store failure');
    }
    await this.inner.ingest(batch);
    this.calls.push(batch);
  }
  storedOffsets(topic: string): Promise<Map<number, string>> {
    return this.inner.storedOffsets(topic);
  }
  get records(): ErrorRecord[] {
    return this.calls.flatMap((c) => c.records);
  }
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function openStore(dir = tempDir('ce-kafka-recv-')): Promise<{ store: RecordStore; dir: string }> {
  const store = new RecordStore({ dataDir: dir });
  await store.start();
  cleanups.push(async () => {
    await store.shutdown();
  });
  return { store, dir };
}

async function count(store: RecordStore, sql: string): Promise<number> {
  const rows = (await store.reader.runAndReadAll(sql)).getRows();
  return Number(rows[0]![0]);
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function createTopic(topic: string, partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  await admin.disconnect();
}

const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
let producerConnected = false;
async function produce(topic: string, partition: number, values: Array<string | null>): Promise<void> {
  if (!producerConnected) {
    await producer.connect();
    producerConnected = true;
  }
  await producer.send({ topic, acks: -1, messages: values.map((value) => ({ partition, value })) });
}
afterAll(async () => {
  if (producerConnected) await producer.disconnect();
});

function startReceiver(topic: string, groupId: string, sink: IngestSink): KafkaReceiver {
  const receiver = new KafkaReceiver({ brokers, topic, groupId, sink, retryInitialMs: 50, retryMaxMs: 200 });
  cleanups.push(() => receiver.shutdown());
  return receiver;
}

const unique = (label: string): string => `${label}-${randomBytes(4).toString('hex')}`;

describe('KafkaReceiver against a real broker and a real DuckDB file', () => {
  it('resumes at the offsets stored in DuckDB, not at the group offsets Kafka holds', async () => {
    const topic = unique('recv-resume');
    const groupId = unique('analyzer');
    await createTopic(topic, 2);
    const first = [rec(), rec(), rec(), rec(), rec(), rec()];
    await produce(topic, 0, [JSON.stringify(first.slice(0, 2)), JSON.stringify(first.slice(2, 4))]);
    await produce(topic, 1, [JSON.stringify(first.slice(4))]);

    const { store, dir } = await openStore();
    const ingest = new Ingest(store);
    const sink1 = new ObservedSink(ingest);
    const r1 = startReceiver(topic, groupId, sink1);
    await r1.start();
    await until('6 stored rows', async () => (await count(store, 'SELECT count(*) FROM records')) === 6);
    expect(Object.fromEntries(await store.storedOffsets(topic))).toEqual({ 0: '2', 1: '1' });
    await r1.shutdown();

    // Kafka's group offsets fall behind the store (as after a crash between the DuckDB commit and
    // the informational Kafka commit): the store must win, so nothing is read twice.
    const admin = kafka.admin();
    await admin.connect();
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '0' }, { partition: 1, offset: '0' }] });
    await admin.disconnect();
    const later = [rec(), rec()];
    await produce(topic, 0, [JSON.stringify(later)]);

    const sink2 = new ObservedSink(ingest);
    const r2 = startReceiver(topic, groupId, sink2);
    await r2.start();
    await until('8 stored rows', async () => (await count(store, 'SELECT count(*) FROM records')) === 8);
    await new Promise((r) => setTimeout(r, 500)); // room for a wrong replay to show up
    expect(sink2.records.map((r) => r.span_id)).toEqual(later.map((r) => r.span_id));
    expect(Object.fromEntries(await store.storedOffsets(topic))).toEqual({ 0: '3', 1: '1' });
    await r2.shutdown();

    // A new DuckDB file knows no offsets: it reads the topic from the start, although the group
    // committed to the end.
    const { store: fresh } = await openStore();
    const sink3 = new ObservedSink(new Ingest(fresh));
    const r3 = startReceiver(topic, groupId, sink3);
    await r3.start();
    await until('8 rows in the new file', async () => (await count(fresh, 'SELECT count(*) FROM records')) === 8);
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  });

  it('turns poison messages into dead letters and keeps consuming the partition', async () => {
    const topic = unique('recv-poison');
    await createTopic(topic, 1);
    const good = [rec('a'), rec('b'), rec('c')];
    const badRecord = { kind: 'call', time: 'yesterday', trace_id: 'x', span_id: 'y', attempt: 0, service: 's', outcome: 'error', source: 'z' };
    await produce(topic, 0, [
      JSON.stringify([good[0]]),
      'not json {',
      JSON.stringify([good[1], badRecord]),
      '{"an":"object"}',
      null,
      JSON.stringify([good[2]]),
    ]);
    const { store } = await openStore();
    const receiver = startReceiver(topic, unique('analyzer'), new ObservedSink(new Ingest(store)));
    await receiver.start();
    await until('offset 6 stored', async () => (await store.storedOffsets(topic)).get(0) === '6');
    const stored = (await store.reader.runAndReadAll('SELECT span_id FROM records ORDER BY span_id')).getRows().map((r) => r[0]);
    expect(stored).toEqual(good.map((r) => r.span_id).sort());
    const letters = (await store.reader.runAndReadAll('SELECT source, reason FROM dead_letters ORDER BY source')).getRows();
    expect(letters).toEqual([
      [`kafka:${topic}/0@1`, expect.stringMatching(/not JSON/)],
      [`kafka:${topic}/0@2[1]`, 'time must be a number (epoch ms)'],
      [`kafka:${topic}/0@3`, 'value is not a JSON array of records'],
      [`kafka:${topic}/0@4`, expect.stringMatching(/not JSON/)],
    ]);
    // The counters move once the sink's ingest has resolved, which can be after its commit made offset 6 visible.
    await until('the chunk counted', async () => receiver.stats().consumedMessages >= 6);
    expect(receiver.stats()).toMatchObject({ consumedRecords: 3, deadLetters: 4, consumedMessages: 6 });
  });

  it('retries a failing sink without advancing, then stores every record once', async () => {
    const topic = unique('recv-retry');
    await createTopic(topic, 1);
    const records = [rec(), rec(), rec()];
    await produce(topic, 0, records.map((r) => JSON.stringify([r])));
    const { store } = await openStore();
    const sink = new ObservedSink(new Ingest(store));
    sink.failNext = 3;
    const receiver = startReceiver(topic, unique('analyzer'), sink);
    await receiver.start();
    await until('3 stored rows', async () => (await count(store, 'SELECT count(*) FROM records')) === 3);
    await until('the sink answered', () => sink.records.length >= 3); // it answers after the commit the count saw
    expect(sink.started).toBeGreaterThanOrEqual(4);
    expect(receiver.stats().ingestFailures).toBe(3);
    expect(sink.records.map((r) => r.span_id).sort()).toEqual(records.map((r) => r.span_id).sort());
    expect((await store.storedOffsets(topic)).get(0)).toBe('3');
  });

  it('stores a partition in order while the next chunks are fetched, a failing chunk holding back the later ones', async () => {
    const topic = unique('recv-lane');
    await createTopic(topic, 1);
    const records = Array.from({ length: 12 }, (_, i) => rec('svc', i));
    await produce(topic, 0, records.map((r) => JSON.stringify([r])));
    const { store } = await openStore();
    const sink = new ObservedSink(new Ingest(store));
    sink.failNext = 2;
    sink.delayMs = 100; // each store is slow: later chunks are decoded and queued meanwhile
    const receiver = new KafkaReceiver({ brokers, topic, groupId: unique('analyzer'), sink, retryInitialMs: 50, retryMaxMs: 200, maxIngestRecords: 2 });
    cleanups.push(() => receiver.shutdown());
    await receiver.start();
    await until('12 stored rows', async () => (await count(store, 'SELECT count(*) FROM records')) === 12);
    await until('the sink answered and the receiver counted', () => receiver.stats().consumedRecords >= 12); // after the commit the count saw
    const stored = sink.calls.map((c) => Number(c.offsets![0]!.offset));
    expect(stored).toEqual([...stored].sort((a, b) => a - b)); // offsets committed in order, none skipped back
    expect(stored.at(-1)).toBe(12);
    expect(sink.records.map((r) => r.span_id)).toEqual(records.map((r) => r.span_id));
    expect(receiver.stats()).toMatchObject({ consumedRecords: 12, ingestFailures: 2 });
    expect((await store.storedOffsets(topic)).get(0)).toBe('12');
  });

  it('lets the chunk being stored finish on shutdown', async () => {
    const topic = unique('recv-drain');
    await createTopic(topic, 1);
    const records = [rec(), rec()];
    await produce(topic, 0, [JSON.stringify(records)]);
    const { store } = await openStore();
    const sink = new ObservedSink(new Ingest(store));
    sink.delayMs = 1_000;
    const receiver = startReceiver(topic, unique('analyzer'), sink);
    await receiver.start();
    await until('an ingest in flight', () => sink.started > 0);
    expect(sink.calls).toHaveLength(0);
    await receiver.shutdown();
    expect(sink.calls).toHaveLength(1);
    expect(await count(store, 'SELECT count(*) FROM records')).toBe(2);
    expect((await store.storedOffsets(topic)).get(0)).toBe('1');
  });

  it('fails start() with CE_ERR_KAFKA_UNAVAILABLE when nothing listens', async () => {
    const { store } = await openStore();
    const receiver = new KafkaReceiver({ brokers: ['127.0.0.1:1'], topic: 't', groupId: 'g', sink: new Ingest(store) });
    const err = await receiver.start().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CE_ERR_KAFKA_UNAVAILABLE', retryable: true });
  });

  it('rejects bad options naming the field', async () => {
    const { store } = await openStore();
    const sink = new Ingest(store);
    expect(() => new KafkaReceiver({ brokers: ['nohostport'], topic: 't', groupId: 'g', sink })).toThrow('kafka receiver: brokers must be a non-empty list of host:port');
    expect(() => new KafkaReceiver({ brokers, topic: 'bad topic', groupId: 'g', sink })).toThrow('kafka receiver: topic must match');
    expect(() => new KafkaReceiver({ brokers, topic: 't', groupId: '', sink })).toThrow('kafka receiver: groupId');
    expect(() => new KafkaReceiver({ brokers, topic: 't', groupId: 'g', sink, maxIngestRecords: -1 })).toThrow('kafka receiver: maxIngestRecords must be a non-negative integer');
  });
});
