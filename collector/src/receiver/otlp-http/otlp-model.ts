/**
 * The decoded shape of an OTLP trace or log export, reduced to what the mapper reads. Both the
 * protobuf and the JSON decoders produce it, so the mapping is written once.
 */
export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };
export type Attributes = Record<string, AttrValue>;

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
