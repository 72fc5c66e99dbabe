import { createHash } from 'node:crypto';
import { INT32_MAX, type ErrorRecord } from '@claude-errors/schemas';
import * as sc from '@claude-errors/instrumentation-anthropic/semconv';
import type { Attributes, OtlpEvent, OtlpResourceSpans, OtlpScope, OtlpSpan } from '../../receiver/otlp-http/otlp-model.js';
import { STATUS_CODE_ERROR } from '../../receiver/otlp-http/otlp-model.js';
import { bool, num, str } from './attributes.js';
import { markTimeAdjusted, ValueChecks, type CheckCounts, type MapOptions } from './checks.js';
import { fieldsFromMessage } from './error-fields.js';
import { eventRow, type EventFacts } from './event-row.js';
import { capMessage } from './message-cap.js';
import { EXTRA_KEY } from './read-keys.js';
import { detectSource, type Source } from './sources.js';

export interface MapResult {
  records: ErrorRecord[];
  /** Spans that were Claude calls but could not be turned into records (bad ids). */
  rejected: number;
  rejectReasons: string[];
  /** Spans that are not Claude API calls (HTTP server spans, DB spans, …): ignored, not errors. */
  ignored: number;
  /** Values out of range dropped and times set to the receive time (see checks.ts). */
  checks: CheckCounts;
}

/**
 * A record with every field set (null when unknown), as the mapper builds them. `surface` is set on
 * batch result rows only: a row without it is a synchronous call (messages), and records keep the
 * shape they had before surfaces existed.
 */
type FullRecord = { [K in Exclude<keyof ErrorRecord, 'surface'>]-?: Exclude<ErrorRecord[K], undefined> } & Pick<ErrorRecord, 'surface'>;

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO_TRACE = '0'.repeat(32);

/**
 * Maps OTLP spans from any supported instrumentation to records: one `call` row per Claude API
 * span and one `attempt` row per HTTP attempt. Instrumentations without per-attempt detail get
 * one synthesized attempt row (the final one), so attempt counts stay comparable across sources.
 * Every number is range-checked against its column and every time against the receive time
 * (checks.ts); a span whose attempt number is out of range is refused with a reason.
 */
export function mapResourceSpans(batch: OtlpResourceSpans[], opts: MapOptions = {}): MapResult {
  const checks = new ValueChecks(opts);
  const out: MapResult = { records: [], rejected: 0, rejectReasons: [], ignored: 0, checks: checks.counts() };
  for (const rs of batch) {
    const service = serviceOf(rs.resource);
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) mapOneSpan(span, ss.scope, rs.resource, service, checks, out);
    }
  }
  return out;
}

/** The service a resource's spans belong to. */
export function serviceOf(resource: Attributes): string {
  return str(resource, 'service.name') ?? 'unknown_service';
}

/**
 * One span of mapResourceSpans: its rows pushed onto `out.records`, or it counted as ignored or
 * rejected (with a reason, the first five). A caller that maps spans one at a time as it decodes
 * them (receiver/otlp-http/decode-fused.ts) gets what mapResourceSpans gives, span by span.
 */
export function mapOneSpan(span: OtlpSpan, scope: OtlpScope, resource: Attributes, service: string, checks: ValueChecks, out: MapResult): void {
  const source = detectSource(span, scope, resource);
  if (source === null) {
    out.ignored++;
    return;
  }
  if (!TRACE_ID.test(span.traceId) || span.traceId === ZERO_TRACE || !SPAN_ID.test(span.spanId)) {
    out.rejected++;
    if (out.rejectReasons.length < 5) out.rejectReasons.push(`span '${span.name}': invalid trace or span id`);
    return;
  }
  const refused = mapSpan(span, scope, resource, service, source, checks, out.records);
  if (refused !== null) {
    out.rejected++;
    if (out.rejectReasons.length < 5) out.rejectReasons.push(`span '${span.name}': ${refused}`);
  }
}

