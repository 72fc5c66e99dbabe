import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isCeError, type ErrorRecord } from '@claude-errors/schemas';
import { toMessages } from '../src/exporter/kafka/messages.js';
import { mapResourceLogs } from '../src/processor/map/map-logs.js';
import { mapResourceSpans } from '../src/processor/map/map-spans.js';
import { redactRecord } from '../src/processor/redact/redact.js';
import { decodeLogsJson, decodeTracesJson, parseJsonBody } from '../src/receiver/otlp-http/decode-json.js';
import { decodeLogsProtobuf, decodeTracesProtobuf } from '../src/receiver/otlp-http/decode-protobuf.js';
// The ingest benchmark's generator: realistic bodies from the real OpenTelemetry serializer.
import { bodyFor, buildProbe, buildTemplates } from '@claude-errors/testkit/load/spans';
import { edgeLogsBody, edgeTracesBody, jsonBodies, malformedTracesBodies } from './helpers/edge-bodies.js';
import { prng } from './helpers/prng.js';

/**
 * Golden output of the collector's hot path (protobuf decode → map → redact → Kafka messages):
 * the snapshots under __snapshots__/hot-path-golden/ were written by the straightforward decoder
 * and mapper (decode every attribute, map from the full model), and every faster version must
 * reproduce them byte for byte: the same records, the same 400s with the same messages, the same
 * Kafka keys and values. `npx vitest run collector/test/hot-path-golden.test.ts -u` rewrites them
 * after a deliberate mapping change; review the diff.
 */
const NOW = 1_767_225_600_000;
const SNAP = './__snapshots__/hot-path-golden';

/** The OpenTelemetry SDK draws trace and span ids from Math.random: seed it so bodies repeat. */
function seeded<T>(seed: number, fn: () => T): T {
  const original = Math.random;
  Math.random = prng(seed);
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}

type Outcome = { error: string } | { records: ErrorRecord[]; ignored: number; rejected: number; reasons: string[]; messages: { key: string; value: string; records: number }[] };

interface Mapped {
  records: ErrorRecord[];
  ignored: number;
  rejected?: number;
  rejectReasons?: string[];
}

/** decode + map (the callback), then redact and cut Kafka messages; a thrown decode error is the outcome. */
function run(decodeAndMap: () => Mapped, maxMessageBytes: number): Outcome {
  try {
    const mapped = decodeAndMap();
    for (const r of mapped.records) redactRecord(r);
    return { records: mapped.records, ignored: mapped.ignored, rejected: mapped.rejected ?? 0, reasons: mapped.rejectReasons ?? [], messages: toMessages(mapped.records, maxMessageBytes) };
  } catch (err) {
    return { error: describe_(err) };
  }
}

/** A fixed receive time, a day after the bodies' times: a (mutated) time beyond it plus 5 min becomes it. */
const RECEIVED = { receivedAtMs: NOW + 86_400_000 };
const runTraces = (body: Uint8Array, max: number): Outcome => run(() => mapResourceSpans(decodeTracesProtobuf(body), RECEIVED), max);
const runLogs = (body: Uint8Array, max: number): Outcome => run(() => mapResourceLogs(decodeLogsProtobuf(body), RECEIVED), max);
const runJsonTraces = (body: Buffer, max: number): Outcome => run(() => mapResourceSpans(decodeTracesJson(parseJsonBody(body.toString('utf8'))), RECEIVED), max);
const runJsonLogs = (body: Buffer, max: number): Outcome => run(() => mapResourceLogs(decodeLogsJson(parseJsonBody(body.toString('utf8'))), RECEIVED), max);

function describe_(err: unknown): string {
  if (isCeError(err)) return `${err.statusCode} ${err.code} ${err.message}`;
  return `UNEXPECTED ${String(err)}`;
}

/** Full text: one line per record, then one per Kafka message (key, record count, value digest). */
function render(o: Outcome): string {
  if ('error' in o) return `error: ${o.error}\n`;
  const lines = [`ignored ${o.ignored}, rejected ${o.rejected} ${JSON.stringify(o.reasons)}, records ${o.records.length}, messages ${o.messages.length}`];
  for (const r of o.records) lines.push(JSON.stringify(r));
  for (const m of o.messages) lines.push(`message ${JSON.stringify(m.key)} records=${m.records} bytes=${Buffer.byteLength(m.value)} sha256=${sha(m.value).slice(0, 16)}`);
  return lines.join('\n') + '\n';
}

/** One line: enough to tell any difference, short enough for hundreds of cases. */
function summarize(o: Outcome): string {
  if ('error' in o) return `error: ${o.error}`;
  const h = createHash('sha256');
  for (const m of o.messages) h.update(m.key).update('\u0001').update(m.value).update('\u0002');
  return `ok: records ${o.records.length}, ignored ${o.ignored}, rejected ${o.rejected}, messages ${o.messages.length}, sha256 ${h.digest('hex').slice(0, 24)}`;
}

