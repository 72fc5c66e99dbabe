// Decode threads (receiver/otlp-http/decode-pool.ts): requests decoded, mapped, redacted and
// encoded in worker threads (protobuf traces a span at a time, decode-fused.ts) give the very answers, metrics and Kafka messages the event loop gives;
// a thread that dies fails its request with 503 and is replaced; a full queue answers 429; close()
// lets the requests taken finish. The threads run the build's decode-worker.js: `npx tsc -b` first.
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isCeError, type ErrorRecord, type Exporter } from '@claude-errors/schemas';
import { bodyFor, buildProbe, buildTemplates } from '@claude-errors/testkit/load/spans';
import { buildCollectorApp } from '../src/app.js';
import { Collector } from '../src/collector.js';
import { KafkaExporter } from '../src/exporter/kafka/index.js';
import { encodeRecords, messagesOf, type EncodedRecords, type KeyedMessage } from '../src/exporter/kafka/messages.js';
import { DecodePool } from '../src/receiver/otlp-http/decode-pool.js';
import { errorAnswer } from '../src/receiver/otlp-http/status.js';
import { readAll } from './helpers/read-topic.js';
import { edgeLogsBody, edgeTracesBody, faultsBeforeTheirHeadBodies, jsonBodies, malformedTracesBodies, reorderedTracesBodies } from './helpers/edge-bodies.js';

const NOW = 1_767_225_600_000;
const PROTOBUF = 'application/x-protobuf';
const MAX_BODY = 2 * 1024 * 1024;

/** An exporter that keeps the Kafka messages it would send, from records or from encoded records alike. */
class MessageExporter implements Exporter {
  readonly name = 'messages';
  readonly messages: KeyedMessage[] = [];
  /** consume() calls and consumeEncoded() calls. */
  readonly calls = { records: 0, encoded: 0 };
  async start(): Promise<void> {}
  async shutdown(): Promise<void> {}
  ready(): boolean {
    return true;
  }
  async consume(records: ErrorRecord[]): Promise<void> {
    this.calls.records++;
    this.messages.push(...messagesOf([encodeRecords(records)], 512 * 1024));
  }
  async consumeEncoded(encoded: EncodedRecords): Promise<void> {
    this.calls.encoded++;
    this.messages.push(...messagesOf([encoded], 512 * 1024));
  }
}

interface Sent {
  url: string;
  headers: Record<string, string>;
  payload: Buffer;
}

/** Every kind of request the route answers: realistic and edge bodies, JSON, logs, compressed, and each refusal. */
function requests(): Sent[] {
  const pb = (payload: Buffer, url = '/v1/traces', extra: Record<string, string> = {}): Sent => ({ url, headers: { 'content-type': PROTOBUF, ...extra }, payload });
  const templates = buildTemplates({ count: 3, spansPerRequest: 200, now: NOW });
  const probe = buildProbe();
  const out: Sent[] = [];
  for (let seq = 0; seq < 6; seq++) out.push(pb(bodyFor(templates, probe, seq, NOW - 1000)));
  out.push(pb(edgeTracesBody()), pb(edgeLogsBody(), '/v1/logs'));
  out.push(pb(gzipSync(bodyFor(templates, probe, 7, NOW)), '/v1/traces', { 'content-encoding': 'gzip' }));
  for (const body of Object.values(jsonBodies())) out.push({ url: '/v1/traces', headers: { 'content-type': 'application/json' }, payload: body });
  for (const body of Object.values(malformedTracesBodies())) out.push(pb(body));
  for (const body of Object.values({ ...reorderedTracesBodies(), ...faultsBeforeTheirHeadBodies() })) out.push(pb(body));
  out.push({ url: '/v1/traces', headers: { 'content-type': 'application/json' }, payload: Buffer.from('{"resourceSpans": [') });
  out.push(pb(Buffer.from('not gzip'), '/v1/traces', { 'content-encoding': 'gzip' }));
  out.push(pb(gzipSync(Buffer.alloc(MAX_BODY + 1)), '/v1/traces', { 'content-encoding': 'gzip' }));
  out.push(pb(Buffer.alloc(MAX_BODY + 1)));
  out.push(pb(Buffer.from([0x0a]), '/v1/traces', { 'content-encoding': 'br' }));
  out.push({ url: '/v1/traces', headers: { 'content-type': 'text/plain' }, payload: Buffer.from('hello') });
  out.push(pb(Buffer.alloc(0)));
  return out;
}

