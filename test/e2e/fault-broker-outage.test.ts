import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { useKafkaCodecs } from '@claude-errors/collector/kafka';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import * as sc from '@claude-errors/instrumentation-anthropic/semconv';
import { startBroker, type KafkaBroker } from '../kafka/broker.js';
import { runCli, type CliProcess } from '../helpers/cli.js';
import { otlpTelemetry, type TestTelemetry } from '../helpers/otel.js';
import { readStore, startLoad, storedViaApi, waitUntil, type RecordKey } from './fault-load.js';

/**
 * Fault: the Kafka broker stops for 10 s while OTLP load flows into the collector. Uses a broker of
 * its own (the globalSetup broker is shared with files running in parallel): halt() stops it
 * cleanly, restart() brings it back on the same ports and data.
 *
 * Two sources send at once: a plain HTTP loop that keeps every answer (no retries), and the real
 * OpenTelemetry SDK (BatchSpanProcessor + OTLP/protobuf exporter, which retries 429/503 honouring
 * Retry-After). Meanwhile the collector must refuse with 503 + Retry-After rather than acknowledge;
 * afterwards every record that got a 2xx is stored, and the SDK's retries deliver all its spans.
 */
const OUTAGE_MS = 10_000;
const MAX_REQUESTS = 4_000; // bounded: 20,000 spans at most from the HTTP loop

let broker: KafkaBroker | undefined;
let collector: CliProcess | undefined;
let analyzer: CliProcess | undefined;
let tel: TestTelemetry | undefined;
let data = '';
const topic = `fault-outage-${process.pid}-${Date.now()}`;
const group = `${topic}-analyzer`;

beforeAll(async () => {
  broker = await startBroker({ heap: '256m' });
  data = mkdtempSync(join(tmpdir(), 'ce-fault-outage-'));
});
afterAll(async () => {
  await tel?.shutdown().catch(() => {});
  await analyzer?.kill();
  await collector?.kill();
  await broker?.stop();
  if (data) rmSync(data, { recursive: true, force: true });
});

/** Spans through the real SDK at a steady pace; returns the records they map to and a stop(). */
function sdkSpans(t: TestTelemetry, everyMs: number): { keys: Set<RecordKey>; stop(): void } {
  const tracer = t.tracer(sc.INSTRUMENTATION_NAME, '0.1.0');
  const keys = new Set<RecordKey>();
  let n = 0;
  const timer = setInterval(() => {
    const attempts = 1 + (n++ % 2);
    const span = tracer.startSpan('chat claude-sonnet-4-5', {
      kind: SpanKind.CLIENT,
      attributes: { [sc.GEN_AI_OPERATION_NAME]: 'chat', [sc.GEN_AI_PROVIDER_NAME]: 'anthropic', [sc.GEN_AI_REQUEST_MODEL]: 'claude-sonnet-4-5', [sc.HTTP_RESPONSE_STATUS_CODE]: 200, [sc.ANTHROPIC_ATTEMPT_COUNT]: attempts },
    });
    const { traceId, spanId } = span.spanContext();
    keys.add(`${traceId}:${spanId}:0`);
    for (let a = 1; a <= attempts; a++) {
      keys.add(`${traceId}:${spanId}:${a}`);
      span.addEvent(sc.ATTEMPT_EVENT, { [sc.ATTEMPT_NUMBER]: a, [sc.HTTP_RESPONSE_STATUS_CODE]: a < attempts ? 529 : 200 });
    }
    span.setStatus({ code: SpanStatusCode.OK });
    span.end();
  }, everyMs);
  return { keys, stop: () => clearInterval(timer) };
}

