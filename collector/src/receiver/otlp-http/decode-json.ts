import { collectorError, ErrorCodes } from '../../errors.js';
import type { AttrValue, Attributes, KvList, OtlpEvent, OtlpLogRecord, OtlpResourceLogs, OtlpResourceSpans, OtlpScope, OtlpSpan } from './otlp-model.js';
import { MAX_VALUE_DEPTH, setKv } from './otlp-model.js';

/**
 * OTLP/JSON per the specification (lowerCamelCase keys, hex ids, int64 as strings, enums as
 * integers), and lenient on older exporters' quirks: snake_case keys, `instrumentationLibrarySpans`,
 * base64 ids, enum names instead of numbers, int64 as numbers.
 */
type Json = Record<string, unknown>;

function fail(what: string): never {
  throw collectorError('invalid', ErrorCodes.OTLP_DECODE, `invalid OTLP JSON: ${what}`);
}

function field(obj: Json, camel: string, snake: string): unknown {
  return obj[camel] ?? obj[snake];
}

function list(obj: Json, camel: string, snake: string, where: string, ...alts: string[]): Json[] {
  let v = field(obj, camel, snake);
  for (const alt of alts) v ??= obj[alt];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(`${where}.${camel} must be an array`);
  return v as Json[];
}

function asObject(v: unknown, where: string): Json {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(`${where} must be an object`);
  return v as Json;
}

export function parseJsonBody(text: string): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    fail(`body is not JSON (${(err as Error).message})`);
  }
  return asObject(parsed, 'body');
}

export function decodeTracesJson(body: Json): OtlpResourceSpans[] {
  return list(body, 'resourceSpans', 'resource_spans', 'body').map((rsRaw, i) => {
    const rs = asObject(rsRaw, `resourceSpans[${i}]`);
    const resource = attributesOf(asObjectOrEmpty(rs.resource), `resourceSpans[${i}].resource`);
    const scopes = list(rs, 'scopeSpans', 'scope_spans', `resourceSpans[${i}]`, 'instrumentationLibrarySpans', 'instrumentation_library_spans');
    return {
      resource,
      scopeSpans: scopes.map((ssRaw, j) => {
        const where = `resourceSpans[${i}].scopeSpans[${j}]`;
        const ss = asObject(ssRaw, where);
        return {
          scope: scopeOf(ss.scope ?? ss.instrumentationLibrary ?? ss.instrumentation_library),
          spans: list(ss, 'spans', 'spans', where).map((s, k) => spanOf(asObject(s, `${where}.spans[${k}]`), `${where}.spans[${k}]`)),
        };
      }),
    };
  });
}

export function decodeLogsJson(body: Json): OtlpResourceLogs[] {
  return list(body, 'resourceLogs', 'resource_logs', 'body').map((rlRaw, i) => {
    const rl = asObject(rlRaw, `resourceLogs[${i}]`);
    const scopes = list(rl, 'scopeLogs', 'scope_logs', `resourceLogs[${i}]`, 'instrumentationLibraryLogs');
    return {
      resource: attributesOf(asObjectOrEmpty(rl.resource), `resourceLogs[${i}].resource`),
      scopeLogs: scopes.map((slRaw, j) => {
        const where = `resourceLogs[${i}].scopeLogs[${j}]`;
        const sl = asObject(slRaw, where);
        return {
          scope: scopeOf(sl.scope ?? sl.instrumentationLibrary),
          logRecords: list(sl, 'logRecords', 'log_records', where).map((lr, k) => logOf(asObject(lr, `${where}.logRecords[${k}]`), `${where}.logRecords[${k}]`)),
        };
      }),
    };
  });
}

