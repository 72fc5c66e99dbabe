/**
 * A line saying the client retries the request that failed: Claude Code's banner (`API Error (…) ·
 * Retrying in 4 seconds… (attempt 3/10)`), or a log line with the attempt's count (its --debug
 * `Stream connection error (ECONNRESET) — retrying streaming (1/10)`, a client's `retrying …
 * attempt 2 of 5`). Such a line closes its attempt (events.ts): the next error line the log prints
 * in its own words is the next attempt.
 */
export const RETRY_LINE_RE = /· Retrying in \d|\bretrying\b[^\n]{0,60}?(?:\(\d{1,3}\/\d{1,3}\)|\battempt \d{1,3}(?:\/| of )\d{1,3})/i;
