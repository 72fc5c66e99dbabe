/** Timestamps as they appear in application logs, normalised to ISO 8601 (UTC when unknown). */
const ISO_RE = /(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:[.,](\d{1,9}))?\s?(Z|[+-]\d\d:?\d\d)?/;

/** The first ISO-like timestamp in the first 64 characters of a line, or null. */
export function timestampInLine(line: string): string | null {
  const head = line.length > 64 ? line.slice(0, 64) : line;
  const m = ISO_RE.exec(head);
  if (!m) return null;
  const frac = m[3] ? `.${m[3].slice(0, 3).padEnd(3, '0')}` : '';
  const zone = m[4] ? (m[4] === 'Z' ? 'Z' : m[4].length === 5 ? `${m[4].slice(0, 3)}:${m[4].slice(3)}` : m[4]) : 'Z';
  const d = new Date(`${m[1]}T${m[2]}${frac}${zone}`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * A time of day with no date at the start of a line (`[10:00:00.123] ERROR …`, pino-pretty's
 * default; `10:00:00 ERROR …`, a logger's `%H:%M:%S`): it starts a log event as a full timestamp
 * does, but gives no time to compare.
 */
const TIME_OF_DAY_HEAD_RE = /^\[?\d\d:\d\d:\d\d(?:[.,]\d{1,6})?\]? /;

/** Whether a line starts a log event: a timestamp in its first 64 characters, or a time of day at its start. */
export function startsLogEvent(line: string): boolean {
  return TIME_OF_DAY_HEAD_RE.test(line) || timestampInLine(line) !== null;
}

/** A timestamp field of a structured log record: epoch ms/s/ns numbers or date strings. */
export function timestampFromValue(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) {
    const ms = v > 1e17 ? v / 1e6 : v > 1e14 ? v / 1e3 : v > 1e11 ? v : v * 1000;
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  if (typeof v === 'string' && v) {
    // Epoch digits as a string (OTLP's *UnixNano): cut to milliseconds before converting, since
    // nanoseconds since 1970 do not fit a double exactly (…100250000000 would read as …100249).
    if (/^\d{13,19}$/.test(v)) return timestampFromValue(Number(v.length >= 18 ? v.slice(0, -6) : v.length >= 15 ? v.slice(0, -3) : v));
    const fromLine = timestampInLine(v);
    if (fromLine) return fromLine;
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  return null;
}
