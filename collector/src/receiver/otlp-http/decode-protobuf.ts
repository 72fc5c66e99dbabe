import { ProtobufReader } from './protobuf-reader.js';
import { Utf8Cache } from './utf8-cache.js';
import { isMappedAttribute } from '../../processor/map/read-keys.js';
import { MAX_VALUE_DEPTH, setKv } from './otlp-model.js';
import type { AttrValue, Attributes, KvList, OtlpEvent, OtlpLogRecord, OtlpResourceLogs, OtlpResourceSpans, OtlpScope, OtlpScopeSpans, OtlpSpan } from './otlp-model.js';

// Field numbers from opentelemetry-proto: common/v1/common.proto, resource/v1/resource.proto,
// trace/v1/trace.proto, logs/v1/logs.proto and the collector service protos.

/**
 * Attribute keys, names and short values recur in every span: they are decoded once and then
 * found by their bytes (see Utf8Cache). Values longer than 48 bytes (messages) are decoded each
 * time. The key cache also remembers whether a mapper reads the attribute (isMappedAttribute).
 */
const KEYS = new Utf8Cache(1024, 128, isMappedAttribute);
const VALUES = new Utf8Cache(4096, 48);

/**
 * Whether the current decode keeps every attribute. By default the decoders keep only the
 * attributes a mapper reads or copies (processor/map/read-keys.ts) and skip the values of the
 * others without building them, still checking them exactly as decoding would: a malformed value
 * in an attribute nobody reads is a 400 all the same.
 */
let keepAll = false;

export interface DecodeOptions {
  /** Keep every attribute, not only those the mappers read (tests compare both). Default false. */
  allAttributes?: boolean;
}

/** Decodes an ExportTraceServiceRequest (also TracesData: same field 1). */
export function decodeTracesProtobuf(buf: Uint8Array, opts: DecodeOptions = {}): OtlpResourceSpans[] {
  return decodeRequest(buf, opts, resourceSpans);
}

/** Decodes an ExportLogsServiceRequest (also LogsData). */
export function decodeLogsProtobuf(buf: Uint8Array, opts: DecodeOptions = {}): OtlpResourceLogs[] {
  return decodeRequest(buf, opts, resourceLogs);
}

/**
 * The spans of an ExportTraceServiceRequest one at a time, each with its scope and resource, in
 * the order decodeTracesProtobuf lists them, without building the request's list of spans: a
 * span is garbage once `visit` returns. The values are those decodeTracesProtobuf gives. A
 * resource or scope may follow its spans on the wire (fields may come in any order, the last of a
 * repeated one wins): each ResourceSpans and ScopeSpans is first read for its head (field 1),
 * skipping the rest, then again for its list. Throws CE_ERR_OTLP_DECODE on a malformed body, not
 * necessarily where decodeTracesProtobuf would (a head is read before the spans before it), and
 * possibly after visiting some spans.
 */
export function forEachSpanProtobuf(buf: Uint8Array, visit: (span: OtlpSpan, scope: OtlpScope, resource: Attributes) => void): void {
  const r = new ProtobufReader(buf);
  while (!r.done()) {
    const tag = r.uint32();
    if (tag === LD_1) {
      const outer = r.enter();
      const resource = headOf(r, resourceAttrs, noResource);
      while (!r.done()) {
        const t = r.uint32();
        if (t === LD_2) scopeSpansEach(r, resource, visit);
        else r.skip(t & 7);
      }
      r.leave(outer);
    } else r.skip(tag & 7);
  }
}

function scopeSpansEach(r: ProtobufReader, resource: Attributes, visit: (span: OtlpSpan, scope: OtlpScope, resource: Attributes) => void): void {
  const outer = r.enter();
  const scope = headOf(r, scopeOf, noScope);
  while (!r.done()) {
    const tag = r.uint32();
    if (tag === LD_2) visit(spanOf(r), scope, resource);
    else r.skip(tag & 7);
  }
  r.leave(outer);
}

