import { createServer, type Server } from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import * as sc from '@claude-errors/instrumentation-anthropic/semconv';
import type { ErrorRecord } from '@claude-errors/schemas';
import { Collector, EmbeddedQueue } from '@claude-errors/collector';
import { otlpTelemetry } from '@claude-errors/testkit/otel';
import { prng } from './helpers/prng.js';

/**
 * 1,000 malformed, truncated, oversized and randomly mutated OTLP bodies against a real collector
 * (HTTP on a free port, embedded queue drained here). Seeds are bodies the real OpenTelemetry
 * exporters serialized (protobuf and JSON); a seeded PRNG mutates them, so a failure reproduces
 * with the same FUZZ_SEED. Every request must get a 4xx or a 200 (a mutation may still decode),
 * never a 5xx; the collector keeps serving; heap use returns near its baseline.
 */
const SEED = Number(process.env['FUZZ_SEED'] ?? 20_251_125);
const CASES = 1000;
const MAX_BODY = 256 * 1024;

interface Body {
  kind: string;
  path: '/v1/traces' | '/v1/logs';
  contentType: string;
  encoding?: string;
  data: Buffer;
}

/** Captures the request bodies the real OTLP exporters send (protobuf and JSON). */
async function captureSeeds(): Promise<{ proto: Buffer[]; json: Buffer[] }> {
  const seeds = { proto: [] as Buffer[], json: [] as Buffer[] };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      (String(req.headers['content-type']).includes('json') ? seeds.json : seeds.proto).push(body);
      res.writeHead(200, { 'content-type': String(req.headers['content-type']) }).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  for (const protocol of ['protobuf', 'json'] as const) {
    const tel = otlpTelemetry({ url: `http://127.0.0.1:${addr.port}`, protocol, service: 'fuzz-seed' });
    for (let i = 0; i < 4; i++) emitCall(tel, i);
    await tel.flush();
    await tel.shutdown();
  }
  await new Promise((r) => server.close(r));
  return seeds;
}

function emitCall(tel: ReturnType<typeof otlpTelemetry>, i: number): void {
  const span = tel.tracer(i % 2 ? sc.INSTRUMENTATION_NAME : 'opentelemetry.instrumentation.anthropic', '0.1.0').startSpan('chat claude-sonnet-4-5', {
    kind: SpanKind.CLIENT,
    attributes: {
      [sc.GEN_AI_OPERATION_NAME]: 'chat',
      [sc.GEN_AI_PROVIDER_NAME]: 'anthropic',
      [sc.GEN_AI_REQUEST_MODEL]: 'claude-sonnet-4-5',
      [sc.HTTP_RESPONSE_STATUS_CODE]: 529,
      [sc.ANTHROPIC_ATTEMPT_COUNT]: 2,
      'anthropic.ratelimit.requests.remaining': 10 + i,
      'some.list': ['a', 'b'],
      'some.double': 1.5,
    },
  });
  span.addEvent(sc.ATTEMPT_EVENT, { [sc.ATTEMPT_NUMBER]: 1, [sc.HTTP_RESPONSE_STATUS_CODE]: 529, [sc.ANTHROPIC_ERROR_TYPE]: 'overloaded_error', [sc.RETRY_AFTER_MS]: 500 });
  span.recordException({ name: 'OverloadedError', message: '529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' });
  span.setStatus({ code: SpanStatusCode.ERROR, message: 'Overloaded' });
  span.end();
}

/** Tag and length of a length-delimited protobuf field (the payload follows). */
function ldHeader(field: number, length: number): Buffer {
  const len: number[] = [];
  let n = length;
  while (n > 0x7f) {
    len.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  len.push(n);
  return Buffer.from([(field << 3) | 2, ...len]);
}

/** Protobuf varint + length-delimited field, for the hand-built nesting bombs. */
function ld(field: number, payload: Buffer): Buffer {
  return Buffer.concat([ldHeader(field, payload.length), payload]);
}

/**
 * AnyValue nested `depth` times through array_value (protobuf), inside one span attribute. Each
 * level only prepends headers, so they are computed inside out and joined once (linear, not a
 * copy of the growing value per level).
 */
function deepProtobuf(depth: number): Buffer {
  const inner = ld(1, Buffer.from('x')); // string_value
  const headers: Buffer[] = [];
  let length = inner.length;
  for (let i = 0; i < depth; i++) {
    // array_value { values: [v] }: field 5 around field 1 around v
    const values = ldHeader(1, length);
    const array = ldHeader(5, values.length + length);
    headers.push(values, array);
    length += values.length + array.length;
  }
  const v = Buffer.concat([...headers.reverse(), inner]);
  const kv = ld(9, Buffer.concat([ld(1, Buffer.from('deep')), ld(2, v)])); // Span.attributes
  const span = Buffer.concat([ld(1, Buffer.alloc(16, 1)), ld(2, Buffer.alloc(8, 2)), ld(5, Buffer.from('anthropic.chat')), kv]);
  return ld(1, ld(2, ld(2, span))); // resource_spans { scope_spans { spans } }
}

function deepJson(depth: number): Buffer {
  const value = '{"arrayValue":{"values":['.repeat(depth) + '{"stringValue":"x"}' + ']}}'.repeat(depth);
  return Buffer.from(
    `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${'1'.repeat(32)}","spanId":"${'2'.repeat(16)}","name":"anthropic.chat","attributes":[{"key":"deep","value":${value}}]}]}]}]}`,
  );
}

function mutate(rand: () => number, src: Buffer): Buffer {
  const b = Buffer.from(src);
  const pick = (n: number): number => Math.floor(rand() * n);
  const ops = 1 + pick(8);
  let out = b;
  for (let i = 0; i < ops; i++) {
    const at = pick(out.length || 1);
    switch (pick(5)) {
      case 0: // flip bits
        if (out.length) out[at] = out[at]! ^ (1 << pick(8));
        break;
      case 1: // random byte
        if (out.length) out[at] = pick(256);
        break;
      case 2: // delete a run
        out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1 + pick(16))]);
        break;
      case 3: // insert random bytes
        out = Buffer.concat([out.subarray(0, at), Buffer.from(Array.from({ length: 1 + pick(8) }, () => pick(256))), out.subarray(at)]);
        break;
      default: // duplicate a chunk
        out = Buffer.concat([out.subarray(0, at), out.subarray(at, at + pick(64)), out.subarray(at)]);
    }
  }
  return out;
}

