/**
 * The ranges a record's numbers must lie in to be stored: the DuckDB column types of
 * record.schema.json (`x-duckdb`) and the schema's own minimums. The collector checks them when it
 * maps spans (a value outside is dropped and counted, or the span refused), and the analyzer's
 * store when it converts rows (a row outside is refused alone, never its batch).
 */

/** INTEGER columns (attempt, attempts, http_status): a signed 32-bit integer. */
export const INT32_MAX = 2_147_483_647;

/**
 * TIMESTAMP_MS columns (time): epoch milliseconds from 0 (the schema's minimum) to the end of
 * year 9999, well inside DuckDB's range and JavaScript's Date.
 */
export const TIME_MAX_MS = 253_402_300_799_999;

/** HTTP status codes a response can carry (RFC 9110 defines 100–599). */
export const HTTP_STATUS_MIN = 100;
export const HTTP_STATUS_MAX = 599;

/** An integer in [min, max]. */
export function isIntIn(v: number, min: number, max: number): boolean {
  return Number.isInteger(v) && v >= min && v <= max;
}

/** A finite number >= 0 (duration_ms, retry_after_ms, wait_ms: DOUBLE with minimum 0). */
export function isNonNegative(v: number): boolean {
  return Number.isFinite(v) && v >= 0;
}

/** A record time the store can hold: an integer number of epoch ms in [0, TIME_MAX_MS]. */
export function isStorableTime(v: number): boolean {
  return isIntIn(v, 0, TIME_MAX_MS);
}