/** The head (field 1, the last one when repeated) of the message entered, as headAndList reads it; the reader is left where it was. */
function headOf<H>(r: ProtobufReader, head: (r: ProtobufReader) => H, absent: () => H): H {
  const start = r.pos;
  let first: H | undefined;
  while (!r.done()) {
    const tag = r.uint32();
    if (tag === LD_1) first = head(r);
    else r.skip(tag & 7);
  }
  r.pos = start;
  return first === undefined ? absent() : first;
}

/** An export request: its repeated field 1, each decoded by `item`; other fields are skipped. */
function decodeRequest<T>(buf: Uint8Array, opts: DecodeOptions, item: (r: ProtobufReader) => T): T[] {
  const r = new ProtobufReader(buf);
  const out: T[] = [];
  keepAll = opts.allAttributes === true;
  try {
    while (!r.done()) {
      const tag = r.uint32();
      if (tag === LD_1) out.push(item(r));
      else r.skip(tag & 7);
    }
  } finally {
    keepAll = false;
  }
  return out;
}

// Tags (field number << 3 | wire type) of the fields read below: LD = length-delimited (2),
// VARINT = 0, I64 = fixed64/double (1).
const LD_1 = (1 << 3) | 2;
const LD_2 = (2 << 3) | 2;
const LD_3 = (3 << 3) | 2;
const I64_1 = (1 << 3) | 1;
const VARINT_3 = (3 << 3) | 0;

/**
 * The shape ResourceSpans, ResourceLogs, ScopeSpans and ScopeLogs share: field 1 one message (the
 * resource or the scope; `absent` when missing, the last one when repeated), field 2 a repeated one.
 */
function headAndList<H, T>(r: ProtobufReader, head: (r: ProtobufReader) => H, absent: () => H, item: (r: ProtobufReader) => T): { head: H; list: T[] } {
  const outer = r.enter();
  let first: H | undefined;
  const list: T[] = [];
  while (!r.done()) {
    const tag = r.uint32();
    if (tag === LD_1) first = head(r);
    else if (tag === LD_2) list.push(item(r));
    else r.skip(tag & 7);
  }
  r.leave(outer);
  return { head: first === undefined ? absent() : first, list };
}

const noResource = (): Attributes => new Map();
const noScope = (): OtlpScope => ({ name: '', version: '' });

function resourceSpans(r: ProtobufReader): OtlpResourceSpans {
  const { head: resource, list: scopeSpans } = headAndList(r, resourceAttrs, noResource, scopeSpansOf);
  return { resource, scopeSpans };
}

function resourceLogs(r: ProtobufReader): OtlpResourceLogs {
  const { head: resource, list: scopeLogs } = headAndList(r, resourceAttrs, noResource, scopeLogsOf);
  return { resource, scopeLogs };
}

function resourceAttrs(r: ProtobufReader): Attributes {
  const outer = r.enter();
  const attrs: Attributes = new Map();
  while (!r.done()) {
    const tag = r.uint32();
    if (tag === LD_1) keyValue(r, attrs);
    else r.skip(tag & 7);
  }
  r.leave(outer);
  return attrs;
}

function scopeOf(r: ProtobufReader): OtlpScope {
  const outer = r.enter();
  const scope: OtlpScope = { name: '', version: '' };
  while (!r.done()) {
    const tag = r.uint32();
    if (tag === LD_1) scope.name = r.cachedString(VALUES);
    else if (tag === LD_2) scope.version = r.cachedString(VALUES);
    else r.skip(tag & 7);
  }
  r.leave(outer);
  return scope;
}

function scopeSpansOf(r: ProtobufReader): OtlpScopeSpans {
  const { head: scope, list: spans } = headAndList(r, scopeOf, noScope, spanOf);
  return { scope, spans };
}

function spanOf(r: ProtobufReader): OtlpSpan {
  const outer = r.enter();
  const span: OtlpSpan = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    name: '',
    kind: 0,
    startMs: 0,
    endMs: 0,
    attributes: new Map(),
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
        span.name = r.cachedString(VALUES);
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
        keyValue(r, span.attributes);
        break;
      case 11:
        if (wt !== 2) r.fail('span.events wire type');
        span.events.push(eventOf(r));
        break;
      case 15:
        if (wt !== 2) r.fail('span.status wire type');
        statusOf(r, span);
        break;
      default:
        r.skip(wt);
    }
  }
  r.leave(outer);
  return span;
}