/** Adds the span's rows to `into`; returns why the span is refused instead, or null. */
function mapSpan(span: OtlpSpan, scope: OtlpScope, resource: Attributes, service: string, source: Source, checks: ValueChecks, into: ErrorRecord[]): string | null {
  const a = span.attributes;
  const attemptEvents: OtlpEvent[] = [];
  let exception: OtlpEvent | undefined;
  for (const e of span.events) {
    if (e.name === sc.ATTEMPT_EVENT) attemptEvents.push(e);
    else if (e.name === 'exception' && exception === undefined) exception = e;
  }
  for (const ev of attemptEvents) {
    if (checks.attemptNumber(ev.attributes, sc.ATTEMPT_NUMBER, 1) === undefined) {
      return `${sc.ATTEMPT_NUMBER} ${String(ev.attributes.get(sc.ATTEMPT_NUMBER))} is not an integer from 1 to 2147483647`;
    }
  }
  const exceptionType = exception ? str(exception.attributes, sc.EXCEPTION_TYPE) : null;
  const fullMessage =
    str(a, sc.ANTHROPIC_ERROR_MESSAGE) ?? (exception ? str(exception.attributes, sc.EXCEPTION_MESSAGE) : null) ?? (span.statusMessage || null);
  const message = fullMessage === null ? null : capMessage(fullMessage);
  const fromMessage = fieldsFromMessage(message);
  const errorTypeRaw = str(a, sc.ERROR_TYPE);
  const errorTypeAttr = str(a, sc.ANTHROPIC_ERROR_TYPE) ?? nonGeneric(errorTypeRaw);
  const status = checks.status(a, sc.HTTP_RESPONSE_STATUS_CODE, 'http.status_code') ?? fromMessage.status;
  const outcomeAttr = str(a, sc.ANTHROPIC_OUTCOME);
  const outcome: ErrorRecord['outcome'] =
    outcomeAttr === 'success' || outcomeAttr === 'error' || outcomeAttr === 'cancelled'
      ? outcomeAttr
      : span.statusCode === STATUS_CODE_ERROR || exception !== undefined || (status !== null && status >= 400)
        ? 'error'
        : 'success';
  const resend = checks.count(a, sc.HTTP_REQUEST_RESEND_COUNT, INT32_MAX - 1);
  const time = checks.time(span.startMs);
  const adjusted = checks.adjusted;

  const call: FullRecord = {
    kind: 'call',
    time,
    duration_ms: span.endMs > span.startMs ? checks.nonNegative(round3(span.endMs - span.startMs), 'duration_ms') : null,
    trace_id: span.traceId,
    span_id: span.spanId,
    parent_span_id: span.parentSpanId || null,
    attempt: 0,
    attempts: checks.count(a, sc.ANTHROPIC_ATTEMPT_COUNT) ?? (attemptEvents.length || (resend !== null ? resend + 1 : null)),
    service,
    source,
    sdk: sdkOf(source, scope, resource),
    sdk_version: str(a, sc.ANTHROPIC_SDK_VERSION) ?? (source === 'anthropic-sdk' ? scope.version || null : null),
    platform: platformOf(a),
    model: str(a, sc.GEN_AI_REQUEST_MODEL, 'llm.model_name', 'llm.request.model', sc.GEN_AI_RESPONSE_MODEL),
    operation: str(a, sc.ANTHROPIC_OPERATION) ?? operationOf(span, a),
    stream: bool(a, sc.GEN_AI_REQUEST_STREAM, 'llm.is_streaming', 'gen_ai.request.is_stream'),
    outcome,
    http_status: outcome === 'success' && status === null ? null : status,
    error_type: outcome === 'error' ? (errorTypeAttr ?? fromMessage.errorType ?? exceptionType ?? (errorTypeRaw === '_OTHER' ? null : errorTypeRaw)) : null,
    error_message: outcome === 'error' ? message : null,
    exception_type: exceptionType,
    request_id: str(a, sc.ANTHROPIC_REQUEST_ID, 'anthropic.request_id', 'gen_ai.response.request_id') ?? fromMessage.requestId,
    retry_after_ms: null,
    should_retry: null,
    wait_ms: null,
    catalog_id: null,
    fingerprint: null,
    attributes: extraAttributes(a),
  };
  if (outcome === 'success' && call.http_status === null) call.http_status = status ?? 200;
  into.push(call);

  if (attemptEvents.length > 0) {
    for (const ev of attemptEvents) into.push(attemptRow(call, ev, checks));
  } else {
    // No per-attempt detail from this instrumentation: one row for the final attempt.
    into.push(synthesizedAttemptRow(call));
  }
  if (adjusted !== null) {
    markTimeAdjusted(call, adjusted);
    if (attemptEvents.length === 0) markTimeAdjusted(into[into.length - 1]!, adjusted);
  }
  let batchIndex = 0;
  let childIndex = 0;
  for (const ev of span.events) {
    if (ev.name === sc.BATCH_RESULT_EVENT) into.push(batchResultRow(call, a, ev, batchIndex++, checks));
    else if (ev.name === sc.SESSION_ERROR_EVENT || ev.name === sc.MCP_TOOL_ERROR_EVENT) into.push(childEventRow(call, a, ev, childIndex++, checks));
  }
  return null;
}

