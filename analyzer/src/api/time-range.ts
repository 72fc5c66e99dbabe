import { parseDuration, type CeError } from '@claude-errors/schemas';
import { analyzerError, ErrorCodes } from '../errors.js';

/** The range a JavaScript Date can hold: ±8.64e15 ms (±100,000,000 days) around the epoch. */
export const MAX_TIME_MS = 8_640_000_000_000_000;

export function badParameter(name: string, message: string): CeError {
  return analyzerError('invalid', ErrorCodes.BAD_PARAMETER, `parameter '${name}': ${message}`);
}

/**
 * Parses a time parameter: ISO-8601 (`2026-11-25T06:00:00Z`), epoch milliseconds, `now`, or a
 * relative offset from now: `-` and a duration (`-15m`, `-24h`, `-7d`, `-1h30m`; schemas/src/duration.ts). Throws CE_ERR_BAD_PARAMETER naming it.
 */
export function parseTime(value: string, name: string, now: number): number {
  const t = parseTimeForm(value.trim(), now);
  if (t === null) throw badParameter(name, `'${value}' is not a time (use ISO-8601, epoch ms, 'now' or a relative form like -24h)`);
  if (!inDateRange(t)) throw badParameter(name, `'${value}' is outside the range of dates (epoch ms within ±${MAX_TIME_MS})`);
  return t;
}

function parseTimeForm(v: string, now: number): number | null {
  if (v === 'now') return now;
  if (v.startsWith('-')) {
    const ago = parseDuration(v.slice(1));
    return ago === undefined ? null : now - ago;
  }
  if (/^\d{10,16}$/.test(v)) return Number(v);
  if (/^\d{4}-\d{2}-\d{2}/.test(v)) {
    const t = Date.parse(v);
    if (Number.isFinite(t)) return t;
  }
  return null;
}

function inDateRange(t: number): boolean {
  return Number.isFinite(t) && Math.abs(t) <= MAX_TIME_MS;
}

export interface TimeRange {
  from: number;
  to: number;
}

/**
 * `from` and `to` of a report. An empty value (`from=`) is a bad parameter like any other text
 * that is not a time, not the default. A default `from` that would fall before the first
 * representable date is clamped to it.
 */
export function parseRange(q: { from?: string | undefined; to?: string | undefined }, now: number, defaultSpanMs = 86_400_000): TimeRange {
  const to = q.to !== undefined ? parseTime(q.to, 'to', now) : now;
  const from = q.from !== undefined ? parseTime(q.from, 'from', now) : Math.max(to - defaultSpanMs, -MAX_TIME_MS);
  if (from >= to) throw badParameter('from', `must be before 'to' (${new Date(from).toISOString()} >= ${new Date(to).toISOString()})`);
  return { from, to };
}
