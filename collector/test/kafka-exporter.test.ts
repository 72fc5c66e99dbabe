import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import kafkajs, { CompressionTypes, Kafka, logLevel } from 'kafkajs';
import type { ErrorRecord } from '@claude-errors/schemas';
import { CeError } from '@claude-errors/schemas';
import { startBroker, type KafkaBroker } from '@claude-errors/testkit/kafka';
import { KafkaExporter } from '../src/exporter/kafka/index.js';
import { readAll, type Seen } from './helpers/read-topic.js';

const brokers = inject('kafkaBrokers');

function record(service: string, model: string | null, n: number): ErrorRecord {
  return {
    kind: 'attempt',
    time: 1_700_000_000_000 + n,
    trace_id: randomBytes(16).toString('hex'),
    span_id: randomBytes(8).toString('hex'),
    attempt: n,
    service,
    source: 'claude-errors',
    model,
    outcome: 'error',
    http_status: 529,
    error_type: 'overloaded_error',
  };
}

const topicName = (label: string): string => `exporter-${label}-${randomBytes(4).toString('hex')}`;

describe('KafkaExporter against a real broker', () => {
  const exporters: KafkaExporter[] = [];
  afterAll(async () => {
    for (const e of exporters) await e.shutdown();
  });

  it('coalesces concurrent consume() calls and keys messages by service and model', async () => {
    const topic = topicName('keys');
    // Three lanes, one per partition: a key's records stay in one partition and in accept order.
    const exporter = new KafkaExporter({ brokers, topic, partitions: 3, lanes: 3, lingerMs: 20 });
    exporters.push(exporter);
    await exporter.start();

    const groups: Array<[string, string | null]> = [['billing', 'claude-sonnet-4-5'], ['billing', null], ['search', 'claude-haiku-4-5']];
    const calls: ErrorRecord[][] = [];
    for (let c = 0; c < 12; c++) {
      const [service, model] = groups[c % groups.length]!;
      calls.push([record(service, model, c * 10), record(service, model, c * 10 + 1)]);
    }
    await Promise.all(calls.map((batch) => exporter.consume(batch)));

    const stats = exporter.stats();
    expect(stats.sentRecords).toBe(24);
    expect(stats.sentBatches).toBeLessThan(calls.length); // coalesced into fewer produce requests
    expect(stats.failedSends).toBe(0);

    const seen = await readAll(brokers, topic, 24);
    const byKey = new Map<string, ErrorRecord[]>();
    for (const msg of seen) {
      for (const r of msg.records) expect(`${r.service}\u0000${r.model ?? ''}`).toBe(msg.key);
      byKey.set(msg.key, [...(byKey.get(msg.key) ?? []), ...msg.records]);
    }
    expect([...byKey.keys()].sort()).toEqual(['billing\u0000', 'billing\u0000claude-sonnet-4-5', 'search\u0000claude-haiku-4-5']);
    for (const [key, records] of byKey) {
      const sent = calls.flat().filter((r) => `${r.service}\u0000${r.model ?? ''}` === key);
      expect(records.map((r) => r.span_id)).toEqual(sent.map((r) => r.span_id)); // accept order per key
      expect(new Set(seen.filter((m) => m.key === key).map((m) => m.partition)).size).toBe(1);
    }
    const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.disconnect();
    expect(meta.topics[0]!.partitions).toHaveLength(3);
  });

  it('compresses with zstd by default and with gzip on request, each read back by a kafkajs consumer', async () => {
    const runs = [
      { compression: undefined, codec: CompressionTypes.ZSTD },
      { compression: 'gzip' as const, codec: CompressionTypes.GZIP },
    ];
    for (const { compression, codec } of runs) {
      const topic = topicName(`codec-${compression ?? 'default'}`);
      const exporter = new KafkaExporter({ brokers, topic, partitions: 1, ...(compression ? { compression } : {}) });
      exporters.push(exporter);
      await exporter.start();
      const sent = Array.from({ length: 50 }, (_, i) => record('svc', 'm', i));
      await exporter.consume(sent);
      // Count the decompressions of each codec while the topic is read back (the exporter set the codecs).
      const counts = new Map<number, number>();
      const originals = new Map<number, (typeof kafkajs.CompressionCodecs)[number]>();
      for (const type of [CompressionTypes.GZIP, CompressionTypes.ZSTD]) {
        const make = kafkajs.CompressionCodecs[type]!;
        originals.set(type, make);
        kafkajs.CompressionCodecs[type] = () => {
          const c = make();
          return { compress: c.compress, decompress: (b: Buffer) => (counts.set(type, (counts.get(type) ?? 0) + 1), c.decompress(b)) };
        };
      }
      try {
        const seen = await readAll(brokers, topic, 50);
        expect(seen.flatMap((m) => m.records).map((r) => r.span_id)).toEqual(sent.map((r) => r.span_id));
      } finally {
        for (const [type, make] of originals) kafkajs.CompressionCodecs[type] = make;
      }
      expect(counts.get(codec) ?? 0).toBeGreaterThan(0);
      expect([...counts.keys()]).toEqual([codec]);
    }
  });

  it('refuses with CE_ERR_EXPORTER_BUSY (429) when the pending queue is full', async () => {
    const exporter = new KafkaExporter({ brokers, topic: topicName('busy'), lingerMs: 300, maxPendingRecords: 10 });
    exporters.push(exporter);
    await exporter.start();
    const first = exporter.consume(Array.from({ length: 6 }, (_, i) => record('svc', 'm', i)));
    const refused = await exporter.consume(Array.from({ length: 6 }, (_, i) => record('svc', 'm', 10 + i))).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CeError);
    expect(refused).toMatchObject({ code: 'CE_ERR_EXPORTER_BUSY', retryable: true, statusCode: 429 });
    await first;
    expect(exporter.stats()).toMatchObject({ sentRecords: 6, refusedRecords: 6 });
  });

  it('sends a batch larger than the broker takes in one request as several requests, in order', async () => {
    const topic = topicName('bytes');
    const exporter = new KafkaExporter({ brokers, topic, partitions: 1, compression: 'none', lingerMs: 50 });
    exporters.push(exporter);
    await exporter.start();
    // 10,000 records of ~600 bytes: ~6 MB uncompressed, far above the broker's 1 MiB per batch.
    const batch = Array.from({ length: 10_000 }, (_, i) => ({ ...record('bulk', 'claude-opus-4-1', i), error_message: `Overloaded ${'x'.repeat(400)} #${i}` }));
    await exporter.consume(batch);
    const seen = await readAll(brokers, topic, batch.length);
    const got = seen.flatMap((s) => s.records.map((r) => r.attempt));
    expect(got).toEqual(batch.map((r) => r.attempt)); // all of them, once, in accept order
    expect(exporter.stats()).toMatchObject({ sentRecords: 10_000, sentBatches: 1, failedSends: 0, splitRequests: 0 });
    expect(exporter.stats().sentRequests).toBeGreaterThan(5);
  });

  it('halves a request the broker refuses as too large, and rejects a single message it cannot take', async () => {
    const topic = topicName('small-limit');
    const kafka = new Kafka({ brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    // A topic whose limit is far below the exporter's request size: only splitting gets it through.
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '32768' }] }], waitForLeaders: true });
    await admin.disconnect();
    const exporter = new KafkaExporter({ brokers, topic, compression: 'none', maxMessageBytes: 8 * 1024, maxRequestBytes: 16 * 1024 * 1024 });
    exporters.push(exporter);
    await exporter.start();
    const batch = Array.from({ length: 400 }, (_, i) => ({ ...record(`svc-${i % 4}`, 'claude-haiku-4-5', i), error_message: 'y'.repeat(500) }));
    await exporter.consume(batch);
    const seen = await readAll(brokers, topic, batch.length);
    expect(seen.flatMap((s) => s.records.map((r) => r.attempt)).sort((a, b) => a - b)).toEqual(batch.map((r) => r.attempt));
    for (let svc = 0; svc < 4; svc++) {
      const order = seen.filter((s) => s.key.startsWith(`svc-${svc}\u0000`)).flatMap((s) => s.records.map((r) => r.attempt));
      expect(order, `accept order of svc-${svc}`).toEqual(batch.filter((_, i) => i % 4 === svc).map((r) => r.attempt));
    }
    expect(exporter.stats().splitRequests).toBeGreaterThan(0);

    const huge = { ...record('svc-0', 'claude-haiku-4-5', 9_999), error_message: 'z'.repeat(64 * 1024) };
    const err = await exporter.consume([huge]).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(CeError);
    expect(err).toMatchObject({ code: 'CE_ERR_KAFKA_REJECTED', retryable: false, statusCode: 500 });
  });

  it('rejects bad options naming the field', () => {
    expect(() => new KafkaExporter({ brokers: ['nohostport'], topic: 't' })).toThrow(/brokers/);
    expect(() => new KafkaExporter({ brokers, topic: 'bad topic' })).toThrow(/topic/);
    expect(() => new KafkaExporter({ brokers, topic: 't', partitions: -1 })).toThrow(/partitions/);
    expect(() => new KafkaExporter({ brokers, topic: 't', gzipLevel: 10 })).toThrow('kafka exporter: gzipLevel must be 1 to 9, got 10');
  });
});