/** True once the group's committed offsets reach the high watermark of every partition. */
async function caughtUp(brokers: string[]): Promise<boolean> {
  const admin = new Kafka({ brokers, clientId: 'ce-fault-probe', logLevel: logLevel.NOTHING }).admin();
  try {
    await admin.connect();
    const high = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    const at = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
    return high.every((h) => BigInt(h.high) === 0n || at.get(h.partition) === BigInt(h.high));
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** How many of `keys` the topic holds (read from the start by a fresh consumer): tells a lost produce from a lost store. */
async function inTopic(brokers: string[], keys: RecordKey[]): Promise<number> {
  const want = new Set(keys);
  useKafkaCodecs(); // the collector writes zstd
  const kafka = new Kafka({ brokers, clientId: 'ce-fault-reader', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const high = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const total = high.reduce((n, h) => n + Number(h.high), 0);
  const consumer = kafka.consumer({ groupId: `${topic}-reader-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let found = 0;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 20_000);
    void consumer.run({
      eachMessage: async ({ message }) => {
        seen++;
        for (const r of JSON.parse(message.value!.toString()) as Array<{ trace_id: string; span_id: string; attempt: number }>) {
          if (want.delete(`${r.trace_id}:${r.span_id}:${r.attempt}`)) found++;
        }
        if (seen >= total) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return found;
}

describe('fault: the Kafka broker stops for 10 s mid-load (own broker, separate processes)', () => {
  it('answers 503 with Retry-After meanwhile; afterwards every acknowledged record is stored and the SDK retries fill in the rest', async () => {
    const b = broker!;
    const brokers = b.brokers.join(',');
    collector = runCli(['collector', '--kafka', brokers, '--topic', topic, '--otlp-port', '0']);
    analyzer = runCli(['analyzer', '--kafka', brokers, '--topic', topic, '--group', group, '--data', data, '--port', '0']);
    const collectorUrl = (await collector.waitFor(/collector: (http:\/\/\S+)\/v1\/traces/, 60_000))[1]!;
    const analyzerUrl = (await analyzer.waitFor(/API: (http:\/\/\S+)\/api\/v1\/summary/, 60_000))[1]!;

    // The SDK exporter gets a budget that outlasts the outage (its default is 10 s per export,
    // retries included); the batch processor buffers meanwhile and exports one batch at a time.
    tel = otlpTelemetry({
      url: collectorUrl,
      service: 'fault-outage-sdk',
      timeoutMillis: 60_000,
      batch: { maxQueueSize: 20_000, maxExportBatchSize: 200, scheduledDelayMillis: 200, exportTimeoutMillis: 90_000 },
    });
    const sdk = sdkSpans(tel, 20);
    const load = startLoad({ url: collectorUrl, service: 'fault-outage-http', spansPerRequest: 5, maxRequests: MAX_REQUESTS, concurrency: 2, intervalMs: 40, pauseMs: 200 });
    try {
      await waitUntil('the analyzer has stored 1,000 rows', async () => (await storedViaApi(analyzerUrl)) >= 1_000, 60_000);
      expect(load.finished, 'load still running when the broker stops').toBe(false);

      await b.halt();
      const down = Date.now(); // the broker process has exited
      await new Promise((r) => setTimeout(r, OUTAGE_MS)); // the outage itself, not an assertion
      const restarting = Date.now();
      await b.restart();
      const up = Date.now();

      const ackedAtUp = load.acked.size;
      await waitUntil('2,000 more records acknowledged after the broker returned', () => load.acked.size >= ackedAtUp + 2_000 || load.finished, 60_000);
      sdk.stop();
      await load.stop();
      await tel.shutdown(); // waits for the exporter's pending exports, retries included
      tel = undefined;

      const during = load.answers.filter((a) => a.at > down && a.at < up);
      const refused = load.answers.filter((a) => a.status < 200 || a.status >= 300);
      const statuses = [...new Set(refused.map((a) => a.status))].sort();
      console.log(
        `[fault-outage] ${load.answers.length} requests, ${load.acked.size} records acked, ${refused.length} refused (${statuses.join(',')}); ` +
          `outage ${up - down} ms (restart ${up - restarting} ms): ${during.length} answers, ${during.filter((a) => a.status === 503).length} of them 503; SDK spans ${sdk.keys.size} records`,
      );
      expect(during.some((a) => a.status === 503), 'a 503 while the broker was down').toBe(true);
      const okWhileDead = load.answers.filter((a) => a.at > down && a.at < restarting && a.status >= 200 && a.status < 300);
      expect(okWhileDead.length, 'no 2xx while no broker process ran').toBe(0);
      for (const a of refused) {
        expect([429, 503], 'refusals are retryable').toContain(a.status);
        expect(Number(a.retryAfter), 'Retry-After on every refusal').toBeGreaterThan(0);
      }

      await waitUntil('the analyzer consumed the whole topic', () => caughtUp(b.brokers), 60_000, 500);
      expect(await analyzer.stop(), 'graceful analyzer shutdown').toBe(0);
      analyzer = undefined;
      expect(await collector.stop(), 'graceful collector shutdown').toBe(0);
      collector = undefined;

      const stored = await readStore(data, topic);
      const storedSet = new Set(stored.keys);
      expect(stored.distinct, 'no duplicates').toBe(stored.keys.length);
      const missing = [...load.acked].filter((k) => !storedSet.has(k));
      if (missing.length > 0) {
        const sentKeys = new Set([...load.answers.flatMap((a) => a.keys), ...sdk.keys]);
        const lost = new Set(missing);
        const when = load.answers.filter((a) => a.keys.some((k) => lost.has(k))).map((a) => `${a.status}@${a.at - down}ms`);
        console.log(`[fault-outage] ${missing.length} acknowledged records not stored (${stored.keys.filter((k) => !sentKeys.has(k)).length} stored rows nobody sent); of them in the topic: ${await inTopic(b.brokers, missing)}; answered (relative to the halt; up at ${up - down} ms): ${when.join(' ')}`);
      }
      expect(missing.slice(0, 5), 'acknowledged records missing').toEqual([]);
      expect([...sdk.keys].filter((k) => !storedSet.has(k)).slice(0, 5), 'SDK records missing after its retries').toEqual([]);
      const sent = new Set([...load.answers.flatMap((a) => a.keys), ...sdk.keys]);
      expect(stored.keys.filter((k) => !sent.has(k)).slice(0, 5), 'rows nobody sent').toEqual([]);
      expect(stored.deadLetters).toBe(0);
    } finally {
      sdk.stop();
      await load.stop();
    }
  }, 115_000);
});
