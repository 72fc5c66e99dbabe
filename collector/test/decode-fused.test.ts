// A decode thread's span-at-a-time path (receiver/otlp-http/decode-fused.ts): protobuf traces
// decoded, mapped, redacted and encoded one span at a time give the very summary and encoded bytes
// of the whole-request path (decodeRequest, then encodeRecords), whatever the order of the fields
// on the wire; a malformed body gets the whole-request path's error; the pool's threads run with
// a small young generation. Needs `npx tsc -b` (the pool test runs the build's threads).
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bodyFor, buildProbe, buildTemplates } from '@claude-errors/testkit/load/spans';
import { encodeRecords, type EncodedRecords } from '../src/exporter/kafka/messages.js';
import { DecodePool } from '../src/receiver/otlp-http/decode-pool.js';
import { decodeAndEncode, decodeEncodeTraces } from '../src/receiver/otlp-http/decode-fused.js';
import { decodeRequest, type RawRequest } from '../src/receiver/otlp-http/decode-request.js';
import { edgeTracesBody, faultsBeforeTheirHeadBodies, jsonBodies, malformedTracesBodies, reorderedTracesBodies } from './helpers/edge-bodies.js';

const NOW = 1_767_225_600_000;
const TRACES: RawRequest = { signal: 'traces', enc: 'protobuf', contentEncoding: undefined, maxBodyBytes: 8 * 1024 * 1024 };
const OPTIONS = { receivedAtMs: NOW };

/** Encoded records as comparable values: key, bytes and record ends per group. */
const plain = (e: EncodedRecords): unknown => ({ records: e.records, groups: e.groups.map((g) => ({ key: g.key, bytes: g.bytes.toString('base64'), ends: [...g.ends] })) });

/** The whole-request path: decodeRequest, then encodeRecords; or its error's code and message. */
async function wholeRequest(req: RawRequest, body: Buffer): Promise<unknown> {
  try {
    const { records, ...summary } = await decodeRequest(req, body, () => OPTIONS);
    return { summary, encoded: plain(encodeRecords(records)) };
  } catch (err) {
    return { error: errorOf(err) };
  }
}

async function viaDecodeAndEncode(req: RawRequest, body: Buffer): Promise<unknown> {
  try {
    const { summary, encoded } = await decodeAndEncode(req, body, OPTIONS);
    return { summary, encoded: plain(encoded) };
  } catch (err) {
    return { error: errorOf(err) };
  }
}

function errorOf(err: unknown): unknown {
  const e = err as { code?: string; message?: string; statusCode?: number };
  return { code: e.code, message: e.message, statusCode: e.statusCode };
}

function validBodies(): Record<string, Buffer> {
  const templates = buildTemplates({ count: 4, spansPerRequest: 300, now: NOW });
  const probe = buildProbe();
  const out: Record<string, Buffer> = { edge: edgeTracesBody(), ...reorderedTracesBodies() };
  for (let seq = 0; seq < 4; seq++) out[`realistic ${seq}`] = bodyFor(templates, probe, seq, NOW - 1000);
  return out;
}

describe('protobuf traces a span at a time', () => {
  it('give the summary and bytes of the whole-request path, fields in any order', async () => {
    const bodies = validBodies();
    let records = 0;
    let keys = 0;
    for (const [name, body] of Object.entries(bodies)) {
      const want = (await wholeRequest(TRACES, body)) as { summary: unknown; encoded: { records: number; groups: unknown[] } };
      expect(want, name).not.toHaveProperty('error');
      const { summary, encoded } = decodeEncodeTraces(body, OPTIONS);
      expect({ summary, encoded: plain(encoded) }, name).toEqual(want);
      records += encoded.records;
      keys = Math.max(keys, encoded.groups.length);
    }
    // Not vacuous: records were made, several keys in one request, spans ignored and refused.
    expect(records).toBeGreaterThan(1000);
    expect(keys).toBeGreaterThan(3);
    const interleaved = decodeEncodeTraces(bodies['keys interleaved across resources, ignored and refused spans among them']!, OPTIONS);
    expect(interleaved.summary).toMatchObject({ total: 11, ignored: 1, rejected: 1 });
    expect(interleaved.encoded.groups.map((g) => g.key)).toEqual(['svc-1\u0000m-a', 'svc-1\u0000m-b', 'svc-1\u0000', 'svc-2\u0000m-b', 'svc-2\u0000m-a', 'svc-1\u0000m-c']);
    const late = decodeEncodeTraces(bodies['resource after its scope spans, scope after its spans']!, OPTIONS);
    expect(late.encoded.groups.map((g) => g.key)).toEqual(['late-svc\u0000m-a', 'late-svc\u0000m-b']);
    expect(late.encoded.groups[1]!.bytes.toString()).toContain('[REDACTED');
  });

  it('a malformed body gets the error of the whole-request path, also where the span-at-a-time walk meets another fault first', async () => {
    const faulty = faultsBeforeTheirHeadBodies();
    for (const [name, body] of Object.entries({ ...malformedTracesBodies(), ...faulty })) {
      const want = (await wholeRequest(TRACES, body)) as { error?: { code: string } };
      expect(want.error?.code, name).toBe('CE_ERR_OTLP_DECODE');
      expect(await viaDecodeAndEncode(TRACES, body), name).toEqual(want);
    }
    // The walk alone does meet the other fault: the fallback is what gives the same answer.
    for (const [name, body] of Object.entries(faulty)) {
      const walk = (() => {
        try {
          decodeEncodeTraces(body, OPTIONS);
          return undefined;
        } catch (err) {
          return errorOf(err);
        }
      })();
      expect(walk, name).toMatchObject({ code: 'CE_ERR_OTLP_DECODE' });
      expect(walk, name).not.toEqual(((await wholeRequest(TRACES, body)) as { error: unknown }).error);
    }
  });

  it('decodeAndEncode gives the whole-request path for compressed, JSON and log bodies too', async () => {
    const body = bodyFor(buildTemplates({ count: 2, spansPerRequest: 200, now: NOW }), buildProbe(), 3, NOW);
    const cases: [RawRequest, Buffer][] = [
      [{ ...TRACES, contentEncoding: 'gzip' }, gzipSync(body)],
      [{ ...TRACES, contentEncoding: 'gzip', maxBodyBytes: 1000 }, gzipSync(body)],
      [{ ...TRACES, signal: 'logs' }, Buffer.from([0x0a, 0x00])],
      ...Object.values(jsonBodies()).map((b): [RawRequest, Buffer] => [{ ...TRACES, enc: 'json' }, b]),
    ];
    for (const [req, raw] of cases) expect(await viaDecodeAndEncode(req, Buffer.from(raw))).toEqual(await wholeRequest(req, Buffer.from(raw)));
  });
});

describe('decode pool threads', () => {
  it('run with a young generation of 12 MiB', async () => {
    const pool = new DecodePool({ threads: 1, script: new URL('./fixtures/limits-decode-worker.mjs', import.meta.url) });
    try {
      const err = await pool.run({ ...TRACES, mapOptions: OPTIONS }, Buffer.from([0x0a, 0x00])).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(JSON.parse(err!.message)).toMatchObject({ maxYoungGenerationSizeMb: 12 });
    } finally {
      await pool.close();
    }
  });
});
