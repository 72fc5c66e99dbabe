import { HTTP_STATUS_MAX, HTTP_STATUS_MIN, INT32_MAX, isIntIn, isNonNegative, isStorableTime, type ErrorRecord } from '@claude-errors/schemas';
import type { Attributes } from '../../receiver/otlp-http/otlp-model.js';
import { num } from './attributes.js';

/**
 * Range checks of the numbers a span or log record carries, against the record's DuckDB columns
 * (schemas/src/limits.ts), made while mapping so that no value reaches the store that it cannot
 * hold (issue 10: one such value used to fail every request committed with it).
 *
 * - A value outside its range is dropped (the field is null, or falls back as if the attribute
 *   were absent) and counted by record field in `dropped`.
 * - An attempt number outside 1..2^31-1 refuses the span (it is part of the dedupe key).
 * - An event time later than the receive time plus `maxClockSkewMs`, or not a storable time (not
 *   finite, negative, beyond year 9999), is replaced by the receive time; the record carries
 *   TIME_ADJUSTED_ATTR ('future' | 'invalid') and, when it is a number, SENT_TIME_ATTR. A clock
 *   years ahead would otherwise make every record after it "late" for its alert group.
 */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60_000;

export const TIME_ADJUSTED_ATTR = 'claude_errors.time_adjusted';
export const SENT_TIME_ATTR = 'claude_errors.sent_time_ms';

export interface MapOptions {
  /** When the collector received the request, epoch ms (default: now). */
  receivedAtMs?: number;
  /** How far after the receive time an event time may lie (default 5 min). */
  maxClockSkewMs?: number;
}

export type NumericField = 'http_status' | 'attempts' | 'duration_ms' | 'retry_after_ms' | 'wait_ms';

/** What the checks changed in one request. */
export interface CheckCounts {
  /** Values dropped, by record field. */
  dropped: Partial<Record<NumericField, number>>;
  /** Times replaced by the receive time. */
  timesAdjusted: { future: number; invalid: number };
}

export class ValueChecks {
  readonly dropped: Partial<Record<NumericField, number>> = {};
  readonly timesAdjusted = { future: 0, invalid: 0 };
  readonly receivedAtMs: number;
  private readonly latestMs: number;

  constructor(opts: MapOptions = {}) {
    this.receivedAtMs = Math.floor(opts.receivedAtMs ?? Date.now());
    this.latestMs = this.receivedAtMs + (opts.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS);
  }

  /** The counts alone (a plain object). */
  counts(): CheckCounts {
    return { dropped: this.dropped, timesAdjusted: this.timesAdjusted };
  }

  private drop(field: NumericField): null {
    this.dropped[field] = (this.dropped[field] ?? 0) + 1;
    return null;
  }

  /** An HTTP status attribute: an integer 100–599, else dropped. */
  status(a: Attributes, k1: string, k2?: string): number | null {
    const v = num(a, k1, k2);
    return v === null || isIntIn(v, HTTP_STATUS_MIN, HTTP_STATUS_MAX) ? v : this.drop('http_status');
  }

  /** A count for the `attempts` column (or what it is derived from): an integer 0..max, else dropped. */
  count(a: Attributes, key: string, max = INT32_MAX): number | null {
    const v = num(a, key);
    return v === null || isIntIn(v, 0, max) ? v : this.drop('attempts');
  }

  /** A DOUBLE column with minimum 0 (durations, waits): finite and >= 0, else dropped. */
  nonNegative(v: number | null, field: NumericField): number | null {
    return v === null || isNonNegative(v) ? v : this.drop(field);
  }

  /** An attempt number: absent -> `fallback`; present but not an integer in 1..2^31-1 -> undefined (refuse the span). */
  attemptNumber(a: Attributes, key: string, fallback: number): number | undefined {
    if (a.get(key) === undefined) return fallback;
    const v = num(a, key);
    return v !== null && isIntIn(v, 1, INT32_MAX) ? v : undefined;
  }

  /** Set by time(): how the last time checked was adjusted, or null when it was kept. */
  adjusted: TimeAdjustment | null = null;

  /** The record time for an event time in epoch ms (floored), or the receive time when it is in the future beyond the skew or not storable (see `adjusted`). */
  time(ms: number): number {
    const t = Math.floor(ms);
    if (isStorableTime(t) && t <= this.latestMs) {
      this.adjusted = null;
      return t;
    }
    const reason = t > 0 ? 'future' : 'invalid'; // NaN and negative times are 'invalid'
    this.timesAdjusted[reason]++;
    this.adjusted = { reason, sentMs: Number.isSafeInteger(t) ? t : null };
    return this.receivedAtMs;
  }
}

export interface TimeAdjustment {
  reason: 'future' | 'invalid';
  /** The time the sender gave, when it is a safe integer of ms. */
  sentMs: number | null;
}

/** Marks a record whose time was replaced by the receive time. */
export function markTimeAdjusted(r: ErrorRecord, { reason, sentMs }: TimeAdjustment): void {
  const attrs: Record<string, unknown> = { ...(r.attributes ?? {}), [TIME_ADJUSTED_ATTR]: reason };
  if (sentMs !== null) attrs[SENT_TIME_ATTR] = sentMs;
  r.attributes = attrs;
}

/** A one-line summary of the adjustments for the OTLP partial-success message ('' when none). */
export function describeChecks(c: CheckCounts): string {
  const parts: string[] = [];
  const fields = Object.entries(c.dropped);
  if (fields.length > 0) {
    const n = fields.reduce((s, [, k]) => s + (k ?? 0), 0);
    parts.push(`${n} value${n === 1 ? '' : 's'} out of range dropped (${fields.map(([f]) => f).join(', ')})`);
  }
  const { future, invalid } = c.timesAdjusted;
  if (future > 0) parts.push(`${future} time${future === 1 ? '' : 's'} more than the allowed clock skew in the future set to the receive time`);
  if (invalid > 0) parts.push(`${invalid} invalid time${invalid === 1 ? '' : 's'} set to the receive time`);
  return parts.join('; ');
}
