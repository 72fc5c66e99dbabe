/**
 * The project's one duration grammar: one or more `<number><unit>` parts, a number being digits
 * with an optional decimal fraction and a unit one of ms, s, m, h, d, w. Examples: `500ms`, `30s`,
 * `5m`, `1.5h`, `1h30m`, `7d`, `1w`, `1w2d`.
 *
 * Rules files (`schemas/rules.schema.json#/$defs/duration`, the same pattern), service options,
 * CLI flags (`--since`, `--duration`, `--timeout`), the API's relative times (`-24h`) and the
 * dashboard's range inputs all read durations here. Callers keep their own error messages, which
 * name the flag or field. This file has no Node.js dependency (the dashboard imports it too).
 */

/** Milliseconds per unit. */
export const DURATION_UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** The whole grammar; the same text as the rules schema's `duration` pattern (a test checks). */
export const DURATION_RE = /^([0-9]+(\.[0-9]+)?(ms|s|m|h|d|w))+$/;
const PART = /(?<![0-9.])([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d|w)/g; // starts only at the first digit of a number
const BARE_NUMBER = /^[0-9]+(\.[0-9]+)?$/;

export interface DurationOptions {
  /** A number without a unit counts in this unit (the demo's `--duration 60`); by default it is malformed. */
  bareNumberUnit?: 'ms' | 's';
}

/** Parses a duration (see above) into milliseconds; undefined if malformed or not finite. */
export function parseDuration(text: string, options: DurationOptions = {}): number | undefined {
  if (options.bareNumberUnit !== undefined && BARE_NUMBER.test(text)) return finite(Number(text) * (DURATION_UNITS_MS[options.bareNumberUnit] ?? 1));
  if (!DURATION_RE.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(PART)) total += Number(m[1]) * (DURATION_UNITS_MS[m[2] ?? ''] ?? 0);
  return finite(total);
}

function finite(ms: number): number | undefined {
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Formats milliseconds as the largest single unit that divides them, up to days (`90m`, `2h`, `7d`,
 * `1500ms`); parseDuration reads the result back to the same number.
 */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1_000]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
