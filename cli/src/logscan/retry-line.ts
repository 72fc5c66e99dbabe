/** A Claude Code retry banner: `API Error (…) · Retrying in 4 seconds… (attempt 3/10)`, `✻ 529 Overloaded · Retrying in 24s · attempt 10/10`. */
export const BANNER_RE = /· Retrying in \d/;

/**
 * A line saying the client retries the request that failed: Claude Code's banner (BANNER_RE), or
 * a log line with the attempt's count (its --debug `Stream connection error (ECONNRESET) — retrying
 * streaming (1/10)`, a client's `retrying … attempt 2 of 5`). Such a line closes its attempt
 * (events.ts): the next error line the log prints in its own words is the next attempt.
 */
export const RETRY_LINE_RE = new RegExp(String.raw`${BANNER_RE.source}|\bretrying\b[^\n]{0,60}?(?:\(\d{1,3}\/\d{1,3}\)|\battempt \d{1,3}(?:\/| of )\d{1,3})`, 'i');
