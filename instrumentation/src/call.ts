// The call span: one per SDK method call, covering every retry and the read of a stream.
import type { Attributes, Span, TimeInput } from '@opentelemetry/api';
import { SpanStatusCode } from '@opentelemetry/api';
import * as S from './semconv.js';
import { nowMs, safe, settleWithin } from './guard.js';
import type { BatchResults } from './batch-results.js';
import type { ErrorFacts } from './classify-error.js';
import type { McpToolResults } from './mcp.js';
import type { BodyScanner } from './stream.js';

/** What a call ended with: its error facts (classify-error.ts) and what its response said. */
export interface CallFacts extends ErrorFacts {
  /** Epoch milliseconds at which the first text (or completion) delta was read. */
  firstTokenAt?: number;
  responseId?: string;
  responseModel?: string;
  stopReason?: string;
  inputTokens?: number;
  outputTokens?: number;
  outputContent?: string;
}

export interface CallState {
  span: Span;
  /** The SDK's own call span (native tracing), which the SDK ends; else ours. */
  native: boolean;
  startTime: number;
  attempts: number;
  lastAttemptEnd: number | undefined;
  last: { status?: number; requestId?: string };
  /** How many body reads are still running (error bodies, a stream's watch). */
  pending: number;
  /** Resolved when `pending` drops to 0; made only when something waits for it (settled()). */
  idle: { promise: Promise<void>; resolve: () => void } | undefined;
  userSignal: AbortSignal | undefined;
  facts: CallFacts | undefined;
  /** Made only when something waits for the facts (the SDK ended its span first): most calls never need it. */
  resolveFacts: (() => void) | undefined;
  factsKnown: Promise<void> | undefined;
  finished: boolean;
  waitMs: number;
  /** messages.batches.results: the results file read as the application iterates it. */
  batch: BatchResults | undefined;
  /** A request naming MCP servers, or a session event stream: its failed MCP tool results (mcp.ts). */
  mcp?: McpToolResults | undefined;
  /** Reads this call's streamed body instead of the SSE scanner (MCP blocks, session events). */
  scanner?: (() => BodyScanner) | undefined;
}

export function newCallState(span: Span, native: boolean, userSignal: AbortSignal | undefined, waitMs: number): CallState {
  return {
    span,
    native,
    startTime: nowMs(),
    attempts: 0,
    lastAttemptEnd: undefined,
    last: {},
    pending: 0,
    idle: undefined,
    userSignal,
    facts: undefined,
    resolveFacts: undefined,
    factsKnown: undefined,
    finished: false,
    waitMs,
    batch: undefined,
  };
}

/** Registers body-reading work the span waits for; call the returned function when it is done. */
export function pendingWork(state: CallState): () => void {
  state.pending += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    state.pending -= 1;
    if (state.pending === 0 && state.idle !== undefined) {
      const { resolve } = state.idle;
      state.idle = undefined;
      resolve();
    }
  };
}

function factsKnown(state: CallState): Promise<void> | undefined {
  if (state.facts !== undefined) return undefined;
  return (state.factsKnown ??= new Promise<void>((r) => (state.resolveFacts = r)));
}

/** No promise per body read: most calls end with nothing pending, and never wait here. */
function idle(state: CallState): Promise<void> | undefined {
  if (state.pending === 0) return undefined;
  if (state.idle === undefined) {
    let resolve: () => void = () => {};
    const promise = new Promise<void>((r) => (resolve = r));
    state.idle = { promise, resolve };
  }
  return state.idle.promise;
}

function settled(state: CallState): Promise<void> {
  const known = factsKnown(state);
  const reads = idle(state);
  return settleWithin(known && reads ? Promise.all([known, reads]) : (known ?? reads ?? Promise.resolve()), state.waitMs);
}

/** Nothing left to wait for: the span can end now, without timers or promises (the common case). */
function ready(state: CallState): boolean {
  return state.facts !== undefined && state.pending === 0;
}

function finish(state: CallState, end: () => void): void {
  if (state.finished) return;
  state.finished = true;
  safe(() => applyFacts(state));
  safe(end);
}

/** Records how the call ended; our own span ends once pending body reads are done. */
export function resolveCall(state: CallState, facts: CallFacts): void {
  if (state.facts) return;
  state.facts = facts;
  state.resolveFacts?.();
  if (state.native) return; // the SDK ends its span; see wrapNativeEnd
  const end = () => state.span.end();
  if (ready(state)) return finish(state, end);
  void settled(state).then(() => finish(state, end));
}

type EndFn = (this: Span, endTime?: TimeInput) => void;

/**
 * The SDK's spans whose end waits for this instrumentation: their call and their own `end`. The
 * replacement `end` is one module-level function that finds them here. It was a closure per span,
 * and the SDK keeps its span reachable after the call: through that closure the span kept the
 * call's state alive past the next scavenges (~2.6 KB promoted per call in bench/canned-fetch.mjs).
 */