/**
 * An attempt row: the call's fields with the attempt's own. Written out field by field in the
 * call's order (the order JSON.stringify writes them in, as a spread of the call would keep it):
 * cheaper than `{ ...call, … }` and every row has the same shape.
 */
function attemptRow(call: FullRecord, ev: OtlpEvent, checks: ValueChecks): FullRecord {
  const e = ev.attributes;
  const status = checks.status(e, sc.HTTP_RESPONSE_STATUS_CODE);
  const outcomeAttr = str(e, sc.ATTEMPT_OUTCOME);
  const outcome = outcomeAttr === 'success' || outcomeAttr === 'error' || outcomeAttr === 'cancelled' ? outcomeAttr : status !== null && status < 400 ? 'success' : 'error';
  const fullMessage = str(e, sc.ANTHROPIC_ERROR_MESSAGE, sc.EXCEPTION_MESSAGE);
  const message = fullMessage === null ? null : capMessage(fullMessage);
  // The attempt event is stamped at the attempt's start (ATTEMPT_START_MS is the offset from the call's start).
  const time = checks.time(ev.timeMs);
  const adjusted = checks.adjusted;
  const row: FullRecord = {
    kind: 'attempt',
    time,
    duration_ms: checks.nonNegative(num(e, sc.ATTEMPT_DURATION_MS), 'duration_ms'),
    trace_id: call.trace_id,
    span_id: call.span_id,
    parent_span_id: call.parent_span_id,
    attempt: checks.attemptNumber(e, sc.ATTEMPT_NUMBER, 1) ?? 1, // checked in mapSpan
    attempts: null,
    service: call.service,
    source: call.source,
    sdk: call.sdk,
    sdk_version: call.sdk_version,
    platform: call.platform,
    model: call.model,
    operation: call.operation,
    stream: call.stream,
    outcome,
    http_status: status,
    error_type: outcome === 'error' ? (str(e, sc.ANTHROPIC_ERROR_TYPE, sc.ERROR_TYPE, sc.EXCEPTION_TYPE) ?? fieldsFromMessage(message).errorType) : null,
    error_message: outcome === 'error' ? message : null,
    exception_type: str(e, sc.EXCEPTION_TYPE),
    request_id: str(e, sc.ANTHROPIC_REQUEST_ID),
    retry_after_ms: checks.nonNegative(num(e, sc.RETRY_AFTER_MS), 'retry_after_ms'),
    should_retry: bool(e, sc.SHOULD_RETRY),
    wait_ms: checks.nonNegative(num(e, sc.ATTEMPT_WAIT_MS), 'wait_ms'),
    catalog_id: call.catalog_id,
    fingerprint: call.fingerprint,
    attributes: extraAttributes(e),
  };
  if (adjusted !== null) markTimeAdjusted(row, adjusted);
  return row;
}

/**
 * One errored, canceled or expired result of a Message Batch (an anthropic.batch.result event of a
 * messages.batches.results span): a call row of its own, `surface: batch`, a child of the results
 * span. It has no HTTP exchange of its own (no status, no attempts). Its span id is derived from the
 * results span's ids, the event's place and its custom_id, so a replayed span dedupes.
 */
