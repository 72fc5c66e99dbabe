// Answers in the request's encoding (OTLP/HTTP "Failures"): a protobuf google.rpc.Status for
// protobuf requests, the JSON error body for JSON; content types exactly `application/x-protobuf`
// and `application/json` (the Collector's otlphttp exporter compares them as whole strings), every
// status with its own reason phrase and code.
import { gzipSync } from 'node:zlib';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CeError, type ErrorRecord, type Exporter } from '@claude-errors/schemas';
import { buildCollectorApp } from '@claude-errors/collector';
import type { FastifyInstance } from 'fastify';

type Fields = Map<number, (number | Buffer)[]>;

/** Reads one protobuf message into its fields (varints as numbers, length-delimited as bytes). */
function fields(buf: Buffer): Fields {
  const out: Fields = new Map();
  let pos = 0;
  const varint = (): number => {
    let n = 0;
    for (let shift = 0; ; shift += 7) {
      const b = buf[pos++]!;
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return n;
    }
  };
  while (pos < buf.length) {
    const key = varint();
    const wire = key & 7;
    let value: number | Buffer;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const len = varint();
      value = buf.subarray(pos, pos + len);
      pos += len;
    } else throw new Error(`unexpected wire type ${wire}`);
    out.set(key >>> 3, [...(out.get(key >>> 3) ?? []), value]);
  }
  return out;
}

/** google.rpc.Status → { code, message, details: [{ type, fields }] }. */
function readStatus(body: Buffer): { code: number; message: string; details: { type: string; value: Fields }[] } {
  const f = fields(body);
  const details = (f.get(3) ?? []).map((d) => {
    const any = fields(d as Buffer);
    return { type: String(any.get(1)![0]), value: fields(any.get(2)![0] as Buffer) };
  });
  return { code: (f.get(1)?.[0] as number | undefined) ?? 0, message: String(f.get(2)?.[0] ?? ''), details };
}

/** google/rpc/status.proto and error_details.proto, as published, for protobufjs (an independent decoder). */
const RPC = protobuf.parse(`
  syntax = "proto3";
  package google.rpc;
  message Any { string type_url = 1; bytes value = 2; }
  message Status { int32 code = 1; string message = 2; repeated Any details = 3; }
  message ErrorInfo { string reason = 1; string domain = 2; map<string, string> metadata = 3; }
  message Duration { int64 seconds = 1; int32 nanos = 2; }
  message RetryInfo { Duration retry_delay = 1; }
`).root;

/** Decodes a google.rpc.Status with protobufjs, its details unpacked by their type URL. */
function decodeStatus(body: Buffer): { code: number; message: string; details: Record<string, unknown>[] } {
  const status = RPC.lookupType('google.rpc.Status').toObject(RPC.lookupType('google.rpc.Status').decode(body), { longs: Number, defaults: true }) as {
    code: number;
    message: string;
    details: { typeUrl: string; value: Uint8Array }[];
  };
  const details = status.details.map((d) => {
    const type = RPC.lookupType(d.typeUrl.replace('type.googleapis.com/google.rpc.', 'google.rpc.'));
    return { '@type': d.typeUrl, ...type.toObject(type.decode(d.value), { longs: Number }) };
  });
  return { code: status.code, message: status.message, details };
}

let failWith: CeError | undefined;
const exporter: Exporter = {
  name: 'fake',
  start: async () => {},
  shutdown: async () => {},
  ready: () => true,
  consume: async (_records: ErrorRecord[]) => {
    if (failWith) throw failWith;
  },
};
let app: FastifyInstance;

