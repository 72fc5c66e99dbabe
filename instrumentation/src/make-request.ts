// Wraps the SDK's per-call entry point (makeRequest): starts or adopts the call span.
import { context, trace, SpanKind, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import * as S from './semconv.js';
import { type CallState, enrichNative, newCallState, resolveCall, wrapNativeEnd } from './call.js';
import { BatchResults, batchIdOf } from './batch-results.js';
import { classifyError } from './classify-error.js';
import { PreflightLintError } from './errors.js';
import { safe } from './guard.js';
import { lintMessagesRequest } from './lint.js';
import { operationFromNativeSpanName, operationOf } from './operation.js';
import { platformOf, requestInfo, sdkVersion, serverOf, type RequestInfo } from './request-info.js';
import { scrubAndCap } from './scrub.js';
import { watchMcpAndSessions } from './agents.js';
import { DEFAULT_BODY_READ_TIMEOUT_MS, DEFAULT_MAX_CONTENT_BYTES, type AnthropicInstrumentationConfig } from './types.js';
import type { Obj } from './obj.js';

type AnyFn = (this: unknown, ...args: unknown[]) => unknown;

export interface Hooks {
  tracer(): Tracer;
  config(): AnthropicInstrumentationConfig;
  enabled(): boolean;
}

/** Call state per request-options object (the SDK passes the same object to every retry). */
export const callsByOptions = new WeakMap<object, CallState>();
/** Call state per RequestInit the SDK built for an attempt. */
export const callsByInit = new WeakMap<object, CallState>();

function nativeSpanOf(options: Obj): { span: Span; name: string } | undefined {
  const call = options['__span'];
  if (typeof call !== 'object' || call === null) return undefined;
  const span = (call as Obj)['span'] as Span | undefined;
  if (!span || typeof span.setAttribute !== 'function') return undefined;
  // A span nothing records (the SDK's tracer is the global no-op one while this instrumentation was
  // given its own tracer provider, as on the edge): make our own instead of enriching it.
  if (typeof span.isRecording === 'function' && !span.isRecording()) return undefined;
  return { span, name: String((call as Obj)['name'] ?? '') };
}

/**
 * The attributes known when the call starts, in two parts: those the GenAI conventions ask for at
 * span creation, for a sampler to decide on (operation, provider, model, server), and the rest,
 * set right after the span starts. The OpenTelemetry SDK validates and copies each attribute given
 * to startSpan twice (before and after sampling), and a set one once.
 */
function startAttributes(
  client: Obj,
  info: RequestInfo,
  operation: string,
  genAiName: string,
  cfg: AnthropicInstrumentationConfig,
): { sampling: Attributes; rest: Attributes } {
  const sampling: Attributes = { [S.GEN_AI_OPERATION_NAME]: genAiName, [S.GEN_AI_PROVIDER_NAME]: S.PROVIDER_ANTHROPIC };
  if (info.model !== undefined) sampling[S.GEN_AI_REQUEST_MODEL] = info.model;
  const server = serverOf(client);
  if (server.address !== undefined) sampling[S.SERVER_ADDRESS] = server.address;
  if (server.port !== undefined) sampling[S.SERVER_PORT] = server.port;
  const a: Attributes = { [S.ANTHROPIC_OPERATION]: operation, [S.ANTHROPIC_PLATFORM]: platformOf(client) };
  const version = sdkVersion(client);
  if (version !== undefined) a[S.ANTHROPIC_SDK_VERSION] = version;
  if (info.maxTokens !== undefined) a[S.GEN_AI_REQUEST_MAX_TOKENS] = info.maxTokens;
  if (info.body !== undefined && (genAiName === 'chat' || genAiName === 'text_completion')) a[S.GEN_AI_REQUEST_STREAM] = info.stream;
  if (cfg.captureContent && info.body !== undefined) {
    const max = cfg.maxContentBytes ?? DEFAULT_MAX_CONTENT_BYTES;
    const input = info.body['messages'] ?? info.body['prompt'];
    if (input !== undefined) a[S.GEN_AI_INPUT_MESSAGES] = scrubAndCap(JSON.stringify(input), max);
    if (info.body['system'] !== undefined) a[S.GEN_AI_SYSTEM_INSTRUCTIONS] = scrubAndCap(JSON.stringify(info.body['system']), max);
  }
  return { sampling, rest: a };
}

function startCall(hooks: Hooks, client: Obj, options: Obj): { state: CallState; findings: string[] } {
  const cfg = hooks.config();
  const info = requestInfo(options);
  const native = nativeSpanOf(options);
  const op = operationOf(info.method, info.path, info.beta, info.helper);
  // Our route table knows messages.stream(); the SDK's span name says messages.create for it.
  const known = !op.name.includes(' ');
  const operation = !known && native?.name ? operationFromNativeSpanName(native.name) : op.name;
  const { sampling, rest: attrs } = startAttributes(client, info, operation, op.genAiName, cfg);
  const findings = cfg.lint && info.body !== undefined && op.genAiName === 'chat' ? lintMessagesRequest(info.body) : [];
  if (findings.length > 0) attrs[S.ANTHROPIC_LINT_FINDINGS] = findings;
  const signal = options['signal'] as AbortSignal | undefined;
  const wait = cfg.bodyReadTimeoutMs ?? DEFAULT_BODY_READ_TIMEOUT_MS;
  let state: CallState;
  if (native) {
    state = newCallState(native.span, true, signal, wait);
    attrs[S.ANTHROPIC_NATIVE_SPAN] = true;
    enrichNative(native.span, sampling);
    enrichNative(native.span, attrs);
    wrapNativeEnd(state);
  } else {
    const name = info.model !== undefined ? `${op.genAiName} ${info.model}` : `anthropic.${operation}`;
    const span = hooks.tracer().startSpan(name, { kind: SpanKind.CLIENT, attributes: sampling });
    span.setAttributes(attrs);
    state = newCallState(span, false, signal, wait);
  }
  watchMcpAndSessions(state, info.body, info.path, operation);
  if (operation.endsWith('messages.batches.results')) {
    state.batch = new BatchResults(state.span);
    const id = batchIdOf(info.path);
    if (id !== undefined) state.span.setAttribute(S.BATCH_ID, id);
  }
  return { state, findings };
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

/** Records how the call failed (or was cancelled, or refused by the lint). */
function callFailed(state: CallState, err: unknown): void {
  safe(() => {
    const facts = classifyError(err, state.userSignal?.aborted === true);
    if (err instanceof PreflightLintError) facts.errorType = S.ERROR_TYPE_LINT;
    resolveCall(state, facts);
  });
}

/**
 * Runs one call of makeRequest with its call span. Returns the SDK's own promise (no extra async
 * frame or promise on the hot path); the span learns the outcome from handlers attached beside the SDK's.
 */
function runCall(hooks: Hooks, client: Obj, original: AnyFn, options: unknown, rest: unknown[]): unknown {
  if (typeof options !== 'object' || options === null || callsByOptions.has(options) || !hooks.enabled()) {
    return original.call(client, options, ...rest);
  }
  const opts = options as Obj;
  const started = safe(() => startCall(hooks, client, opts));
  if (!started) return original.call(client, options, ...rest);
  const { state, findings } = started;
  callsByOptions.set(opts, state);
  const done = () => {
    callsByOptions.delete(opts);
    if (state.attempts === 0) safe(() => resolveCall(state, { outcome: 'success' }));
  };
  const failed = (err: unknown) => {
    callsByOptions.delete(opts);
    callFailed(state, err);
  };
  if (findings.length > 0 && hooks.config().lint === 'throw') {
    const err = new PreflightLintError(findings);
    failed(err);
    return Promise.reject(err);
  }
  let result: unknown;
  try {
    // The SDK's native span is already the active one while it calls makeRequest.
    result = state.native
      ? original.call(client, options, ...rest)
      : context.with(trace.setSpan(context.active(), state.span), () => original.call(client, options, ...rest));
  } catch (err) {
    failed(err);
    throw err;
  }
  if (isThenable(result)) result.then(done, failed);
  else done();
  return result;
}

/** The wrapper of makeRequest(optionsInput, retriesRemaining, …). */
export function wrapMakeRequest(hooks: Hooks) {
  return (original: AnyFn): AnyFn =>
    function (this: unknown, optionsInput: unknown, ...rest: unknown[]) {
      if (!hooks.enabled() || (typeof optionsInput === 'object' && optionsInput !== null && callsByOptions.has(optionsInput))) {
        return original.call(this, optionsInput, ...rest);
      }
      const client = this as Obj;
      // 0.x and 1.x may pass the options as a promise: wait for it only then.
      if (isThenable(optionsInput)) return Promise.resolve(optionsInput).then((o) => runCall(hooks, client, original, o, rest));
      return runCall(hooks, client, original, optionsInput, rest);
    };
}