function batchResultRow(call: FullRecord, spanAttrs: Attributes, ev: OtlpEvent, index: number, checks: ValueChecks): ErrorRecord {
  const e = ev.attributes;
  const resultType = str(e, sc.BATCH_RESULT_TYPE);
  const customId = str(e, sc.BATCH_CUSTOM_ID);
  const fullMessage = str(e, sc.ANTHROPIC_ERROR_MESSAGE);
  const time = checks.time(ev.timeMs);
  const detail: Record<string, unknown> = {};
  if (customId !== null) detail[sc.BATCH_CUSTOM_ID] = customId;
  if (resultType !== null) detail[sc.BATCH_RESULT_TYPE] = resultType;
  const batchId = str(spanAttrs, sc.BATCH_ID);
  if (batchId !== null) detail[sc.BATCH_ID] = batchId;
  const errorCode = str(e, sc.ANTHROPIC_ERROR_CODE);
  if (errorCode !== null) detail[sc.ANTHROPIC_ERROR_CODE] = errorCode;
  const facts: EventFacts = {
    time,
    trace_id: call.trace_id,
    span_id: derivedSpanId(call.trace_id, call.span_id, index, customId),
    parent_span_id: call.span_id,
    service: call.service,
    source: call.source,
    sdk: call.sdk,
    sdk_version: call.sdk_version,
    platform: call.platform,
    model: null,
    operation: call.operation,
    surface: 'batch',
    outcome: resultType === 'canceled' ? 'cancelled' : 'error',
    http_status: null,
    error_type: str(e, sc.ANTHROPIC_ERROR_TYPE, sc.ERROR_TYPE),
    error_message: fullMessage === null ? null : capMessage(fullMessage),
    exception_type: null,
    request_id: str(e, sc.ANTHROPIC_REQUEST_ID),
    attributes: detail,
  };
  return eventRow(facts, checks.adjusted);
}

/**
 * One session.error event of a Managed Agents session event stream (anthropic.session.error, on a
 * sessions.events.stream span), or one failed MCP tool result (anthropic.mcp.tool_error, on a
 * Messages span with mcp_servers or a session stream): a call row of its own, `surface: session`
 * or `mcp`, a child of the span, `outcome: error` (a session error whatever its retry_status, kept
 * in `attributes`). Its span id is derived from the span's ids, the event's place and its id (the
 * session event id, the tool use id), so a replayed span dedupes.
 */
function childEventRow(call: FullRecord, spanAttrs: Attributes, ev: OtlpEvent, index: number, checks: ValueChecks): FullRecord {
  const e = ev.attributes;
  const session = ev.name === sc.SESSION_ERROR_EVENT;
  const eventId = str(e, session ? sc.SESSION_EVENT_ID : sc.MCP_TOOL_USE_ID);
  const fullMessage = str(e, sc.ANTHROPIC_ERROR_MESSAGE);
  const time = checks.time(ev.timeMs);
  const adjusted = checks.adjusted;
  const detail: Record<string, unknown> = {};
  for (const key of session ? SESSION_DETAIL : MCP_DETAIL) {
    const v = str(e, key);
    if (v !== null) detail[key] = v;
  }
  const sessionId = str(spanAttrs, sc.SESSION_ID);
  if (sessionId !== null) detail[sc.SESSION_ID] = sessionId;
  const row: FullRecord = {
    ...call,
    time,
    duration_ms: null,
    span_id: derivedSpanId(call.trace_id, call.span_id, index, eventId),
    parent_span_id: call.span_id,
    attempts: null,
    surface: session ? 'session' : 'mcp',
    stream: null,
    outcome: 'error',
    http_status: null,
    error_type: str(e, sc.ANTHROPIC_ERROR_TYPE, sc.ERROR_TYPE),
    error_message: fullMessage === null ? null : capMessage(fullMessage),
    exception_type: null,
    request_id: null,
    attributes: detail,
  };
  if (session) row.model = null;
  if (adjusted !== null) markTimeAdjusted(row, adjusted);
  return row;
}