function eventOf(r: ProtobufReader): OtlpEvent {
  const outer = r.enter();
  const ev: OtlpEvent = { name: '', timeMs: 0, attributes: new Map() };
  while (!r.done()) {
    const tag = r.uint32();
    if (tag === I64_1) ev.timeMs = r.fixed64NanosToMs();
    else if (tag === LD_2) ev.name = r.cachedString(VALUES);
    else if (tag === LD_3) keyValue(r, ev.attributes);
    else r.skip(tag & 7);
  }
  r.leave(outer);
  return ev;
}

function statusOf(r: ProtobufReader, span: OtlpSpan): void {
  const outer = r.enter();
  while (!r.done()) {
    const tag = r.uint32();
    if (tag === LD_2) span.statusMessage = r.string();
    else if (tag === VARINT_3) span.statusCode = r.uint32();
    else r.skip(tag & 7);
  }
  r.leave(outer);
}

function scopeLogsOf(r: ProtobufReader): OtlpResourceLogs['scopeLogs'][number] {
  const { head: scope, list: logRecords } = headAndList(r, scopeOf, noScope, logRecordOf);
  return { scope, logRecords };
}

function logRecordOf(r: ProtobufReader): OtlpLogRecord {
  const outer = r.enter();
  const rec: OtlpLogRecord = { timeMs: 0, severityText: '', body: null, attributes: new Map(), traceId: '', spanId: '', eventName: '' };
  let observedMs = 0;
  while (!r.done()) {
    const tag = r.uint32();
    const wt = tag & 7;
    const field = tag >>> 3;
    if (field === 1 && wt === 1) rec.timeMs = r.fixed64NanosToMs();
    else if (field === 11 && wt === 1) observedMs = r.fixed64NanosToMs();
    else if (field === 3 && wt === 2) rec.severityText = r.cachedString(VALUES);
    else if (field === 5 && wt === 2) rec.body = anyValue(r, 0);
    else if (field === 6 && wt === 2) keyValue(r, rec.attributes);
    else if (field === 9 && wt === 2) rec.traceId = r.hex();
    else if (field === 10 && wt === 2) rec.spanId = r.hex();
    else if (field === 12 && wt === 2) rec.eventName = r.cachedString(VALUES);
    else r.skip(wt);
  }
  r.leave(outer);
  if (!rec.timeMs) rec.timeMs = observedMs;
  return rec;
}

/**
 * A KeyValue message of a resource, span, event or log record into `into` (the last value of a
 * repeated key wins; an empty key is dropped), if a mapper reads it. The value of an attribute
 * nobody reads is only validated (skipAnyValue); should a later key field of the same message
 * name a read attribute after all, the value is decoded from where it was skipped.
 */
function keyValue(r: ProtobufReader, into: Attributes): void {
  const outer = r.enter();
  let key = '';
  let kept = false;
  let value: AttrValue = null;
  let skippedAt = -1;
  while (!r.done()) {
    const tag = r.uint32();
    if (tag === LD_1) {
      key = r.cachedString(KEYS);
      kept = keepAll || KEYS.flag;
    } else if (tag === LD_2) {
      if (key !== '' && !kept) {
        skippedAt = r.pos;
        value = null;
        skipAnyValue(r, 0);
      } else {
        skippedAt = -1;
        value = anyValue(r, 0);
      }
    } else r.skip(tag & 7);
  }
  if (key && kept && skippedAt >= 0) {
    r.pos = skippedAt;
    value = anyValue(r, 0);
  }
  r.leave(outer);
  if (key && kept) into.set(key, value);
}

/** The key of the KeyValue message readKeyValue read last: set just before it returns. */
let keyRead = '';

/** Reads a KeyValue message: returns its value, leaves its key in `keyRead`. */
function readKeyValue(r: ProtobufReader, depth: number): AttrValue {
  const outer = r.enter();
  let key = '';
  let value: AttrValue = null;
  while (!r.done()) {
    const tag = r.uint32();
    if (tag === LD_1) key = r.cachedString(KEYS);
    else if (tag === LD_2) value = anyValue(r, depth);
    else r.skip(tag & 7);
  }
  r.leave(outer);
  keyRead = key;
  return value;
}