/** Sends every request, one after another, and returns the answers (status, type, retry-after, body bytes). */
async function answers(threads: number, sent: Sent[]): Promise<{ answers: string[]; metrics: string; exporter: MessageExporter }> {
  const exporter = new MessageExporter();
  const { app, metrics } = buildCollectorApp({ exporter, maxBodyBytes: MAX_BODY, decodeThreads: threads, logger: false });
  const out: string[] = [];
  try {
    for (const r of sent) {
      const res = await app.inject({ method: 'POST', url: r.url, headers: r.headers, payload: r.payload });
      out.push(`${res.statusCode} ${res.headers['content-type']} ${res.headers['retry-after'] ?? '-'} ${res.rawPayload.toString('base64')}`);
    }
    return { answers: out, metrics: await metrics.render(), exporter };
  } finally {
    await app.close();
  }
}

describe('decode threads give what the event loop gives', () => {
  it('the same answers, metrics and Kafka messages, byte for byte', async () => {
    const sent = requests();
    const inThread = await answers(0, sent);
    const threaded = await answers(2, sent);
    expect(inThread.exporter.calls.encoded).toBe(0);
    expect(threaded.exporter.calls.records).toBe(0);
    expect(threaded.exporter.calls.encoded).toBe(inThread.exporter.calls.records);
    expect(threaded.exporter.calls.encoded).toBeGreaterThan(10);
    expect(threaded.answers).toEqual(inThread.answers);
    expect(threaded.metrics).toBe(inThread.metrics);
    expect(threaded.exporter.messages.length).toBe(inThread.exporter.messages.length);
    threaded.exporter.messages.forEach((m, i) => {
      const want = inThread.exporter.messages[i]!;
      expect([m.key, m.records]).toEqual([want.key, want.records]);
      expect(m.value.equals(want.value), `message ${i}`).toBe(true);
    });
    // The refusals are all there: 400 (protobuf, JSON, gzip), 413, 415 (encoding, type).
    const statuses = threaded.answers.map((a) => Number(a.split(' ')[0]));
    for (const s of [200, 400, 413, 415]) expect(statuses).toContain(s);
  });

  it('concurrent requests through the threads: every record once, the same messages in some order', async () => {
    const templates = buildTemplates({ count: 4, spansPerRequest: 300, now: NOW });
    const probe = buildProbe();
    const bodies = Array.from({ length: 24 }, (_, seq) => bodyFor(templates, probe, seq, NOW));
    const run = async (threads: number): Promise<string[]> => {
      const exporter = new MessageExporter();
      const { app } = buildCollectorApp({ exporter, decodeThreads: threads, logger: false });
      const res = await Promise.all(bodies.map((payload) => app.inject({ method: 'POST', url: '/v1/traces', headers: { 'content-type': PROTOBUF }, payload })));
      await app.close();
      expect(res.map((r) => r.statusCode)).toEqual(bodies.map(() => 200));
      return exporter.messages.map((m) => `${m.key}|${m.value.toString('base64')}`).sort();
    };
    expect(await run(2)).toEqual(await run(0));
  });
});