describe('KafkaExporter when the broker goes away', () => {
  let broker: KafkaBroker | undefined;
  let exporter: KafkaExporter | undefined;
  afterAll(async () => {
    await exporter?.shutdown();
    await broker?.stop();
  });

  it('fails start() with CE_ERR_KAFKA_UNAVAILABLE when nothing listens', async () => {
    const e = new KafkaExporter({ brokers: ['127.0.0.1:1'], topic: 'never' });
    const err = await e.start().catch((x: unknown) => x);
    expect(err).toMatchObject({ code: 'CE_ERR_KAFKA_UNAVAILABLE', retryable: true, statusCode: 503 });
    expect((err as CeError).retryAfterSeconds).toBeGreaterThan(0);
  });

  it('answers CE_ERR_KAFKA_UNAVAILABLE while the broker is down and delivers again after restart', async () => {
    broker = await startBroker();
    const topic = topicName('outage');
    exporter = new KafkaExporter({ brokers: broker.brokers, topic, sendTimeoutMs: 2_000, lingerMs: 2 });
    await exporter.start();
    const acknowledged: ErrorRecord[] = [];
    const before = [record('svc', 'm', 1)];
    await exporter.consume(before);
    acknowledged.push(...before);

    await broker.halt();
    const during = await exporter.consume([record('svc', 'm', 2)]).catch((e: unknown) => e);
    expect(during).toMatchObject({ code: 'CE_ERR_KAFKA_UNAVAILABLE', retryable: true, statusCode: 503 });
    expect(exporter.ready()).toBe(false);
    // While the stuck send retries, further records are refused at once, not queued.
    const startedAt = Date.now();
    const fast = await exporter.consume([record('svc', 'm', 3)]).catch((e: unknown) => e);
    expect(fast).toMatchObject({ code: 'CE_ERR_KAFKA_UNAVAILABLE' });
    expect(Date.now() - startedAt).toBeLessThan(1_000);

    await broker.restart();
    let delivered = false;
    for (let i = 0; i < 60 && !delivered; i++) {
      const batch = [record('svc', 'm', 100 + i)];
      try {
        await exporter.consume(batch);
        acknowledged.push(...batch);
        delivered = true;
      } catch (err) {
        expect(err).toMatchObject({ code: 'CE_ERR_KAFKA_UNAVAILABLE' });
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    expect(delivered).toBe(true);
    expect(exporter.ready()).toBe(true);

    // Every acknowledged record is in the topic (records refused during the outage may also be
    // there: a rejected in-flight send can still complete, and the dedupe key absorbs the retry).
    const spanIdsOf = (seen: Seen[]): Set<string> => new Set(seen.flatMap((m) => m.records.map((r) => r.span_id)));
    const allThere = (seen: Seen[]): boolean => acknowledged.every((r) => spanIdsOf(seen).has(r.span_id));
    const seen = await readAll(broker.brokers, topic, acknowledged.length, allThere);
    expect(allThere(seen)).toBe(true);
  });
});
