/**
 * The status a line's own words give, where the classifier's status forms (parseStatusCode) do
 * not reach it: printed before a body or after the request's quoted URL, worded by an HTTP client
 * with its reason, an HTTP reason phrase standing as the whole message, a proxy's upstream status,
 * the head of Claude Code's UI line; and a record's own status, when it is an error's. Every regex
 * is linear: test/security/redos-static.test.ts reads them.
 */

import { UPSTREAM_STATUS_RE } from './prefilter.js';
import { UI_STATUS_RE } from './recognise.js';

/**
 * A status printed before a body (`RateLimitError: 429 {"type":…`), or after the quoted URL of the
 * request as the Go SDK prints its errors (`POST "https://api.anthropic.com/v1/messages": 529 …`).
 */
const BODY_STATUS_RE = /[\s:(]([45]\d\d) \{|\bhttps?:\/\/[^\s"\\]{1,200}\\?": ([45]\d\d)\b/;
/**
 * A status as HTTP clients word it with its reason, where the classifier's status forms do not
 * reach it: Python requests' `HTTPError` (`429 Client Error: Too Many Requests for url: …`, its
 * `raise_for_status` message, also after an app's own words) and Spring's `HttpStatus` name
 * (`Status: [400 BAD_REQUEST]`, `500 INTERNAL_SERVER_ERROR`). The status alone says whose
 * response it is no more than any status does: it counts with Claude context (the URL it names).
 */
const CLIENT_STATUS_RE = /\b([45]\d\d) (?:Client|Server) Error: [A-Z]|(?:^|[\s[(:])([45]\d\d) (?:[A-Z]{2,12}_){0,3}[A-Z]{5,20}\b(?![a-z(])/;
/**
 * An HTTP reason phrase standing as an error's whole message, the status text a fetch call throws
 * with (`Error: Claude API error: Not Found`, from `new Error(`… ${response.statusText}`)`), up to
 * the line's end, or the quote, field or ` | ` (a JSON record's next message, extract-json.ts)
 * that closes it in a logger's record: the status it names.
 * Like any status, it counts with Claude context.
 */
const REASON_ONLY_RE = /\b[Ee]rror:? (Bad Request|Unauthorized|Forbidden|Not Found|Request Entity Too Large|Payload Too Large|Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)\.?(?:\s{0,4}(?:$|\| )|\\?["'\]},])/;
const REASON_STATUS: Record<string, number> = {
  'Bad Request': 400,
  Unauthorized: 401,
  Forbidden: 403,
  'Not Found': 404,
  'Request Entity Too Large': 413,
  'Payload Too Large': 413,
  'Too Many Requests': 429,
  'Internal Server Error': 500,
  'Bad Gateway': 502,
  'Service Unavailable': 503,
  'Gateway Timeout': 504,
};

/** The status printed before a body or after the request's quoted URL, anywhere in the line (BODY_STATUS_RE). */
export function bodyStatus(line: string): number | null {
  const m = BODY_STATUS_RE.exec(line);
  return m ? Number(m[1] ?? m[2]) : null;
}

/** The status an HTTP client's exception words with its reason (CLIENT_STATUS_RE). */
export function clientStatus(line: string): number | null {
  const m = CLIENT_STATUS_RE.exec(line);
  return m ? Number(m[1] ?? m[2]) : null;
}

/** The status an error's message names by its reason phrase alone (REASON_ONLY_RE). */
export function reasonStatus(line: string): number | null {
  const m = REASON_ONLY_RE.exec(line);
  return m ? (REASON_STATUS[m[1]!] ?? null) : null;
}

/** The status a proxy says its upstream answered (prefilter.ts, UPSTREAM_STATUS_RE). */
export function upstreamStatus(line: string): number | null {
  const m = UPSTREAM_STATUS_RE.exec(line);
  return m ? Number(m[1]) : null;
}

/** The status at the head of Claude Code's UI line (recognise.ts, UI_STATUS_RE). */
export function uiStatus(line: string): number | null {
  const m = UI_STATUS_RE.exec(line);
  return m ? Number(m[1]) : null;
}

/** A status a record gives, when it is an HTTP error status (400 to 599). */
export function validStatus(s: number | null | undefined): number | null {
  return typeof s === 'number' && s >= 400 && s <= 599 ? s : null;
}
