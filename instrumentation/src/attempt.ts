// One span event per HTTP attempt, recorded around the SDK's fetchWithTimeout.
import type { Attributes } from '@opentelemetry/api';
import * as S from './semconv.js';
import { type CallState, pendingWork, resolveCall } from './call.js';
import { amazonErrorType, causeCode, className, envelopeFacts, isCredentialFailure } from './classify-error.js';
import { Deadlines, type Expiring } from './deadlines.js';
import { nowMs, safe } from './guard.js';
import { responseHeaderAttributes } from './response-headers.js';
import { scrub, scrubAndCap } from './scrub.js';
import { observeStream, type StreamFacts } from './stream.js';

export interface Attempt {
  number: number;
  start: number;
  waitMs: number;
}

export interface ResponseHandling {
  /** Own span: read the JSON body of a success for gen_ai.response.* (and content, when captured). */
  readSuccessBody: boolean;
  captureContent: boolean;
  maxContentBytes: number;
}

export function beginAttempt(state: CallState): Attempt {
  const start = nowMs();
  state.attempts += 1;
  const waitMs = state.lastAttemptEnd === undefined ? 0 : Math.max(0, Math.round(start - state.lastAttemptEnd));
  return { number: state.attempts, start, waitMs };
}

// Attribute maps are filled in place: object spreads of ~20 dotted keys cost more than the rest of an attempt.
function baseAttributes(state: CallState, attempt: Attempt, end: number): Attributes {
  const a: Attributes = {};
  a[S.ATTEMPT_NUMBER] = attempt.number;
  a[S.ATTEMPT_START_MS] = Math.max(0, Math.round(attempt.start - state.startTime));
  a[S.ATTEMPT_WAIT_MS] = attempt.waitMs;
  a[S.ATTEMPT_DURATION_MS] = Math.max(0, Math.round(end - attempt.start));
  return a;
}

function addAttemptEvent(state: CallState, attempt: Attempt, attrs: Attributes): void {
  safe(() => state.span.addEvent(S.ATTEMPT_EVENT, attrs, attempt.start));
}

/** The fetch failed: connection refused, reset, timeout, or the application's abort. */
export function attemptFailed(state: CallState, attempt: Attempt, err: unknown): void {
  const end = nowMs();
  state.lastAttemptEnd = end;
  const userAborted = state.userSignal?.aborted === true;
  const isAbort = typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError';
  const attrs = baseAttributes(state, attempt, end);
  attrs[S.ATTEMPT_OUTCOME] = userAborted ? 'cancelled' : 'error';
  attrs[S.EXCEPTION_TYPE] = className(err);
  attrs[S.EXCEPTION_MESSAGE] = scrub(err instanceof Error ? err.message : String(err));
  if (!userAborted) {
    attrs[S.ERROR_TYPE] = isAbort ? S.ERROR_TYPE_TIMEOUT : isCredentialFailure(err) ? S.ERROR_TYPE_CREDENTIALS : S.ERROR_TYPE_CONNECTION;
  }
  const code = causeCode(err);
  if (code !== undefined) attrs[S.ANTHROPIC_EXCEPTION_CAUSE_CODE] = code;
  addAttemptEvent(state, attempt, attrs);
}

/** A response arrived. Error bodies are read from a clone; streams from the chunks the SDK reads (stream.ts). */
export function attemptResponded(
  state: CallState,
  attempt: Attempt,
  res: Response,
  handling: ResponseHandling,
  signal?: AbortSignal,
): void {
  const end = nowMs();
  state.lastAttemptEnd = end;
  const status = res.status;
  const attrs = baseAttributes(state, attempt, end);
  attrs[S.HTTP_RESPONSE_STATUS_CODE] = status;
  const contentType = responseHeaderAttributes(res.headers, attrs);
  state.last = { status };
  const requestId = attrs[S.ANTHROPIC_REQUEST_ID];
  if (typeof requestId === 'string') state.last.requestId = requestId;
  if (status < 200 || status > 299) return readErrorBody(state, attempt, res, attrs);
  if (state.batch && res.body) return watchStreamedBody(state, attempt, res, attrs, signal);
  const type = contentType ?? '';
  if (type.includes('text/event-stream') && res.body) return watchStreamedBody(state, attempt, res, attrs, signal);
  attrs[S.ATTEMPT_OUTCOME] = 'success';
  addAttemptEvent(state, attempt, attrs);
  if (handling.readSuccessBody && type.includes('json')) return readSuccessBody(state, res, handling);
  resolveCall(state, { outcome: 'success' });
}

