// Attempt attributes read from response headers: request-id, retry hints, rate-limit state.
import type { Attributes } from '@opentelemetry/api';
import { ANTHROPIC_REQUEST_ID, RATELIMIT_FIELDS, RATELIMIT_KINDS, RETRY_AFTER_MS, SHOULD_RETRY, ratelimitAttribute } from './semconv.js';

interface HeaderSource {
  get(name: string): string | null;
}

/** `anthropic-ratelimit-input-tokens-remaining` → `anthropic.ratelimit.input_tokens.remaining`, and whether it is a reset time. */
const RATELIMIT_HEADERS: ReadonlyArray<{ readonly header: string; readonly attribute: string; readonly isReset: boolean }> = RATELIMIT_KINDS.flatMap((kind) =>
  RATELIMIT_FIELDS.map((field) => ({
    header: `anthropic-ratelimit-${kind.replace('_', '-')}-${field}`,
    attribute: ratelimitAttribute(kind, field),
    isReset: field === 'reset',
  })),
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

/** A rate-limit header's value as its attribute: `limit` and `remaining` as numbers, `reset` as sent. */
function ratelimitValue(isReset: boolean, value: string): string | number {
  if (isReset) return value;
  const n = Number(value);
  return Number.isFinite(n) ? n : value;
}

/** Where each header this module reads goes in the values of one response (headerValues). */
const enum Slot {
  RequestId,
  AmznRequestId,
  RetryAfterMs,
  RetryAfter,
  ShouldRetry,
  ContentType,
  /** The rate-limit headers follow, in the order of RATELIMIT_HEADERS. */
  Ratelimit,
}

const NAMES: readonly string[] = [
  'request-id',
  'x-amzn-requestid',
  'retry-after-ms',
  'retry-after',
  'x-should-retry',
  'content-type',
  ...RATELIMIT_HEADERS.map((h) => h.header),
];
/** Header name in lower case, as Headers iterates them → its slot. */
const SLOTS = new Map<string, number>(NAMES.map((name, slot) => [name, slot]));

/**
 * The values of the headers this module reads (null when absent), by slot. Headers that can be
 * iterated (undici's, node-fetch's) are read in one pass: undici sorts a Headers' entries once and
 * keeps them until the headers change, and the SDK (0.1xx, 1.x) iterates every response's headers
 * itself right after, so that pass costs little more than the SDK's own, where a `get()` per name
 * (18, each validating its name) cost ~3 µs more per attempt. Other header objects: `get()`.
 */
function headerValues(headers: HeaderSource): Array<string | null> {
  const values = new Array<string | null>(NAMES.length).fill(null);
  if (typeof (headers as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function') {
    for (const [name, value] of headers as unknown as Iterable<[string, string]>) {
      // Standard Headers iterate lower-case names; a hand-made iterable may not.
      const slot = SLOTS.get(name) ?? SLOTS.get(name.toLowerCase());
      if (slot !== undefined) values[slot] = value;
    }
  } else {
    for (let slot = 0; slot < NAMES.length; slot++) values[slot] = headers.get(NAMES[slot]!);
  }
  return values;
}

/**
 * Adds the attributes from the headers of one response to `attrs` (never request or auth headers);
 * returns the response's content-type.
 */
export function responseHeaderAttributes(headers: HeaderSource, attrs: Attributes): string | undefined {
  const v = headerValues(headers);
  const id = v[Slot.RequestId] || v[Slot.AmznRequestId];
  if (id) attrs[ANTHROPIC_REQUEST_ID] = id;
  const wait = retryAfterFrom(v[Slot.RetryAfterMs], v[Slot.RetryAfter]);
  if (wait !== undefined) attrs[RETRY_AFTER_MS] = wait;
  const shouldRetry = v[Slot.ShouldRetry];
  if (shouldRetry === 'true' || shouldRetry === 'false') attrs[SHOULD_RETRY] = shouldRetry === 'true';
  for (let i = 0; i < RATELIMIT_HEADERS.length; i++) {
    const { attribute, isReset } = RATELIMIT_HEADERS[i]!;
    const value = v[Slot.Ratelimit + i];
    if (value !== null && value !== undefined && value !== '') attrs[attribute] = ratelimitValue(isReset, value);
  }
  return v[Slot.ContentType] ?? undefined;
}