/** An AnyValue message (entered here). */
function anyValue(r: ProtobufReader, depth: number): AttrValue {
  const outer = r.enter();
  if (depth > MAX_VALUE_DEPTH) r.fail(`AnyValue nested deeper than ${MAX_VALUE_DEPTH} levels`);
  let value: AttrValue = null;
  while (!r.done()) {
    const tag = r.uint32();
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        value = wt === 2 ? r.cachedString(VALUES) : r.fail('AnyValue.string_value wire type');
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
        value = wt === 2 ? arrayValue(r, depth + 1) : r.fail('AnyValue.array_value wire type');
        break;
      case 6:
        value = wt === 2 ? kvList(r, depth + 1) : r.fail('AnyValue.kvlist_value wire type');
        break;
      case 7:
        value = wt === 2 ? r.hex() : r.fail('AnyValue.bytes_value wire type');
        break;
      default:
        r.skip(wt);
    }
  }
  r.leave(outer);
  return value;
}

function arrayValue(r: ProtobufReader, depth: number): AttrValue[] {
  const outer = r.enter();
  const out: AttrValue[] = [];
  while (!r.done()) {
    const tag = r.uint32();
    if (tag === LD_1) out.push(anyValue(r, depth));
    else r.skip(tag & 7);
  }
  r.leave(outer);
  return out;
}

function kvList(r: ProtobufReader, depth: number): KvList {
  const outer = r.enter();
  const out: KvList = {};
  while (!r.done()) {
    const tag = r.uint32();
    if (tag === LD_1) {
      const value = readKeyValue(r, depth);
      if (keyRead) setKv(out, keyRead, value);
    } else r.skip(tag & 7);
  }
  r.leave(outer);
  return out;
}

/**
 * Walks an AnyValue without building it: the same reads, checks and errors as anyValue (strings
 * need no check: invalid UTF-8 decodes to U+FFFD), and no allocation.
 */
function skipAnyValue(r: ProtobufReader, depth: number): void {
  const outer = r.enter();
  if (depth > MAX_VALUE_DEPTH) r.fail(`AnyValue nested deeper than ${MAX_VALUE_DEPTH} levels`);
  while (!r.done()) {
    const tag = r.uint32();
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        if (wt === 2) r.skipBytes();
        else r.fail('AnyValue.string_value wire type');
        break;
      case 2:
        if (wt === 0) r.uint32();
        else r.fail('AnyValue.bool_value wire type');
        break;
      case 3:
        if (wt === 0) r.int64();
        else r.fail('AnyValue.int_value wire type');
        break;
      case 4:
        if (wt === 1) r.double();
        else r.fail('AnyValue.double_value wire type');
        break;
      case 5:
        if (wt === 2) skipRepeated(r, depth + 1, false);
        else r.fail('AnyValue.array_value wire type');
        break;
      case 6:
        if (wt === 2) skipRepeated(r, depth + 1, true);
        else r.fail('AnyValue.kvlist_value wire type');
        break;
      case 7:
        if (wt === 2) r.skipBytes();
        else r.fail('AnyValue.bytes_value wire type');
        break;
      default:
        r.skip(wt);
    }
  }
  r.leave(outer);
}

/** Walks an ArrayValue (values: field 1) or a KeyValueList (KeyValue entries: field 1) without building it. */
function skipRepeated(r: ProtobufReader, depth: number, keyValues: boolean): void {
  const outer = r.enter();
  while (!r.done()) {
    const tag = r.uint32();
    if (tag !== LD_1) r.skip(tag & 7);
    else if (!keyValues) skipAnyValue(r, depth);
    else {
      const kvOuter = r.enter();
      while (!r.done()) {
        const kvTag = r.uint32();
        if (kvTag === LD_1) r.skipBytes();
        else if (kvTag === LD_2) skipAnyValue(r, depth);
        else r.skip(kvTag & 7);
      }
      r.leave(kvOuter);
    }
  }
  r.leave(outer);
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

export function pushVarint(out: number[], n: number): void {
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
}
