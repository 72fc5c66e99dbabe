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

/** A rate-limit header's value as its attribute: `limit` and `remaining` as numbers, `reset` as sent. */
function ratelimitValue(isReset: boolean, value: string): string | number {
  if (isReset) return value;
  const n = Number(value);
  return Number.isFinite(n) ? n : value;
}

/**
 * Adds the attributes from the headers of one response to `attrs` (never request or auth headers);
 * returns the response's content-type, read in the same pass. One pass over the headers: a `get()`
 * per name costs about a microsecond each on undici's Headers, and an attempt reads 17 names;
 * iterating once is an order of magnitude cheaper. Rate-limit values go straight into `attrs`.
 */
export function responseHeaderAttributes(headers: HeaderSource, attrs: Attributes): string | undefined {
  let contentType: string | null | undefined;
  let requestId: string | null | undefined;
  let amznRequestId: string | null | undefined;
  let afterMs: string | null | undefined;
  let after: string | null | undefined;
  let shouldRetry: string | null | undefined;
  const iterable = headers as unknown as Partial<Iterable<[string, string]>>;
  if (typeof iterable[Symbol.iterator] === 'function') {
    for (const [rawName, value] of iterable as Iterable<[string, string]>) {
      const name = rawName.toLowerCase();
      switch (name) {
        case 'content-type': contentType = value; break;
        case 'request-id': requestId = value; break;
        case 'x-amzn-requestid': amznRequestId = value; break;
        case 'retry-after-ms': afterMs = value; break;
        case 'retry-after': after = value; break;
        case 'x-should-retry': shouldRetry = value; break;
        default: {
          if (value === '' || !name.startsWith('anthropic-ratelimit-')) break;
          const known = RATELIMIT_HEADERS.get(name);
          if (known) attrs[known[0]] = ratelimitValue(known[1], value);
        }
      }
    }
  } else {
    // A headers object without iteration: ask for each name.
    contentType = headers.get('content-type');
    requestId = headers.get('request-id');
    amznRequestId = headers.get('x-amzn-requestid');
    afterMs = headers.get('retry-after-ms');
    after = headers.get('retry-after');
    shouldRetry = headers.get('x-should-retry');
    for (const [name, [key, isReset]] of RATELIMIT_HEADERS) {
      const value = headers.get(name);
      if (value !== null && value !== '') attrs[key] = ratelimitValue(isReset, value);
    }
  }
  const id = requestId || amznRequestId;
  if (id) attrs[ANTHROPIC_REQUEST_ID] = id;
  const wait = retryAfterFrom(afterMs, after);
  if (wait !== undefined) attrs[RETRY_AFTER_MS] = wait;
  if (shouldRetry === 'true' || shouldRetry === 'false') attrs[SHOULD_RETRY] = shouldRetry === 'true';
  return contentType ?? undefined;
}
