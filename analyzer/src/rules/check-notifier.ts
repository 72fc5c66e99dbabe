/**
 * Checks that a notifier can deliver at all, on the values as they will be sent (after `${ENV}`
 * expansion): the URL, the header names and values, and the timeout. A notifier that fails these
 * would fail every notification, `max_attempts` times, so the file is refused instead (by
 * `rules check`, at start-up and on reload). Messages never repeat the URL or a header value:
 * they may hold secrets.
 */

/** Per-request timeout bounds: below 100 ms no receiver can answer; above 60 s one slow receiver holds up its queue. */
export const MIN_TIMEOUT_MS = 100;
export const MAX_TIMEOUT_MS = 60_000;

/** RFC 7230 `field-value`: visible characters, space and tab (and obs-text); no CR, LF, NUL or other controls. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Headers the HTTP client sets from the request itself; fetch() refuses most of them, so delivery would always fail. */
const CLIENT_HEADERS = new Set(['connection', 'content-length', 'expect', 'host', 'keep-alive', 'transfer-encoding', 'upgrade']);

/** Why `url` cannot be a notifier's URL, or undefined when it can. */
export function urlProblem(url: string): string | undefined {
  if (!/^https?:\/\/[^/]/i.test(url) || !URL.canParse(url)) return 'must be an http:// or https:// URL';
  const u = new URL(url);
  if (u.username !== '' || u.password !== '') {
    return 'must not contain user:password@ (fetch refuses credentials in a URL); send them in a header instead, e.g. headers: { Authorization: "Basic ${HOOK_CREDENTIALS}" }';
  }
  if (u.hostname === '') return 'must name a host';
  return undefined;
}

/** Header names are RFC 7230 tokens (rules.schema.json checks that); some of those are still not ours to set. */
export function headerNameProblem(name: string): string | undefined {
  return CLIENT_HEADERS.has(name.toLowerCase()) ? 'is set by the HTTP client and cannot be configured' : undefined;
}

export function headerValueProblem(value: string): string | undefined {
  if (HEADER_VALUE.test(value)) return undefined;
  return /[\r\n\0]/.test(value)
    ? 'must not contain CR, LF or NUL'
    : 'may contain only printable Latin-1 characters, spaces and tabs (no control characters)';
}

export function timeoutProblem(ms: number): string | undefined {
  if (ms >= MIN_TIMEOUT_MS && ms <= MAX_TIMEOUT_MS) return undefined;
  return `must be between ${MIN_TIMEOUT_MS}ms and ${MAX_TIMEOUT_MS / 1000}s`;
}