beforeAll(async () => {
  app = buildCollectorApp({ exporter, maxBodyBytes: 64 * 1024, logger: false }).app;
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

const invalidSpan = JSON.stringify({
  resourceSpans: [
    {
      scopeSpans: [
        {
          scope: { name: 'manual' },
          spans: [{ traceId: '00000000000000000000000000000000', spanId: '0102030405060708', name: 'anthropic.chat', startTimeUnixNano: '1700000000000000000', attributes: [{ key: 'gen_ai.system', value: { stringValue: 'anthropic' } }] }],
        },
      ],
    },
  ],
});

function post(body: Buffer | string, headers: Record<string, string>) {
  return app.inject({ method: 'POST', url: '/v1/traces', payload: body, headers });
}

describe('error answers', () => {
  it('answers a protobuf request with a protobuf google.rpc.Status naming the code and the supported encodings', async () => {
    const res = await post(Buffer.from([1, 2, 3]), { 'content-type': PROTOBUF, 'content-encoding': 'br' });
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toBe(PROTOBUF);
    expect(readStatus(res.rawPayload)).toEqual({
      code: 12, // UNIMPLEMENTED
      message: "unsupported Content-Encoding 'br': send one of gzip, deflate, zlib, zstd, snappy, x-snappy-framed, lz4 or none",
      details: [{ type: 'type.googleapis.com/google.rpc.ErrorInfo', value: new Map([[1, [Buffer.from('CE_ERR_UNSUPPORTED_MEDIA_TYPE')]], [2, [Buffer.from('claude-errors')]]]) }],
    });
  });

  it("answers a path the router cannot decode like every other refusal: coded, in the request's encoding", async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/%E0%A4%A', headers: { 'content-type': PROTOBUF }, payload: Buffer.alloc(0) });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe(PROTOBUF);
    expect(readStatus(res.rawPayload)).toMatchObject({ code: 3, message: 'the request path is not a valid URL path' }); // INVALID_ARGUMENT
    const json = await app.inject({ method: 'POST', url: '/v1/%E0%A4%A', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(json.statusCode).toBe(400);
    expect(json.json()).toMatchObject({ code: 'CE_ERR_BAD_URL' });
  });

  it('answers a JSON request with the JSON error body, each status with its own reason phrase', async () => {
    const cases: [Record<string, string>, Buffer | string, number, string, string][] = [
      [{ 'content-type': JSON_TYPE }, '{"resourceSpans": 5}', 400, 'Bad Request', 'CE_ERR_OTLP_DECODE'],
      [{ 'content-type': JSON_TYPE, 'content-encoding': 'br' }, 'x', 415, 'Unsupported Media Type', 'CE_ERR_UNSUPPORTED_MEDIA_TYPE'],
      [{ 'content-type': JSON_TYPE }, Buffer.alloc(70 * 1024, 0x20), 413, 'Payload Too Large', 'CE_ERR_BODY_TOO_LARGE'],
      [{ 'content-type': JSON_TYPE, 'content-encoding': 'gzip' }, gzipSync(Buffer.alloc(1024 * 1024, 0x20)), 413, 'Payload Too Large', 'CE_ERR_BODY_TOO_LARGE'],
      [{ 'content-type': 'text/plain' }, 'x', 415, 'Unsupported Media Type', 'CE_ERR_UNSUPPORTED_MEDIA_TYPE'],
    ];
    for (const [headers, body, status, error, code] of cases) {
      const res = await post(body, headers);
      expect(res.statusCode, code).toBe(status);
      expect(res.headers['content-type']).toBe(JSON_TYPE);
      expect(res.json()).toEqual({ statusCode: status, code, error, message: expect.any(String) });
    }
  });

  it('answers protobuf requests with a Status for every refusal, with the gRPC code of its status', async () => {
    const cases: [Record<string, string>, Buffer, number, number, string][] = [
      [{}, Buffer.from([0x0a, 0x50, 0x01]), 400, 3, 'CE_ERR_OTLP_DECODE'],
      [{ 'content-encoding': 'zstd' }, Buffer.from('not zstd'), 400, 3, 'CE_ERR_OTLP_DECODE'],
      [{}, Buffer.alloc(70 * 1024), 413, 3, 'CE_ERR_BODY_TOO_LARGE'],
      [{ 'content-encoding': 'gzip' }, gzipSync(Buffer.alloc(1024 * 1024)), 413, 3, 'CE_ERR_BODY_TOO_LARGE'],
    ];
    for (const [headers, body, status, grpc, code] of cases) {
      const res = await post(body, { 'content-type': `${PROTOBUF}; proto=opentelemetry`, ...headers });
      expect(res.statusCode, code).toBe(status);
      expect(res.headers['content-type']).toBe(PROTOBUF);
      const st = readStatus(res.rawPayload);
      expect(st.code, code).toBe(grpc);
      expect(st.message.length).toBeGreaterThan(0);
      expect(st.details[0]!.value.get(1)).toEqual([Buffer.from(code)]);
    }
  });

  it('answers a missing ingest token with 401 in the request encoding', async () => {
    const guarded = buildCollectorApp({ exporter, ingestToken: 'secret-token', logger: false }).app;
    try {
      const proto = await guarded.inject({ method: 'POST', url: '/v1/traces', payload: Buffer.alloc(0), headers: { 'content-type': PROTOBUF } });
      expect(proto.statusCode).toBe(401);
      expect(proto.headers['content-type']).toBe(PROTOBUF);
      expect(readStatus(proto.rawPayload)).toMatchObject({ code: 16, message: expect.stringContaining('token') }); // UNAUTHENTICATED
      const json = await guarded.inject({ method: 'POST', url: '/v1/logs', payload: '{}', headers: { 'content-type': JSON_TYPE } });
      expect(json.statusCode).toBe(401);
      expect(json.headers['content-type']).toBe(JSON_TYPE);
      expect(json.json()).toMatchObject({ statusCode: 401, code: 'CE_ERR_UNAUTHORIZED', error: 'Unauthorized' });
    } finally {
      await guarded.close();
    }
  });

  it('sends Retry-After with 429 and 503, and a google.rpc.RetryInfo with the same delay', async () => {
    const cases: [CeError, number, number][] = [
      [new CeError('CE_ERR_QUEUE_FULL', 'queue full', { retryable: true, statusCode: 429, retryAfterSeconds: 2 }), 429, 8],
      [new CeError('CE_ERR_KAFKA_UNAVAILABLE', 'broker down', { retryable: true, statusCode: 503, retryAfterSeconds: 5 }), 503, 14],
    ];
    try {
      for (const [err, status, grpc] of cases) {
        failWith = err;
        const proto = await post(Buffer.alloc(0), { 'content-type': PROTOBUF });
        expect(proto.statusCode).toBe(status);
        expect(proto.headers['retry-after']).toBe(String(err.retryAfterSeconds));
        const st = readStatus(proto.rawPayload);
        expect(st).toMatchObject({ code: grpc, message: err.message });
        const retryInfo = st.details.find((d) => d.type === 'type.googleapis.com/google.rpc.RetryInfo')!;
        expect(fields(retryInfo.value.get(1)![0] as Buffer).get(1)).toEqual([err.retryAfterSeconds]);
        const json = await post('{}', { 'content-type': JSON_TYPE });
        expect(json.statusCode).toBe(status);
        expect(json.headers['content-type']).toBe(JSON_TYPE);
        expect(json.headers['retry-after']).toBe(String(err.retryAfterSeconds));
        expect(json.json()).toEqual({ statusCode: status, code: err.code, error: status === 429 ? 'Too Many Requests' : 'Service Unavailable', message: err.message });
      }
    } finally {
      failWith = undefined;
    }
  });
});

describe('google.rpc.Status, read by an independent decoder', () => {
  it('decodes every protobuf error answer as google.rpc.Status with ErrorInfo, and RetryInfo when there is a delay', async () => {
    const decodeError = await post(Buffer.from([0x0a, 0x50, 0x01]), { 'content-type': PROTOBUF });
    expect(decodeError.statusCode).toBe(400);
    expect(decodeStatus(decodeError.rawPayload)).toEqual({
      code: 3, // INVALID_ARGUMENT
      message: expect.stringContaining('invalid protobuf'),
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'CE_ERR_OTLP_DECODE', domain: 'claude-errors' }],
    });
    try {
      failWith = new CeError('CE_ERR_QUEUE_FULL', 'embedded queue full', { retryable: true, statusCode: 429, retryAfterSeconds: 3 });
      const throttled = await post(Buffer.alloc(0), { 'content-type': PROTOBUF });
      expect(throttled.statusCode).toBe(429);
      expect(decodeStatus(throttled.rawPayload)).toEqual({
        code: 8, // RESOURCE_EXHAUSTED
        message: 'embedded queue full',
        details: [
          { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'CE_ERR_QUEUE_FULL', domain: 'claude-errors' },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: { seconds: 3 } },
        ],
      });
    } finally {
      failWith = undefined;
    }
  });
});