function readErrorBody(state: CallState, attempt: Attempt, res: Response, attrs: Attributes): void {
  attrs[S.ATTEMPT_OUTCOME] = 'error';
  attrs[S.ERROR_TYPE] = String(res.status);
  const clone = safe(() => res.clone());
  if (!clone) return addAttemptEvent(state, attempt, attrs);
  const done = pendingWork(state);
  void clone.text().then(
    (text) => {
      const env = envelopeFacts(safeJson(text));
      const type = env.type ?? amazonErrorType(res.headers);
      if (type !== undefined) {
        attrs[S.ERROR_TYPE] = type;
        attrs[S.ANTHROPIC_ERROR_TYPE] = type;
      }
      const message = env.message ?? (text.length > 0 ? text.slice(0, 512) : undefined);
      if (message !== undefined) attrs[S.ANTHROPIC_ERROR_MESSAGE] = scrub(message);
      if (env.errorCode !== undefined) attrs[S.ANTHROPIC_ERROR_CODE] = env.errorCode;
      if (attrs[S.ANTHROPIC_REQUEST_ID] === undefined && env.requestId) attrs[S.ANTHROPIC_REQUEST_ID] = env.requestId;
      addAttemptEvent(state, attempt, attrs);
      done();
    },
    () => {
      addAttemptEvent(state, attempt, attrs);
      done();
    },
  );
}

/**
 * A streamed success: the attempt event and the call wait for the stream's end, which stream.ts
 * learns from the chunks the SDK reads (no copy of the body; see there for the trade-off).
 * Batch results (a `.jsonl` file, not SSE) are read the same way by their own scanner.
 */
function watchStreamedBody(state: CallState, attempt: Attempt, res: Response, attrs: Attributes, signal?: AbortSignal): void {
  const done = pendingWork(state);
  const batch = state.batch;
  observeStream(res, signal, state.waitMs, (facts: StreamFacts) => {
    batch?.finish();
    const a = attrs;
    a[S.ATTEMPT_OUTCOME] = facts.outcome;
    if (facts.errorType !== undefined) a[S.ERROR_TYPE] = facts.errorType;
    if (facts.anthropicType !== undefined) a[S.ANTHROPIC_ERROR_TYPE] = facts.anthropicType;
    if (facts.errorCode !== undefined) a[S.ANTHROPIC_ERROR_CODE] = facts.errorCode;
    if (facts.message !== undefined && facts.outcome === 'error') a[S.ANTHROPIC_ERROR_MESSAGE] = facts.message;
    if (facts.causeCode !== undefined) a[S.ANTHROPIC_EXCEPTION_CAUSE_CODE] = facts.causeCode;
    addAttemptEvent(state, attempt, a);
    done();
    resolveCall(state, { ...facts, status: res.status });
  }, batch?.scanner ?? state.scanner, !batch);
}

/**
 * A JSON success whose body the SDK has not read yet (readSuccessBody). The tap on `res.json` is
 * one module-level function that finds this in `pendingJson`. It was a closure per response: the
 * response outlives the call, and through that closure it kept the call's span, attributes and
 * events alive past the next scavenges, the largest part of the garbage collector's cost of a
 * non-streamed call (bench/canned-fetch.mjs, --trace-gc: ~6 KB promoted per call, now none).
 */
