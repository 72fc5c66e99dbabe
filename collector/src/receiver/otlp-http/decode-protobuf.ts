import { ProtobufReader } from './protobuf-reader.js';
import { MAX_VALUE_DEPTH } from './otlp-model.js';
import type {
  AttrValue,
  Attributes,
  OtlpEvent,
  OtlpLogRecord,
  OtlpResourceLogs,
  OtlpResourceSpans,
  OtlpScope,
  OtlpScopeSpans,
  OtlpSpan,
} from './otlp-model.js';

// Field numbers from opentelemetry-proto: common/v1/common.proto, resource/v1/resource.proto,
// trace/v1/trace.proto, logs/v1/logs.proto and the collector service protos.

/** Decodes an ExportTraceServiceRequest (also TracesData: same field 1). */
export function decodeTracesProtobuf(buf: Uint8Array): OtlpResourceSpans[] {
  const r = new ProtobufReader(buf);
  const out: OtlpResourceSpans[] = [];
  while (!r.done()) {
    const tag = r.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === 2) out.push(resourceSpans(r.sub()));
    else r.skip(tag & 7);
  }
  return out;
}

/** Decodes an ExportLogsServiceRequest (also LogsData). */
export function decodeLogsProtobuf(buf: Uint8Array): OtlpResourceLogs[] {
  const r = new ProtobufReader(buf);
  const out: OtlpResourceLogs[] = [];
  while (!r.done()) {
    const tag = r.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === 2) out.push(resourceLogs(r.sub()));
    else r.skip(tag & 7);
  }
  return out;
}

function resourceSpans(r: ProtobufReader): OtlpResourceSpans {
  let resource: Attributes = {};
  const scopeSpans: OtlpScopeSpans[] = [];
  while (!r.done()) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === 2) resource = resourceAttrs(r.sub());
    else if (field === 2 && (tag & 7) === 2) scopeSpans.push(scopeSpansOf(r.sub()));
    else r.skip(tag & 7);
  }
  return { resource, scopeSpans };
}

function resourceLogs(r: ProtobufReader): OtlpResourceLogs {
  let resource: Attributes = {};
  const scopeLogs: OtlpResourceLogs['scopeLogs'] = [];
  while (!r.done()) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === 2) resource = resourceAttrs(r.sub());
    else if (field === 2 && (tag & 7) === 2) scopeLogs.push(scopeLogsOf(r.sub()));
    else r.skip(tag & 7);
  }
  return { resource, scopeLogs };
}

function resourceAttrs(r: ProtobufReader): Attributes {
  const attrs: Attributes = {};
  while (!r.done()) {
    const tag = r.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === 2) keyValue(r.sub(), attrs);
    else r.skip(tag & 7);
  }
  return attrs;
}

function scopeOf(r: ProtobufReader): OtlpScope {
  const scope: OtlpScope = { name: '', version: '' };
  while (!r.done()) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === 2) scope.name = r.string();
    else if (field === 2 && (tag & 7) === 2) scope.version = r.string();
    else r.skip(tag & 7);
  }
  return scope;
}

function scopeSpansOf(r: ProtobufReader): OtlpScopeSpans {
  let scope: OtlpScope = { name: '', version: '' };
  const spans: OtlpSpan[] = [];
  while (!r.done()) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === 2) scope = scopeOf(r.sub());
    else if (field === 2 && (tag & 7) === 2) spans.push(spanOf(r.sub()));
    else r.skip(tag & 7);
  }
  return { scope, spans };
}

function spanOf(r: ProtobufReader): OtlpSpan {
  const span: OtlpSpan = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    name: '',
    kind: 0,
    startMs: 0,
    endMs: 0,
    attributes: {},
    events: [],
    statusCode: 0,
    statusMessage: '',
  };
  while (!r.done()) {
    const tag = r.uint32();
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        if (wt !== 2) r.fail('span.trace_id wire type');
        span.traceId = r.hex();
        break;
      case 2:
        if (wt !== 2) r.fail('span.span_id wire type');
        span.spanId = r.hex();
        break;
      case 4:
        if (wt !== 2) r.fail('span.parent_span_id wire type');
        span.parentSpanId = r.hex();
        break;
      case 5:
        if (wt !== 2) r.fail('span.name wire type');
        span.name = r.string();
        break;
      case 6:
        if (wt !== 0) r.fail('span.kind wire type');
        span.kind = r.uint32();
        break;
      case 7:
        if (wt !== 1) r.fail('span.start_time_unix_nano wire type');
        span.startMs = r.fixed64NanosToMs();
        break;
      case 8:
        if (wt !== 1) r.fail('span.end_time_unix_nano wire type');
        span.endMs = r.fixed64NanosToMs();
        break;
      case 9:
        if (wt !== 2) r.fail('span.attributes wire type');
        keyValue(r.sub(), span.attributes);
        break;
      case 11:
        if (wt !== 2) r.fail('span.events wire type');
        span.events.push(eventOf(r.sub()));
        break;
      case 15:
        if (wt !== 2) r.fail('span.status wire type');
        statusOf(r.sub(), span);
        break;
      default:
        r.skip(wt);
    }
  }
  return span;
}