describe('DecodePool', () => {
  const task = { signal: 'traces' as const, enc: 'protobuf' as const, contentEncoding: undefined, maxBodyBytes: MAX_BODY, mapOptions: { receivedAtMs: NOW } };
  const body = (): Buffer => edgeTracesBody();

  it('a thread that dies fails its request with 503 CE_ERR_DECODE_THREAD_LOST, and is replaced', async () => {
    const lost: string[] = [];
    const pool = new DecodePool({ threads: 1, script: new URL('./fixtures/crashing-decode-worker.mjs', import.meta.url), onThreadLost: (r) => lost.push(r) });
    try {
      expect((await pool.run(task, body())).encoded.records).toBeGreaterThan(0);
      const crash = await pool.run({ ...task, contentEncoding: 'x-crash' }, body()).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(isCeError(crash)).toBe(true);
      expect(errorAnswer(crash)).toMatchObject({ statusCode: 503, code: 'CE_ERR_DECODE_THREAD_LOST', retryAfter: 1 });
      expect(lost).toEqual([expect.stringContaining('crashed on purpose')]);
      // The replacement takes the next request.
      expect((await pool.run(task, body())).encoded.records).toBeGreaterThan(0);
      expect(pool.replaced).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('a full queue answers 429 CE_ERR_EXPORTER_BUSY at once; the requests taken all finish', async () => {
    const pool = new DecodePool({ threads: 1, maxQueued: 1 });
    try {
      // One thread takes two in flight, one waits: the fourth is refused.
      const runs = Array.from({ length: 4 }, () => pool.run(task, body()).then((r) => r.encoded.records, (err: unknown) => errorAnswer(err)));
      const settled = await Promise.all(runs);
      expect(settled.slice(0, 3).every((r) => typeof r === 'number' && r > 0)).toBe(true);
      expect(settled[3]).toMatchObject({ statusCode: 429, code: 'CE_ERR_EXPORTER_BUSY', retryAfter: 1 });
    } finally {
      await pool.close();
    }
  });

  it('close() waits for the requests taken, then refuses with 503 CE_ERR_SHUTTING_DOWN', async () => {
    const pool = new DecodePool({ threads: 1 });
    const taken = Array.from({ length: 3 }, () => pool.run(task, body()));
    await pool.close();
    for (const r of await Promise.all(taken)) expect(r.encoded.records).toBeGreaterThan(0);
    await expect(pool.run(task, body())).rejects.toMatchObject({ code: 'CE_ERR_SHUTTING_DOWN', statusCode: 503 });
  });

  it('takes a body that shares its ArrayBuffer (a slice of the buffer pool) without touching its neighbours', async () => {
    const pool = new DecodePool({ threads: 1 });
    try {
      const small = Buffer.from(JSON.stringify({ resourceSpans: [] }));
      const neighbour = Buffer.from('neighbour');
      const r = await pool.run({ ...task, enc: 'json' }, small);
      expect(r.total).toBe(0);
      expect(neighbour.toString()).toBe('neighbour');
    } finally {
      await pool.close();
    }
  });
});

const brokers = inject('kafkaBrokers');
const noBroker = brokers.join(',') === '127.0.0.1:9';

/** Every message on the topic, as `partition key value`, sorted. */
async function readTopic(topic: string, records: number): Promise<string[]> {
  const seen = await readAll(brokers, topic, records);
  return seen.map((m) => `${m.partition} ${m.key} ${m.value.toString('base64')}`).sort();
}

describe.skipIf(noBroker)('decode threads with the Kafka exporter and a real broker', () => {
  const collectors: Collector[] = [];
  afterAll(async () => {
    for (const c of collectors) await c.shutdown();
  });
  const templates = buildTemplates({ count: 4, spansPerRequest: 100, now: NOW });
  const probe = buildProbe();
  const bodies = Array.from({ length: 8 }, (_, seq) => bodyFor(templates, probe, seq, NOW));
  let topics: Record<'inThread' | 'threaded', string>;
  const accepted: Record<string, number> = {};

  beforeAll(async () => {
    const suffix = randomBytes(4).toString('hex');
    topics = { inThread: `decode-threads-0-${suffix}`, threaded: `decode-threads-2-${suffix}` };
    for (const [name, topic] of Object.entries(topics)) {
      // Three lanes on three partitions: the encoded records are split by lane as consume() splits records.
      const exporter = new KafkaExporter({ brokers, topic, partitions: 3, lanes: 3 });
      const collector = new Collector({ exporter, port: 0, decodeThreads: name === 'threaded' ? 2 : 0, logger: false });
      collectors.push(collector);
      await collector.start();
      // One at a time: the same requests in the same order make the same messages.
      for (const payload of bodies) {
        const res = await fetch(`${collector.url}/v1/traces`, { method: 'POST', headers: { 'content-type': PROTOBUF }, body: payload });
        expect(res.status).toBe(200);
        await res.arrayBuffer();
      }
      const text = await collector.metrics.render();
      accepted[name] = Number(/^receiver_accepted_records_total (\d+)$/m.exec(text)![1]);
    }
  });

  it('writes the same messages, byte for byte, to the same partitions', async () => {
    expect(accepted['threaded']).toBe(accepted['inThread']);
    expect(accepted['threaded']).toBeGreaterThan(0);
    const inThread = await readTopic(topics.inThread, accepted['inThread']!);
    const threaded = await readTopic(topics.threaded, accepted['threaded']!);
    expect(threaded).toEqual(inThread);
  });

  it('refuses encoded records as it refuses records when the pending queue is full (429 CE_ERR_EXPORTER_BUSY)', async () => {
    const exporter = new KafkaExporter({ brokers, topic: topics.threaded, partitions: 3, maxPendingRecords: 1, lingerMs: 200 });
    await exporter.start();
    try {
      const encoded = (n: number): EncodedRecords => encodeRecords(Array.from({ length: n }, (_, i) => ({ kind: 'call', time: NOW + i, trace_id: 'a'.repeat(32), span_id: i.toString(16).padStart(16, '0'), attempt: 0, service: 's', source: 'claude-errors', model: null, outcome: 'error' }) as ErrorRecord));
      const first = exporter.consumeEncoded(encoded(5));
      const second = exporter.consumeEncoded(encoded(5)).then(() => undefined, (err: unknown) => errorAnswer(err));
      expect(await second).toMatchObject({ statusCode: 429, code: 'CE_ERR_EXPORTER_BUSY' });
      await first;
      expect(exporter.stats()).toMatchObject({ refusedRecords: 5, sentRecords: 5 });
    } finally {
      await exporter.shutdown();
    }
  });
});