function asObjectOrEmpty(v: unknown): Json {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

function scopeOf(v: unknown): OtlpScope {
  const s = asObjectOrEmpty(v);
  return { name: typeof s.name === 'string' ? s.name : '', version: typeof s.version === 'string' ? s.version : '' };
}

function spanOf(s: Json, where: string): OtlpSpan {
  const status = asObjectOrEmpty(s.status);
  return {
    traceId: idOf(field(s, 'traceId', 'trace_id'), 16, `${where}.traceId`),
    spanId: idOf(field(s, 'spanId', 'span_id'), 8, `${where}.spanId`),
    parentSpanId: idOf(field(s, 'parentSpanId', 'parent_span_id'), 8, `${where}.parentSpanId`),
    name: typeof s.name === 'string' ? s.name : '',
    kind: enumOf(s.kind, SPAN_KINDS),
    startMs: nanosToMs(field(s, 'startTimeUnixNano', 'start_time_unix_nano'), `${where}.startTimeUnixNano`),
    endMs: nanosToMs(field(s, 'endTimeUnixNano', 'end_time_unix_nano'), `${where}.endTimeUnixNano`),
    attributes: attributesOf(s, where),
    events: list(s, 'events', 'events', where).map((e, i) => eventOf(asObject(e, `${where}.events[${i}]`), `${where}.events[${i}]`)),
    statusCode: enumOf(status.code, STATUS_CODES),
    statusMessage: typeof status.message === 'string' ? status.message : '',
  };
}

function eventOf(e: Json, where: string): OtlpEvent {
  return {
    name: typeof e.name === 'string' ? e.name : '',
    timeMs: nanosToMs(field(e, 'timeUnixNano', 'time_unix_nano'), `${where}.timeUnixNano`),
    attributes: attributesOf(e, where),
  };
}

function logOf(l: Json, where: string): OtlpLogRecord {
  const time = nanosToMs(field(l, 'timeUnixNano', 'time_unix_nano'), `${where}.timeUnixNano`);
  return {
    timeMs: time || nanosToMs(field(l, 'observedTimeUnixNano', 'observed_time_unix_nano'), `${where}.observedTimeUnixNano`),
    severityText: typeof l.severityText === 'string' ? l.severityText : '',
    body: l.body === undefined ? null : anyValue(l.body, `${where}.body`),
    attributes: attributesOf(l, where),
    traceId: idOf(field(l, 'traceId', 'trace_id'), 16, `${where}.traceId`),
    spanId: idOf(field(l, 'spanId', 'span_id'), 8, `${where}.spanId`),
    eventName: typeof l.eventName === 'string' ? l.eventName : '',
  };
}

function attributesOf(obj: Json, where: string): Attributes {
  const out: Attributes = new Map();
  for (const [i, kvRaw] of list(obj, 'attributes', 'attributes', where).entries()) {
    const kv = asObject(kvRaw, `${where}.attributes[${i}]`);
    if (typeof kv.key !== 'string') fail(`${where}.attributes[${i}].key must be a string`);
    out.set(kv.key, kv.value === undefined ? null : anyValue(kv.value, `${where}.attributes[${i}].value`));
  }
  return out;
}

function anyValue(v: unknown, where: string, depth = 0): AttrValue {
  if (depth > MAX_VALUE_DEPTH) fail(`${where.replace(/(?<!\])(?:\[\d+\])+$/, '')} nests values deeper than ${MAX_VALUE_DEPTH} levels`);
  const o = asObjectOrEmpty(v);
  if ('stringValue' in o || 'string_value' in o) return String(field(o, 'stringValue', 'string_value'));
  if ('boolValue' in o || 'bool_value' in o) return Boolean(field(o, 'boolValue', 'bool_value'));
  if ('intValue' in o || 'int_value' in o) {
    const n = Number(field(o, 'intValue', 'int_value'));
    if (!Number.isFinite(n)) fail(`${where}.intValue is not an integer`);
    return n;
  }
  if ('doubleValue' in o || 'double_value' in o) {
    const raw = field(o, 'doubleValue', 'double_value');
    return typeof raw === 'string' ? Number(raw) : (raw as number);
  }
  const arr = field(o, 'arrayValue', 'array_value');
  if (arr !== undefined) return list(asObjectOrEmpty(arr), 'values', 'values', where).map((x, i) => anyValue(x, `${where}[${i}]`, depth + 1));
  const kvl = field(o, 'kvlistValue', 'kvlist_value');
  if (kvl !== undefined) return attributesFromValues(asObjectOrEmpty(kvl), where, depth + 1);
  const bytes = field(o, 'bytesValue', 'bytes_value');
  if (typeof bytes === 'string') return Buffer.from(bytes, 'base64').toString('hex');
  return null;
}

function attributesFromValues(obj: Json, where: string, depth: number): KvList {
  const out: KvList = {};
  for (const kvRaw of list(obj, 'values', 'values', where)) {
    const kv = asObjectOrEmpty(kvRaw);
    if (typeof kv.key === 'string') setKv(out, kv.key, anyValue(kv.value, `${where}.${kv.key}`, depth));
  }
  return out;
}

const HEX_RE = /^[0-9a-fA-F]*$/;

/** Ids are hex in OTLP/JSON; some older exporters sent base64. Empty stays empty. */
function idOf(v: unknown, bytes: number, where: string): string {
  if (v === undefined || v === null || v === '') return '';
  if (typeof v !== 'string') fail(`${where} must be a string`);
  if (v.length === bytes * 2 && HEX_RE.test(v)) return v.toLowerCase();
  const b = Buffer.from(v, 'base64');
  if (b.length === bytes) return b.toString('hex');
  return fail(`${where} is neither ${bytes * 2} hex digits nor base64 of ${bytes} bytes`);
}

function nanosToMs(v: unknown, where: string): number {
  if (v === undefined || v === null || v === '' || v === 0) return 0;
  if (typeof v === 'number') return v / 1e6;
  if (typeof v === 'string' && /^\d+$/.test(v)) {
    // Split to keep precision beyond 2^53 nanoseconds.
    const ms = v.length > 6 ? Number(v.slice(0, -6)) + Number(v.slice(-6)) / 1e6 : Number(v) / 1e6;
    return ms;
  }
  return fail(`${where} must be an integer (nanoseconds)`);
}

const SPAN_KINDS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODES: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2, UNSET: 0, OK: 1, ERROR: 2 };

function enumOf(v: unknown, names: Record<string, number>): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return names[v] ?? (Number(v) || 0);
  return 0;
}