function sha(s: string | Uint8Array): string {
  return createHash('sha256').update(s).digest('hex');
}

/** Byte-level mutations: flips, random bytes, deleted runs, inserted bytes, duplicated chunks. */
function mutate(rand: () => number, src: Buffer): Buffer {
  const pick = (n: number): number => Math.floor(rand() * n);
  let out = Buffer.from(src);
  for (let i = 1 + pick(4); i > 0; i--) {
    const at = pick(out.length || 1);
    switch (pick(5)) {
      case 0:
        if (out.length) out[at] = out[at]! ^ (1 << pick(8));
        break;
      case 1:
        if (out.length) out[at] = pick(256);
        break;
      case 2:
        out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1 + pick(16))]);
        break;
      case 3:
        out = Buffer.concat([out.subarray(0, at), Buffer.from(Array.from({ length: 1 + pick(8) }, () => pick(256))), out.subarray(at)]);
        break;
      default:
        out = Buffer.concat([out.subarray(0, at), out.subarray(at, at + pick(64)), out.subarray(at)]);
    }
  }
  return out;
}

describe('hot path golden output (decode → map → redact → Kafka messages)', () => {
  it('maps realistic bodies (every outcome kind of the ingest benchmark) into the same records and messages', async () => {
    const templates = seeded(1, () => buildTemplates({ count: 2, spansPerRequest: 40, now: NOW }));
    const text = templates.map((t: { bytes: Buffer }, i: number) => `## body ${i}\n${render(runTraces(t.bytes, 16 * 1024))}`).join('');
    await expect(text).toMatchFileSnapshot(`${SNAP}/realistic.txt`);
  });

  it('maps the ingest benchmark’s 16 bodies of 500 spans (plus the probe) into the same messages', async () => {
    const { templates, probe } = seeded(2, () => ({ templates: buildTemplates({ count: 16, spansPerRequest: 500, now: NOW }), probe: buildProbe() }));
    const lines = templates.map((_: unknown, seq: number) => `body ${seq}: ${summarize(runTraces(bodyFor(templates, probe, seq, NOW + seq), 900 * 1024))}`);
    await expect(lines.join('\n') + '\n').toMatchFileSnapshot(`${SNAP}/realistic-16x500.txt`);
  });

  it('maps hand-built spans and logs of every supported shape (unicode, invalid UTF-8, duplicate keys, kvlists, secrets) the same way', async () => {
    const text = `## traces\n${render(runTraces(edgeTracesBody(), 2048))}## logs\n${render(runLogs(edgeLogsBody(), 2048))}`;
    await expect(text).toMatchFileSnapshot(`${SNAP}/edge.txt`);
  });

  it('refuses the same malformed bodies with the same 400 messages, also where the bad part is in an attribute nobody reads', async () => {
    const lines = Object.entries(malformedTracesBodies()).map(([name, body]) => `${name}: ${summarize(runTraces(body, 2048))}`);
    for (const line of lines) expect(line).toMatch(/: error: 400 CE_ERR_OTLP_DECODE /);
    await expect(lines.join('\n') + '\n').toMatchFileSnapshot(`${SNAP}/malformed.txt`);
  });

  it('maps OTLP/JSON bodies (the SDK JSON serializer, older exporters’ quirks, refusals) the same way', async () => {
    const bodies = seeded(4, () => jsonBodies());
    const text = Object.entries(bodies)
      .map(([name, body]) => `## ${name}\n${render(name.startsWith('logs:') ? runJsonLogs(body, 2048) : runJsonTraces(body, 2048))}`)
      .join('');
    await expect(text).toMatchFileSnapshot(`${SNAP}/json.txt`);
  });

  it('gives the same outcome (records or 400 message) for 1,500 mutated bodies', async () => {
    const realistic = seeded(3, () => buildTemplates({ count: 1, spansPerRequest: 12, now: NOW }))[0].bytes as Buffer;
    const seeds: [string, Buffer, typeof runTraces][] = [
      ['realistic', realistic, runTraces],
      ['edge-traces', edgeTracesBody(), runTraces],
      ['edge-logs', edgeLogsBody(), runLogs],
    ];
    const rand = prng(20_260_101);
    const lines: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const [name, seed, run] = seeds[i % seeds.length]!;
      lines.push(`${i} ${name}: ${summarize(run(mutate(rand, seed), 4096))}`);
    }
    expect(lines.filter((l) => l.includes('UNEXPECTED'))).toEqual([]);
    await expect(lines.join('\n') + '\n').toMatchFileSnapshot(`${SNAP}/mutated.txt`);
  });
});
