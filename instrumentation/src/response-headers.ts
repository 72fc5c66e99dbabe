// Attempt attributes read from response headers: request-id, retry hints, rate-limit state.
import type { Attributes } from '@opentelemetry/api';
import { ANTHROPIC_REQUEST_ID, RATELIMIT_FIELDS, RATELIMIT_KINDS, RETRY_AFTER_MS, SHOULD_RETRY, ratelimitAttribute } from './semconv.js';

interface HeaderSource {
  get(name: string): string | null;
}

/** `anthropic-ratelimit-input-tokens-remaining` → [`anthropic.ratelimit.input_tokens.remaining`, is a reset time]. */
const RATELIMIT_HEADERS = new Map<string, readonly [attribute: string, isReset: boolean]>(
  RATELIMIT_KINDS.flatMap((kind) =>
    RATELIMIT_FIELDS.map((field) => [`anthropic-ratelimit-${kind.replace('_', '-')}-${field}`, [ratelimitAttribute(kind, field), field === 'reset']] as const),
  ),
);

/** Milliseconds from `retry-after-ms`, else `retry-after` (seconds or an HTTP date). */
function retryAfterFrom(ms: string | null | undefined, after: string | null | undefined): number | undefined {
  if (ms !== null && ms !== undefined && ms !== '' && Number.isFinite(Number(ms))) return Number(ms);
  if (after === null || after === undefined || after === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** `retry-after-ms`, else `retry-after` (seconds or an HTTP date), in milliseconds. */
export function retryAfterMs(headers: HeaderSource): number | undefined {
  return retryAfterFrom(headers.get('retry-after-ms'), headers.get('retry-after'));
}

/** The headers this module reads, by lower-case name. */
interface Wanted {
  contentType?: string;
  requestId?: string;
  amznRequestId?: string;
  retryAfterMs?: string;
  retryAfter?: string;
  shouldRetry?: string;
  ratelimit?: Array<readonly [name: string, value: string]>;
}

/**
 * One pass over the headers. A `get()` per name costs about a microsecond each on undici's Headers,
 * and an attempt reads 17 names; iterating once is an order of magnitude cheaper.
 */
function wantedHeaders(headers: HeaderSource): Wanted {
  const w: Wanted = {};
  const iterable = headers as unknown as Partial<Iterable<[string, string]>>;
  if (typeof iterable[Symbol.iterator] !== 'function') {
    // A headers object without iteration: ask for each name.
    const rl: Array<readonly [string, string]> = [];
    for (const name of RATELIMIT_HEADERS.keys()) {
      const v = headers.get(name);
      if (v !== null) rl.push([name, v]);
    }
    return {
      ...optional('contentType', headers.get('content-type')),
      ...optional('requestId', headers.get('request-id')),
      ...optional('amznRequestId', headers.get('x-amzn-requestid')),
      ...optional('retryAfterMs', headers.get('retry-after-ms')),
      ...optional('retryAfter', headers.get('retry-after')),
      ...optional('shouldRetry', headers.get('x-should-retry')),
      ratelimit: rl,
    };
  }
  for (const [rawName, value] of iterable as Iterable<[string, string]>) {
    const name = rawName.toLowerCase();
    switch (name) {
      case 'content-type': w.contentType = value; break;
      case 'request-id': w.requestId = value; break;
      case 'x-amzn-requestid': w.amznRequestId = value; break;
      case 'retry-after-ms': w.retryAfterMs = value; break;
      case 'retry-after': w.retryAfter = value; break;
      case 'x-should-retry': w.shouldRetry = value; break;
      default:
        if (name.startsWith('anthropic-ratelimit-')) (w.ratelimit ??= []).push([name, value]);
    }
  }
  return w;
}

function optional<K extends keyof Wanted>(key: K, value: string | null): Partial<Wanted> {
  return value === null ? {} : { [key]: value };
}

/**
 * Adds the attributes from the headers of one response to `attrs` (never request or auth headers);
 * returns the response's content-type, read in the same pass.
 */
export function responseHeaderAttributes(headers: HeaderSource, attrs: Attributes): string | undefined {
  const w = wantedHeaders(headers);
  const requestId = w.requestId || w.amznRequestId;
  if (requestId) attrs[ANTHROPIC_REQUEST_ID] = requestId;
  const after = retryAfterFrom(w.retryAfterMs, w.retryAfter);
  if (after !== undefined) attrs[RETRY_AFTER_MS] = after;
  if (w.shouldRetry === 'true' || w.shouldRetry === 'false') attrs[SHOULD_RETRY] = w.shouldRetry === 'true';
  for (const [name, value] of w.ratelimit ?? []) {
    const known = RATELIMIT_HEADERS.get(name);
    if (!known || value === '') continue;
    const [key, isReset] = known;
    attrs[key] = isReset || !Number.isFinite(Number(value)) ? value : Number(value);
  }
  return w.contentType;
}
