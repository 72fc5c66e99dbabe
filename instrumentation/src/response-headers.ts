// Attempt attributes read from response headers: request-id, retry hints, rate-limit state.
import type { Attributes } from '@opentelemetry/api';
import { ANTHROPIC_REQUEST_ID, RATELIMIT_FIELDS, RATELIMIT_KINDS, RETRY_AFTER_MS, SHOULD_RETRY, ratelimitAttribute } from './semconv.js';

interface HeaderSource {
  get(name: string): string | null;
}


/** `retry-after-ms`, else `retry-after` (seconds or an HTTP date), in milliseconds. */
export function retryAfterMs(headers: HeaderSource): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms !== '' && Number.isFinite(Number(ms))) return Number(ms);
  const after = headers.get('retry-after');
  if (after === null || after === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Attributes from the headers of one response. Never includes request or auth headers. */
export function responseHeaderAttributes(headers: HeaderSource): Attributes {
  const attrs: Attributes = {};
  const requestId = headers.get('request-id') ?? headers.get('x-amzn-requestid');
  if (requestId) attrs[ANTHROPIC_REQUEST_ID] = requestId;
  const after = retryAfterMs(headers);
  if (after !== undefined) attrs[RETRY_AFTER_MS] = after;
  const shouldRetry = headers.get('x-should-retry');
  if (shouldRetry === 'true' || shouldRetry === 'false') attrs[SHOULD_RETRY] = shouldRetry === 'true';
  for (const kind of RATELIMIT_KINDS) {
    for (const field of RATELIMIT_FIELDS) {
      const value = headers.get(`anthropic-ratelimit-${kind.replace('_', '-')}-${field}`);
      if (value === null || value === '') continue;
      const key = ratelimitAttribute(kind, field);
      attrs[key] = field === 'reset' || !Number.isFinite(Number(value)) ? value : Number(value);
    }
  }
  return attrs;
}