const SESSION_DETAIL = [sc.SESSION_RETRY_STATUS, sc.MCP_SERVER_NAME, sc.SESSION_EVENT_ID];
const MCP_DETAIL = [sc.MCP_SERVER_NAME, sc.MCP_TOOL_NAME, sc.MCP_TOOL_USE_ID];

function derivedSpanId(traceId: string, spanId: string, index: number, customId: string | null): string {
  return createHash('sha256').update(`${traceId}/${spanId}/${index}/${customId ?? ''}`).digest('hex').slice(0, 16);
}

/**
 * The attempt row of an instrumentation without per-attempt detail: the call's final attempt, every
 * field the call's (a spread keeps the call's key order) but its kind, number and attributes.
 */
function synthesizedAttemptRow(call: FullRecord): FullRecord {
  return { ...call, kind: 'attempt', attempt: Math.max(1, call.attempts ?? 1), attributes: { synthesized: true } }; // attempt never 0: that is the call row's key
}

/**
 * `_OTHER` says nothing the status does not, and an exception class name (OpenLLMetry sets
 * `error.type` to e.g. `RateLimitError` or `anthropic.RateLimitError`) says less than the API's
 * envelope type in the message: both give way to it, the class name is only the last resort.
 */
function nonGeneric(t: string | null): string | null {
  return t === null || t === '_OTHER' || /^[A-Z]|\./.test(t) ? null : t;
}

function platformOf(a: Attributes): ErrorRecord['platform'] {
  const p = str(a, sc.ANTHROPIC_PLATFORM);
  if (p === 'first_party' || p === 'bedrock' || p === 'bedrock_mantle' || p === 'vertex' || p === 'foundry' || p === 'aws') return p;
  const provider = (str(a, sc.GEN_AI_PROVIDER_NAME, sc.GEN_AI_SYSTEM) ?? '').toLowerCase();
  if (provider.includes('bedrock')) return 'bedrock';
  if (provider.includes('vertex')) return 'vertex';
  return 'first_party';
}

function operationOf(span: OtlpSpan, a: Attributes): string | null {
  const op = str(a, sc.GEN_AI_OPERATION_NAME, 'llm.request.type');
  if (op === 'chat') return 'messages.create';
  if (op === 'text_completion' || op === 'completion') return 'completions.create';
  if (op) return op;
  const m = /^anthropic\.(.+)$/.exec(span.name);
  return m ? m[1]! : span.name || null;
}

function sdkOf(source: Source, scope: OtlpScope, resource: Attributes): string | null {
  const python = resource.get('telemetry.sdk.language') === 'python';
  // claude-errors spans come from the Node package (@anthropic-ai/sdk) or the Python one (anthropic).
  if (source === 'claude-errors') return python ? 'anthropic' : '@anthropic-ai/sdk';
  if (source === 'anthropic-sdk') return '@anthropic-ai/sdk';
  if (python) return 'anthropic';
  return scope.name || null;
}

/** Keeps only allow-listed detail: never prompt or completion content, never headers of the request. */
function extraAttributes(a: Attributes): Record<string, unknown> | null {
  let out: Record<string, unknown> | null = null;
  // keys() and get(): no [key, value] entry per attribute, which for-of over the Map gives.
  for (const key of a.keys()) {
    if (!isExtraKey(key)) continue;
    out ??= {};
    out[key] = a.get(key);
  }
  return out;
}

/**
 * EXTRA_KEY.test(key), remembered per key: a span's attribute keys are the same few dozen strings
 * in every span, and a Map lookup costs less than the anchored alternation. Bounded: past
 * EXTRA_MEMO_MAX keys, the test runs every time.
 */
const extraMemo = new Map<string, boolean>();
const EXTRA_MEMO_MAX = 4096;

function isExtraKey(key: string): boolean {
  let extra = extraMemo.get(key);
  if (extra === undefined) {
    extra = EXTRA_KEY.test(key);
    if (extraMemo.size < EXTRA_MEMO_MAX) extraMemo.set(key, extra);
  }
  return extra;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
