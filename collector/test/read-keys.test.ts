import { describe, expect, it } from 'vitest';
import * as sc from '@claude-errors/instrumentation-anthropic/semconv';
import { mapResourceLogs } from '../src/processor/map/map-logs.js';
import { mapResourceSpans } from '../src/processor/map/map-spans.js';
import { EXTRA_PREFIXES, isMappedAttribute, READ_KEYS } from '../src/processor/map/read-keys.js';
import { decodeLogsProtobuf, decodeTracesProtobuf } from '../src/receiver/otlp-http/decode-protobuf.js';
import { decodeTracesJson } from '../src/receiver/otlp-http/decode-json.js';
import type { AttrValue, OtlpEvent, OtlpResourceSpans } from '../src/receiver/otlp-http/otlp-model.js';
import { edgeLogsBody, edgeTracesBody } from './helpers/edge-bodies.js';
import { attrs, ld } from './helpers/protobuf-writer.js';

/**
 * The protobuf decoder keeps only the attributes listed in processor/map/read-keys.ts. These tests
 * keep that list honest: they record every key the mappers look up (on spans whose attributes are
 * all missing, so every fallback key is tried, for every source and outcome) and check each is
 * listed, and that decoding everything or only the listed attributes maps to the same records.
 */
class RecordingMap extends Map<string, AttrValue> {
  constructor(private readonly seen: Set<string>) {
    super();
  }
  override get(key: string): AttrValue | undefined {
    this.seen.add(key);
    return super.get(key);
  }
}

const SCOPES = [sc.INSTRUMENTATION_NAME, '@anthropic-ai/sdk', '@traceloop/instrumentation-anthropic', 'opentelemetry.instrumentation.anthropic', 'openinference.instrumentation.anthropic', '@arizeai/openinference', 'my-app'];

function keysTheMappersRead(): Set<string> {
  const seen = new Set<string>();
  const m = (): RecordingMap => new RecordingMap(seen);
  const event = (name: string): OtlpEvent => ({ name, timeMs: 1, attributes: m() });
  const batch: OtlpResourceSpans[] = [];
  for (const language of ['nodejs', 'python']) {
    const resource = m();
    resource.set('telemetry.sdk.language', language);
    for (const scope of SCOPES) {
      const spans = [];
      for (const statusCode of [0, 1, 2]) {
        for (const events of [[], [event('exception')], [event(sc.ATTEMPT_EVENT)], [event(sc.ATTEMPT_EVENT), event(sc.ATTEMPT_EVENT), event('exception')], [event(sc.BATCH_RESULT_EVENT)], [event(sc.SESSION_ERROR_EVENT)], [event(sc.MCP_TOOL_ERROR_EVENT)]]) {
          for (const name of ['anthropic.messages.create', 'chat', '']) {
            spans.push({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), parentSpanId: '', name, kind: 3, startMs: 1, endMs: 2, attributes: m(), events, statusCode, statusMessage: statusCode === 2 ? 'boom' : '' });
          }
        }
      }
      batch.push({ resource, scopeSpans: [{ scope: { name: scope, version: '1.0.0' }, spans }] });
    }
  }
  mapResourceSpans(batch);
  const logAttrs = m();
  mapResourceLogs([
    {
      resource: m(),
      scopeLogs: [{ scope: { name: 'x', version: '' }, logRecords: [{ timeMs: 1, severityText: '', body: 'anthropic overloaded_error', attributes: logAttrs, traceId: '', spanId: '', eventName: '' }] }],
    },
  ]);
  return seen;
}

