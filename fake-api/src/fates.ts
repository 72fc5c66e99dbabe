/**
 * What the fake Claude API does with one request: its "fate".
 *
 * Every fate may carry `delayMs` (wait before answering: use it to make the SDK time out) and
 * `headers` (extra response headers). A success on a request whose JSON body has `stream: true`
 * is answered as an SSE stream automatically.
 */

export type RateLimitKind = 'requests' | 'tokens' | 'input-tokens' | 'output-tokens';

export interface RateLimitValues {
  limit?: number;
  remaining?: number;
  /** RFC 3339 time the limit resets; a number is seconds from now. */
  reset?: string | number;
}

/** `anthropic-ratelimit-<kind>-<limit|remaining|reset>` headers to send. */
export type RateLimits = Partial<Record<RateLimitKind, RateLimitValues>>;

interface FateBase {
  /** Milliseconds to wait before answering (headers included). */
  delayMs?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Rate-limit headers to send with the response. */
  rateLimits?: RateLimits;
}

/** A normal answer: a JSON body, or for `stream: true` requests the full SSE event sequence. */
export interface SuccessFate extends FateBase {
  kind: 'success';
  /** Assistant text (messages) or completion text (legacy completions). Default "Hello from the fake API." */
  text?: string;
  /** Number of text deltas a stream splits the text into. Default 3. */
  deltas?: number;
  /** Milliseconds between SSE events of a stream. Default 0. */
  eventDelayMs?: number;
  stopReason?: string;
  usage?: { input_tokens: number; output_tokens: number };
  /** Replaces the whole JSON body of a non-streamed answer. */
  body?: unknown;
  /**
   * Replaces the event sequence of a streamed answer (each written as `event: <event>` and
   * `data: <JSON>`): a message stream with MCP blocks, or the events of a session event stream
   * (`GET /v1/sessions/:id/events/stream`, which sends none by default).
   */
  events?: Array<{ event: string; data: unknown; id?: string }>;
}

/** An HTTP error with the real Anthropic error envelope. */
export interface ErrorFate extends FateBase {
  kind: 'error';
  status: number;
  /** Anthropic error type, e.g. overloaded_error, rate_limit_error, invalid_request_error. */
  type: string;
  message?: string;
  /** `retry-after` header, in seconds. */
  retryAfter?: number;
  /** `retry-after-ms` header. */
  retryAfterMs?: number;
  /** `x-should-retry` header. */
  shouldRetry?: boolean;
  /** Replaces the response body (e.g. non-JSON text from a proxy). */
  rawBody?: string;
  /** `error.details.error_code` in the body, e.g. enforced_spend_limit_reached. */
  errorCode?: string;
}

/** A 200 SSE stream that sends `afterDeltas` text deltas, then `event: error`, then ends. */
export interface StreamErrorFate extends FateBase {
  kind: 'stream-error';
  type: string;
  message?: string;
  afterDeltas?: number;
  eventDelayMs?: number;
}

/** A 200 SSE stream that sends `afterDeltas` deltas and ends the body without message_stop. */
export interface StreamCutFate extends FateBase {
  kind: 'stream-cut';
  afterDeltas?: number;
  eventDelayMs?: number;
}

/**
 * Closes the connection without answering. `reset: true` (default) sends a TCP RST (the client
 * sees ECONNRESET); `reset: false` closes it normally (the client sees "other side closed").
 */
export interface HangUpFate extends Omit<FateBase, 'headers' | 'rateLimits'> {
  kind: 'hang-up';
  reset?: boolean;
}

export type Fate = SuccessFate | ErrorFate | StreamErrorFate | StreamCutFate | HangUpFate;

/** Shorthands for the common fates. */
export const fates = {
  success: (o: Omit<SuccessFate, 'kind'> = {}): SuccessFate => ({ kind: 'success', ...o }),
  error: (status: number, type: string, o: Omit<ErrorFate, 'kind' | 'status' | 'type'> = {}): ErrorFate => ({
    kind: 'error',
    status,
    type,
    ...o,
  }),
  overloaded: (o: Omit<ErrorFate, 'kind' | 'status' | 'type'> = {}): ErrorFate => ({
    kind: 'error',
    status: 529,
    type: 'overloaded_error',
    message: 'Overloaded',
    ...o,
  }),
  rateLimited: (o: Omit<ErrorFate, 'kind' | 'status' | 'type'> = {}): ErrorFate => ({
    kind: 'error',
    status: 429,
    type: 'rate_limit_error',
    message: 'This request would exceed the rate limit for your organization.',
    ...o,
  }),
  streamError: (type = 'overloaded_error', o: Omit<StreamErrorFate, 'kind' | 'type'> = {}): StreamErrorFate => ({
    kind: 'stream-error',
    type,
    ...o,
  }),
  streamCut: (o: Omit<StreamCutFate, 'kind'> = {}): StreamCutFate => ({ kind: 'stream-cut', ...o }),
  hangUp: (o: Omit<HangUpFate, 'kind'> = {}): HangUpFate => ({ kind: 'hang-up', ...o }),
};

/** Default error messages per type, as the API words them. */
export const DEFAULT_ERROR_MESSAGES: Record<string, string> = {
  invalid_request_error: 'There was an issue with the format or content of your request.',
  authentication_error: 'invalid x-api-key',
  billing_error: 'Your credit balance is too low to access the Anthropic API.',
  permission_error: 'Your API key does not have permission to use the specified resource.',
  not_found_error: 'The requested resource could not be found.',
  request_too_large: 'Request exceeds the maximum allowed number of bytes.',
  rate_limit_error: 'This request would exceed the rate limit for your organization.',
  api_error: 'Internal server error',
  timeout_error: 'Request timed out',
  overloaded_error: 'Overloaded',
};