const nativeEnds = new WeakMap<object, { state: CallState; originalEnd: EndFn }>();

function endNative(this: Span, endTime?: TimeInput): void {
  const entry = nativeEnds.get(this);
  if (entry === undefined) {
    // Not (or no longer) ours: a copy of the method called later; end as the class ends.
    (Object.getPrototypeOf(this) as { end: EndFn }).end.call(this, endTime);
    return;
  }
  nativeEnds.delete(this);
  const { state, originalEnd } = entry;
  const span = this as Span & { end: EndFn };
  span.end = originalEnd;
  if (ready(state)) return finish(state, () => originalEnd.call(span, endTime));
  const at = endTime ?? nowMs();
  void settled(state).then(() => finish(state, () => originalEnd.call(span, at)));
}

/** Delays the end of the SDK's span until this instrumentation has recorded what it knows. */
export function wrapNativeEnd(state: CallState): void {
  const span = state.span as Span & { end: EndFn };
  nativeEnds.set(span, { state, originalEnd: span.end });
  span.end = endNative;
}

function factAttributes(state: CallState, f: CallFacts): Attributes {
  const a: Attributes = { [S.ANTHROPIC_OUTCOME]: f.outcome, [S.ANTHROPIC_ATTEMPT_COUNT]: state.attempts };
  const status = f.status ?? state.last.status;
  if (status !== undefined) a[S.HTTP_RESPONSE_STATUS_CODE] = status;
  const requestId = f.requestId ?? state.last.requestId;
  if (requestId !== undefined) a[S.ANTHROPIC_REQUEST_ID] = requestId;
  if (f.errorType !== undefined) a[S.ERROR_TYPE] = f.errorType;
  if (f.anthropicType !== undefined) a[S.ANTHROPIC_ERROR_TYPE] = f.anthropicType;
  if (f.errorCode !== undefined) a[S.ANTHROPIC_ERROR_CODE] = f.errorCode;
  if (f.message !== undefined && f.outcome !== 'success') a[S.ANTHROPIC_ERROR_MESSAGE] = f.message;
  if (f.exceptionType !== undefined && f.outcome !== 'success') a[S.EXCEPTION_TYPE] = f.exceptionType;
  if (f.causeCode !== undefined) a[S.ANTHROPIC_EXCEPTION_CAUSE_CODE] = f.causeCode;
  if (f.firstTokenAt !== undefined) a[S.ANTHROPIC_STREAM_TTFT_MS] = Math.max(0, Math.round(f.firstTokenAt - state.startTime));
  if (f.responseId !== undefined) a[S.GEN_AI_RESPONSE_ID] = f.responseId;
  if (f.responseModel !== undefined) a[S.GEN_AI_RESPONSE_MODEL] = f.responseModel;
  if (f.stopReason !== undefined) a[S.GEN_AI_RESPONSE_FINISH_REASONS] = [f.stopReason];
  if (f.inputTokens !== undefined) a[S.GEN_AI_USAGE_INPUT_TOKENS] = f.inputTokens;
  if (f.outputTokens !== undefined) a[S.GEN_AI_USAGE_OUTPUT_TOKENS] = f.outputTokens;
  if (f.outputContent !== undefined) a[S.GEN_AI_OUTPUT_MESSAGES] = f.outputContent;
  return a;
}

/**
 * Sets `attrs` on the SDK's own call span, leaving out what it already holds with the same value:
 * the SDK records the provider, server, model, max_tokens, status and request id itself, and each
 * setAttribute of the OpenTelemetry SDK validates and copies its value again. A span that does not
 * show its attributes (not the OpenTelemetry SDK's) gets them all.
 */
export function enrichNative(span: Span, attrs: Attributes): void {
  const current = (span as { attributes?: unknown }).attributes;
  if (typeof current !== 'object' || current === null) {
    span.setAttributes(attrs);
    return;
  }
  for (const key in attrs) {
    const value = attrs[key];
    if (value !== undefined && (current as Attributes)[key] !== value) span.setAttribute(key, value);
  }
}

function applyFacts(state: CallState): void {
  const f = state.facts ?? { outcome: 'error', errorType: S.ERROR_TYPE_CLIENT, message: 'The call ended without a result' };
  const attrs = factAttributes(state, f);
  if (state.native) enrichNative(state.span, attrs);
  else state.span.setAttributes(attrs);
  if (f.outcome === 'error') {
    state.span.setStatus({ code: SpanStatusCode.ERROR, ...(f.message !== undefined ? { message: f.message } : {}) });
    if (f.exceptionType !== undefined) {
      state.span.addEvent('exception', {
        [S.EXCEPTION_TYPE]: f.exceptionType,
        ...(f.message !== undefined ? { [S.EXCEPTION_MESSAGE]: f.message } : {}),
      });
    }
  }
}