describe('attributes the decoder keeps (processor/map/read-keys.ts)', () => {
  it('lists every attribute key the span and log mappers read, and only those', () => {
    const seen = keysTheMappersRead();
    expect([...seen].filter((k) => !isMappedAttribute(k))).toEqual([]);
    expect(READ_KEYS.filter((k) => !seen.has(k))).toEqual([]);
  });

  it('keeps the detail copied into records by prefix, and nothing that merely shares the start of a name', () => {
    for (const p of EXTRA_PREFIXES) {
      expect(isMappedAttribute(p)).toBe(true);
      expect(isMappedAttribute(`${p}x`)).toBe(true);
      expect(isMappedAttribute(`x${p}`)).toBe(false);
    }
    expect(isMappedAttribute('anthropic.ratelimit')).toBe(false);
    expect(isMappedAttribute('server.address')).toBe(false);
    expect(isMappedAttribute('gen_ai.request.max_tokens')).toBe(false);
  });

  it('maps bodies decoded with every attribute and with only the kept ones into the same records', () => {
    const traces = edgeTracesBody();
    expect(mapResourceSpans(decodeTracesProtobuf(traces))).toEqual(mapResourceSpans(decodeTracesProtobuf(traces, { allAttributes: true })));
    const logs = edgeLogsBody();
    expect(mapResourceLogs(decodeLogsProtobuf(logs))).toEqual(mapResourceLogs(decodeLogsProtobuf(logs, { allAttributes: true })));
    const all = decodeTracesProtobuf(traces, { allAttributes: true })[0]!.scopeSpans[0]!.spans[0]!.attributes;
    const kept = decodeTracesProtobuf(traces)[0]!.scopeSpans[0]!.spans[0]!.attributes;
    expect(all.has('server.address')).toBe(true);
    expect(kept.has('server.address')).toBe(false);
    expect(kept.get(sc.GEN_AI_REQUEST_MODEL)).toBe(all.get(sc.GEN_AI_REQUEST_MODEL));
  });

  it('decodes a skipped value after all when a later key field of the same KeyValue names a kept attribute', () => {
    // KeyValue { key: 'server.address', value: 'x', key: 'gen_ai.request.model' }: the last key wins
    const kv = Buffer.concat([ld(1, 'server.address'), ld(2, ld(1, 'claude-late-key')), ld(1, sc.GEN_AI_REQUEST_MODEL)]);
    const span = Buffer.concat([ld(1, Buffer.alloc(16, 7)), ld(2, Buffer.alloc(8, 8)), ld(5, 'anthropic.chat'), ld(9, kv), attrs(9, [[sc.GEN_AI_PROVIDER_NAME, { s: 'anthropic' }]])]);
    const body = ld(1, ld(2, ld(2, span)));
    const [call] = mapResourceSpans(decodeTracesProtobuf(body)).records;
    expect(call!.model).toBe('claude-late-key');
  });

  it('treats an attribute named __proto__ as an ordinary attribute nobody reads', () => {
    // In a plain object, `attrs['__proto__'] = kvlist` replaced the prototype, and the kvlist's
    // entries then read as the span's own attributes. Attributes are Maps: nothing leaks.
    const proto: [string, { kv: [string, { s: string }][] }] = ['__proto__', { kv: [[sc.GEN_AI_REQUEST_MODEL, { s: 'from-proto' }], ['anthropic.ratelimit.x', { s: 'leak' }]] }];
    const span = Buffer.concat([ld(1, Buffer.alloc(16, 7)), ld(2, Buffer.alloc(8, 8)), ld(5, 'anthropic.chat'), attrs(9, [proto, [sc.GEN_AI_PROVIDER_NAME, { s: 'anthropic' }]])]);
    for (const opts of [{}, { allAttributes: true }]) {
      const [call] = mapResourceSpans(decodeTracesProtobuf(ld(1, ld(2, ld(2, span))), opts)).records;
      expect(call).toMatchObject({ model: null, attributes: null });
    }
  });

  it('keeps a key named __proto__ inside a kvlist value as an ordinary key, in both encodings', () => {
    // `out[key] = value` with the key __proto__ set the kvlist's prototype: the entry was lost.
    const nested: [string, { kv: [string, { s: string }][] }] = ['anthropic.ratelimit.nested', { kv: [['__proto__', { s: 'kept' }], ['other', { s: 'also' }]] }];
    const span = Buffer.concat([ld(1, Buffer.alloc(16, 7)), ld(2, Buffer.alloc(8, 8)), ld(5, 'anthropic.chat'), attrs(9, [nested, [sc.GEN_AI_PROVIDER_NAME, { s: 'anthropic' }]])]);
    const [fromProto] = mapResourceSpans(decodeTracesProtobuf(ld(1, ld(2, ld(2, span))), { allAttributes: true })).records;
    const json = {
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '07'.repeat(16), spanId: '08'.repeat(8), name: 'anthropic.chat', attributes: [
        { key: 'gen_ai.provider.name', value: { stringValue: 'anthropic' } },
        { key: 'anthropic.ratelimit.nested', value: { kvlistValue: { values: [{ key: '__proto__', value: { stringValue: 'kept' } }, { key: 'other', value: { stringValue: 'also' } }] } } },
      ] }] }] }],
    };
    const [fromJson] = mapResourceSpans(decodeTracesJson(json)).records;
    for (const call of [fromProto, fromJson]) {
      const nestedValue = (call!.attributes as Record<string, Record<string, unknown>>)['anthropic.ratelimit.nested']!;
      expect(Object.getPrototypeOf(nestedValue)).toBe(Object.prototype);
      expect(JSON.stringify(nestedValue)).toBe('{"__proto__":"kept","other":"also"}');
      expect(Object.keys(nestedValue)).toEqual(['__proto__', 'other']);
    }
  });
});