function eventOf(r: ProtobufReader): OtlpEvent {
  const ev: OtlpEvent = { name: '', timeMs: 0, attributes: {} };
  while (!r.done()) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === 1) ev.timeMs = r.fixed64NanosToMs();
    else if (field === 2 && (tag & 7) === 2) ev.name = r.string();
    else if (field === 3 && (tag & 7) === 2) keyValue(r.sub(), ev.attributes);
    else r.skip(tag & 7);
  }
  return ev;
}

function statusOf(r: ProtobufReader, span: OtlpSpan): void {
  while (!r.done()) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (field === 2 && (tag & 7) === 2) span.statusMessage = r.string();
    else if (field === 3 && (tag & 7) === 0) span.statusCode = r.uint32();
    else r.skip(tag & 7);
  }
}

function scopeLogsOf(r: ProtobufReader): OtlpResourceLogs['scopeLogs'][number] {
  let scope: OtlpScope = { name: '', version: '' };
  const logRecords: OtlpLogRecord[] = [];
  while (!r.done()) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === 2) scope = scopeOf(r.sub());
    else if (field === 2 && (tag & 7) === 2) logRecords.push(logRecordOf(r.sub()));
    else r.skip(tag & 7);
  }
  return { scope, logRecords };
}

function logRecordOf(r: ProtobufReader): OtlpLogRecord {
  const rec: OtlpLogRecord = { timeMs: 0, severityText: '', body: null, attributes: {}, traceId: '', spanId: '', eventName: '' };
  let observedMs = 0;
  while (!r.done()) {
    const tag = r.uint32();
    const wt = tag & 7;
    const field = tag >>> 3;
    if (field === 1 && wt === 1) rec.timeMs = r.fixed64NanosToMs();
    else if (field === 11 && wt === 1) observedMs = r.fixed64NanosToMs();
    else if (field === 3 && wt === 2) rec.severityText = r.string();
    else if (field === 5 && wt === 2) rec.body = anyValue(r.sub());
    else if (field === 6 && wt === 2) keyValue(r.sub(), rec.attributes);
    else if (field === 9 && wt === 2) rec.traceId = r.hex();
    else if (field === 10 && wt === 2) rec.spanId = r.hex();
    else if (field === 12 && wt === 2) rec.eventName = r.string();
    else r.skip(wt);
  }
  if (!rec.timeMs) rec.timeMs = observedMs;
  return rec;
}

function keyValue(r: ProtobufReader, into: Attributes, depth = 0): void {
  let key = '';
  let value: AttrValue = null;
  while (!r.done()) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === 2) key = r.string();
    else if (field === 2 && (tag & 7) === 2) value = anyValue(r.sub(), depth);
    else r.skip(tag & 7);
  }
  if (key) into[key] = value;
}

function anyValue(r: ProtobufReader, depth = 0): AttrValue {
  if (depth > MAX_VALUE_DEPTH) r.fail(`AnyValue nested deeper than ${MAX_VALUE_DEPTH} levels`);
  let value: AttrValue = null;
  while (!r.done()) {
    const tag = r.uint32();
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        value = wt === 2 ? r.string() : r.fail('AnyValue.string_value wire type');
        break;
      case 2:
        value = wt === 0 ? r.bool() : r.fail('AnyValue.bool_value wire type');
        break;
      case 3:
        value = wt === 0 ? r.int64() : r.fail('AnyValue.int_value wire type');
        break;
      case 4:
        value = wt === 1 ? r.double() : r.fail('AnyValue.double_value wire type');
        break;
      case 5:
        value = wt === 2 ? arrayValue(r.sub(), depth + 1) : r.fail('AnyValue.array_value wire type');
        break;
      case 6:
        value = wt === 2 ? kvList(r.sub(), depth + 1) : r.fail('AnyValue.kvlist_value wire type');
        break;
      case 7:
        value = wt === 2 ? r.hex() : r.fail('AnyValue.bytes_value wire type');
        break;
      default:
        r.skip(wt);
    }
  }
  return value;
}

function arrayValue(r: ProtobufReader, depth: number): AttrValue[] {
  const out: AttrValue[] = [];
  while (!r.done()) {
    const tag = r.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === 2) out.push(anyValue(r.sub(), depth));
    else r.skip(tag & 7);
  }
  return out;
}

function kvList(r: ProtobufReader, depth: number): Attributes {
  const out: Attributes = {};
  while (!r.done()) {
    const tag = r.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === 2) keyValue(r.sub(), out, depth);
    else r.skip(tag & 7);
  }
  return out;
}

/** Encodes ExportTraceServiceResponse / ExportLogsServiceResponse with a partial_success. */
export function encodePartialSuccessProtobuf(rejected: number, message: string): Uint8Array {
  if (rejected === 0 && !message) return new Uint8Array(0);
  const msgBytes = new TextEncoder().encode(message);
  const inner: number[] = [];
  if (rejected > 0) {
    inner.push(0x08);
    pushVarint(inner, rejected);
  }
  if (msgBytes.length) {
    inner.push(0x12);
    pushVarint(inner, msgBytes.length);
    inner.push(...msgBytes);
  }
  const out: number[] = [0x0a];
  pushVarint(out, inner.length);
  out.push(...inner);
  return Uint8Array.from(out);
}

function pushVarint(out: number[], n: number): void {
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
}