class PendingJson implements Expiring {
  constructor(
    readonly res: Response,
    readonly state: CallState,
    readonly handling: ResponseHandling,
    /** `res.json` before it was tapped, and whether it was the response's own property. */
    readonly original: Response['json'],
    readonly hadOwn: boolean,
  ) {}

  /** Takes the response back from the tap: its own `json` as it was, or none. */
  untap(): void {
    pendingJson.delete(this.res);
    jsonDeadlines.delete(this);
    const target = this.res as Response & { json: Response['json'] };
    if (target.json !== tappedJson) return;
    if (this.hadOwn) target.json = this.original;
    else delete (target as { json?: unknown }).json;
  }

  /** Nobody read the body in time (`.asResponse()` left unread): the call ends without its facts. */
  expire(): void {
    this.untap();
    resolveCall(this.state, { outcome: 'success' });
  }
}

/** Entries leave when the body is read or at their deadline, so a Map (no ephemerons to trace) is enough. */
const pendingJson = new Map<object, PendingJson>();
const jsonDeadlines = new Deadlines();

/** `res.json()` while tapped: the SDK's own read, whose result also gives the call's facts. */
function tappedJson(this: Response): Promise<unknown> {
  const p = pendingJson.get(this);
  // Not (or no longer) tapped: a copy of the method called later; read as the class reads.
  if (p === undefined) return (Object.getPrototypeOf(this) as { json: () => Promise<unknown> }).json.call(this);
  p.untap();
  const result = p.original.call(this) as Promise<unknown>;
  result.then(
    (body) => {
      if (p.state.mcp) safe(() => p.state.mcp?.response(body));
      const facts = safe(() => successFacts(body, p.handling)) ?? { outcome: 'success' as const };
      safe(() => resolveCall(p.state, facts));
    },
    () => safe(() => resolveCall(p.state, { outcome: 'success' })),
  );
  return result;
}

/**
 * Own span: the usage and response id of a JSON success come from the SDK's own read of the body.
 * `res.json` is tapped on this one response (cloning it would tee the body and parse it twice);
 * when nothing reads the body within `waitMs` (`.asResponse()` left unread) the call ends without them.
 */
function readSuccessBody(state: CallState, res: Response, handling: ResponseHandling): void {
  const target = res as Response & { json: Response['json'] };
  const original = target.json;
  if (typeof original !== 'function' || res.headers.get('content-length') === '0') return resolveCall(state, { outcome: 'success' });
  const p = new PendingJson(res, state, handling, original, Object.prototype.hasOwnProperty.call(res, 'json'));
  pendingJson.set(res, p);
  target.json = tappedJson;
  jsonDeadlines.add(p, state.waitMs);
}

function successFacts(body: unknown, handling: ResponseHandling): import('./call.js').CallFacts {
  const facts: import('./call.js').CallFacts = { outcome: 'success' };
  if (typeof body !== 'object' || body === null) return facts;
  const b = body as Record<string, unknown>;
  if (typeof b['id'] === 'string') facts.responseId = b['id'];
  if (typeof b['model'] === 'string') facts.responseModel = b['model'];
  if (typeof b['stop_reason'] === 'string') facts.stopReason = b['stop_reason'];
  const usage = b['usage'] as Record<string, unknown> | undefined;
  if (typeof usage?.['input_tokens'] === 'number') facts.inputTokens = usage['input_tokens'];
  if (typeof usage?.['output_tokens'] === 'number') facts.outputTokens = usage['output_tokens'];
  if (typeof b['input_tokens'] === 'number' && b['type'] === undefined) facts.inputTokens = b['input_tokens'];
  if (handling.captureContent) {
    const content = b['content'] ?? b['completion'];
    if (content !== undefined) facts.outputContent = scrubAndCap(JSON.stringify(content), handling.maxContentBytes);
  }
  return facts;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