/** JSON-aware mutation: replace one value with an odd one, keeping the text parseable. */
function mutateJson(rand: () => number, src: Buffer): Buffer {
  const odd = ['null', '-1', '1e400', '"zz"', '[]', '{}', 'true', '"18446744073709551616"', '"' + 'f'.repeat(33) + '"', '[[[[[]]]]]', '"\\u0000"'];
  const text = src.toString('utf8');
  const spots = [...text.matchAll(/:\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false|null|\[\]|\{\})/g)];
  if (spots.length === 0) return src;
  const m = spots[Math.floor(rand() * spots.length)]!;
  const start = m.index! + m[0].indexOf(m[1]!);
  return Buffer.from(text.slice(0, start) + odd[Math.floor(rand() * odd.length)] + text.slice(start + m[1]!.length));
}

function makeCases(seeds: { proto: Buffer[]; json: Buffer[] }): Body[] {
  const rand = prng(SEED);
  const pick = <T,>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const proto = (kind: string, data: Buffer, extra: Partial<Body> = {}): Body => ({ kind, path: '/v1/traces', contentType: 'application/x-protobuf', data, ...extra });
  const json = (kind: string, data: Buffer, extra: Partial<Body> = {}): Body => ({ kind, path: '/v1/traces', contentType: 'application/json', data, ...extra });
  const cases: Body[] = [];
  for (let i = 0; cases.length < CASES; i++) {
    const p = pick(seeds.proto);
    const j = pick(seeds.json);
    const logs = rand() < 0.15 ? { path: '/v1/logs' as const } : {};
    switch (i % 12) {
      case 0: cases.push(proto('proto-truncated', p.subarray(0, Math.floor(rand() * p.length)), logs)); break;
      case 1: cases.push(proto('proto-mutated', mutate(rand, p), logs)); break;
      case 2: cases.push(proto('proto-mutated', mutate(rand, p))); break;
      case 3: cases.push(json('json-truncated', j.subarray(0, Math.floor(rand() * j.length)), logs)); break;
      case 4: cases.push(json('json-mutated', mutate(rand, j), logs)); break;
      case 5: cases.push(json('json-odd-value', mutateJson(rand, j))); break;
      case 6: cases.push(proto('random-bytes', Buffer.from(Array.from({ length: Math.floor(rand() * 2048) }, () => Math.floor(rand() * 256))))); break;
      case 7: cases.push(rand() < 0.5 ? proto('oversized', Buffer.concat([p, Buffer.alloc(MAX_BODY + 1, 0x0a)])) : json('oversized', Buffer.alloc(MAX_BODY + 10, 0x20))); break;
      case 8: cases.push(json('gzip-bomb', gzipSync(Buffer.alloc(MAX_BODY * 16 + pick([0, 1, 777]), 0x20)), { encoding: 'gzip' })); break;
      case 9: cases.push(proto('bad-compression', mutate(rand, gzipSync(p)), { encoding: pick(['gzip', 'deflate', 'zlib', 'br', 'zstd', 'snappy', 'x-snappy-framed', 'lz4', 'gzip, gzip']) })); break;
      case 10: cases.push({ ...proto('bad-content-type', p), contentType: pick(['text/plain', 'application/xml', '', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) }); break;
      default: {
        const depth = pick([50, 500, 5_000, 20_000, 60_000]);
        cases.push(rand() < 0.5 ? proto('proto-deep-nesting', deepProtobuf(depth)) : json('json-deep-nesting', deepJson(depth)));
        if (rand() < 0.3) cases.push(proto('deflate-valid', deflateSync(p), { encoding: 'deflate' }));
      }
    }
  }
  return cases.slice(0, CASES);
}

let collector: Collector;
let queue: EmbeddedQueue;
let stored = 0;

beforeAll(async () => {
  queue = new EmbeddedQueue({ maxRecords: 100_000 });
  collector = new Collector({ exporter: queue, port: 0, maxBodyBytes: MAX_BODY });
  await collector.start();
  void (async () => {
    for (;;) {
      const batches = await queue.take(10_000);
      if (batches.length === 0) return;
      for (const b of batches) {
        stored += b.records.length;
        b.resolve();
      }
    }
  })();
});
afterAll(async () => {
  await collector.shutdown();
});

async function send(b: Body): Promise<{ status: number; text: string; type: string }> {
  const headers: Record<string, string> = { 'content-type': b.contentType };
  if (b.encoding) headers['content-encoding'] = b.encoding;
  try {
    const res = await fetch(`${collector.url}${b.path}`, { method: 'POST', headers, body: b.data });
    // latin1: a protobuf error body (google.rpc.Status) keeps its ASCII code readable.
    return { status: res.status, text: Buffer.from(await res.arrayBuffer()).toString('latin1'), type: res.headers.get('content-type') ?? '' };
  } catch (err) {
    // The server may answer 413 and close before the whole oversized body is written.
    return { status: -1, text: String((err as Error).cause ?? err), type: '' };
  }
}

async function settledHeap(): Promise<number> {
  for (let i = 0; i < 5; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
  return process.memoryUsage().heapUsed;
}

describe(`fuzzed OTLP bodies (seed ${SEED}; FUZZ_SEED=<n> to vary)`, () => {
  it(`answers ${CASES} malformed, truncated, oversized and mutated bodies with 4xx or 200, never 5xx, and keeps serving`, async () => {
    const seeds = await captureSeeds();
    expect(seeds.proto.length).toBeGreaterThan(0);
    expect(seeds.json.length).toBeGreaterThan(0);
    const cases = makeCases(seeds);
    // Warm up (JIT, buffers, sockets) on the valid seeds before the baseline is taken.
    for (let i = 0; i < 20; i++) for (const s of seeds.proto) expect((await send({ kind: 'valid', path: '/v1/traces', contentType: 'application/x-protobuf', data: s })).status).toBe(200);
    const baseline = await settledHeap();

    const outcomes = new Map<string, Map<number, number>>();
    const bad: string[] = [];
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i]!;
      const r = await send(c);
      const byStatus = outcomes.get(c.kind) ?? new Map<number, number>();
      byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
      outcomes.set(c.kind, byStatus);
      const ok = r.status === 200 || (r.status >= 400 && r.status < 500) || (r.status === -1 && c.kind === 'oversized');
      if (!ok && bad.length < 10) bad.push(`case ${i} (${c.kind}, ${c.data.length} bytes): ${r.status} ${r.text.slice(0, 200)}`);
      if (r.status >= 400 && r.status < 500) {
        // In the request's encoding: a protobuf google.rpc.Status (its ErrorInfo names the code) or the JSON body.
        if (c.contentType === 'application/x-protobuf') expect([r.type, r.text]).toEqual(['application/x-protobuf', expect.stringMatching(/CE_ERR_[A-Z_]+/)]);
        else expect(JSON.parse(r.text)).toMatchObject({ statusCode: r.status, code: expect.stringMatching(/^CE_ERR_/), message: expect.any(String) });
      }
    }
    const summary = [...outcomes].map(([k, m]) => `${k}: ${[...m].map(([s, n]) => `${s}x${n}`).join(' ')}`).join('\n');
    console.log(`[fuzz] seed ${SEED}, ${cases.length} cases, ${stored} records stored from bodies that still decoded\n${summary}`);
    expect(bad, bad.join('\n')).toEqual([]);
    // Every kind of bad input was refused at least once with a 4xx (the generator covers them all).
    for (const kind of ['proto-truncated', 'json-truncated', 'random-bytes', 'oversized', 'gzip-bomb', 'bad-compression', 'bad-content-type']) {
      expect([...(outcomes.get(kind) ?? new Map<number, number>()).keys()].some((s) => s >= 400 && s < 500), kind).toBe(true);
    }

    // Still up and still accepting good data.
    expect((await fetch(`${collector.url}/healthz`)).status).toBe(200);
    const before = stored;
    expect((await send({ kind: 'valid', path: '/v1/traces', contentType: 'application/x-protobuf', data: seeds.proto[0]! })).status).toBe(200);
    expect(stored).toBeGreaterThan(before);

    // Heap back near baseline: heapUsed of this process (collector in-process), measured after a
    // few timer turns (and a gc() when node runs with --expose-gc). Bound: baseline + 64 MiB, far
    // below what 1,000 retained bodies (several up to 4 MiB inflated) would hold.
    const after = await settledHeap();
    console.log(`[fuzz] heapUsed baseline ${(baseline / 2 ** 20).toFixed(1)} MiB, after ${(after / 2 ** 20).toFixed(1)} MiB`);
    expect(after - baseline).toBeLessThan(64 * 2 ** 20);
  }, 180_000);
});