describe('other paths and methods', () => {
  it('answers 405 with Allow for an OTLP path asked with another method, in the request encoding', async () => {
    const proto = await app.inject({ method: 'GET', url: '/v1/traces', headers: { 'content-type': PROTOBUF } });
    expect(proto.statusCode).toBe(405);
    expect(proto.headers.allow).toBe('POST');
    expect(proto.headers['content-type']).toBe(PROTOBUF);
    expect(decodeStatus(proto.rawPayload)).toMatchObject({ code: 12, details: [{ reason: 'CE_ERR_METHOD_NOT_ALLOWED' }] }); // UNIMPLEMENTED
    const json = await app.inject({ method: 'PUT', url: '/v1/logs?x=1', payload: '{}', headers: { 'content-type': JSON_TYPE } });
    expect(json.statusCode).toBe(405);
    expect(json.json()).toEqual({ statusCode: 405, code: 'CE_ERR_METHOD_NOT_ALLOWED', error: 'Method Not Allowed', message: 'PUT is not allowed here (allowed: POST)' });
  });

  it('answers 404 for a signal this collector does not take', async () => {
    const proto = await app.inject({ method: 'POST', url: '/v1/metrics', payload: Buffer.alloc(0), headers: { 'content-type': PROTOBUF } });
    expect(proto.statusCode).toBe(404);
    expect(proto.headers['content-type']).toBe(PROTOBUF);
    expect(decodeStatus(proto.rawPayload)).toMatchObject({ code: 12, message: expect.stringContaining('/v1/traces'), details: [{ reason: 'CE_ERR_NOT_FOUND' }] });
    const json = await app.inject({ method: 'POST', url: '/v1/metrics', payload: '{}', headers: { 'content-type': JSON_TYPE } });
    expect(json.json()).toMatchObject({ statusCode: 404, code: 'CE_ERR_NOT_FOUND', error: 'Not Found' });
  });
});

describe('success answers', () => {
  it('answers exactly application/json, so otlphttp reads the partial success', async () => {
    const res = await post(invalidSpan, { 'content-type': 'application/json; charset=utf-8' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(JSON_TYPE);
    expect(res.json()).toEqual({ partialSuccess: { rejectedSpans: '1', errorMessage: "span 'anthropic.chat': invalid trace or span id" } });
    const empty = await post('{}', { 'content-type': JSON_TYPE });
    expect(empty.headers['content-type']).toBe(JSON_TYPE);
    expect(empty.json()).toEqual({});
  });

  it('answers exactly application/x-protobuf to protobuf requests', async () => {
    const res = await post(Buffer.alloc(0), { 'content-type': PROTOBUF });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(PROTOBUF);
    expect(res.rawPayload.length).toBe(0);
  });
});
