/**
 * The decoded shape of an OTLP trace or log export, reduced to what the mapper reads. Both the
 * protobuf and the JSON decoders produce it, so the mapping is written once. The protobuf decoder
 * (the hot path) keeps only the attributes the mappers read (processor/map/read-keys.ts); the
 * JSON decoder keeps them all. The mappers give the same records either way.
 */
export type AttrValue = string | number | boolean | null | AttrValue[] | KvList;
/** A kvlist_value: a plain object, as it is stored in a record's `attributes`. */
export type KvList = { [key: string]: AttrValue };

/**
 * Sets `key` on a kvlist as an own property, whatever the key: `out[key] = …` with the key
 * `__proto__` would set the object's prototype instead, and the attribute would be lost.
 */
export function setKv(out: KvList, key: string, value: AttrValue): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
/**
 * The attributes of a resource, span, event or log record: a Map (key → value, the last value of
 * a repeated key at the key's first position, as an object would keep them). A span carries about
 * twenty attributes; an object built key by key that large falls into V8's slow dictionary mode,
 * a Map does not, and it has no prototype whose keys could be read as attributes.
 */
export type Attributes = Map<string, AttrValue>;

/**
 * Deepest nesting of array and kvlist values the decoders accept (a top-level attribute value is
 * depth 0). Real attributes nest a few levels; a body nested deeper is refused with 400 instead of
 * recursing until the stack overflows.
 */
export const MAX_VALUE_DEPTH = 64;

export interface OtlpEvent {
  name: string;
  timeMs: number;
  attributes: Attributes;
}

export interface OtlpSpan {
  traceId: string; // lower-case hex, 32 chars when valid
  spanId: string; // lower-case hex, 16 chars when valid
  parentSpanId: string;
  name: string;
  kind: number;
  startMs: number;
  endMs: number;
  attributes: Attributes;
  events: OtlpEvent[];
  statusCode: number; // 0 unset, 1 ok, 2 error
  statusMessage: string;
}

export interface OtlpScope {
  name: string;
  version: string;
}

export interface OtlpScopeSpans {
  scope: OtlpScope;
  spans: OtlpSpan[];
}

export interface OtlpResourceSpans {
  resource: Attributes;
  scopeSpans: OtlpScopeSpans[];
}

export interface OtlpLogRecord {
  timeMs: number;
  severityText: string;
  body: AttrValue;
  attributes: Attributes;
  traceId: string;
  spanId: string;
  eventName: string;
}

export interface OtlpResourceLogs {
  resource: Attributes;
  scopeLogs: { scope: OtlpScope; logRecords: OtlpLogRecord[] }[];
}

export const STATUS_CODE_ERROR = 2;
