/**
 * Pulls the status, error type and inner message out of the many shapes an error arrives in:
 * JSON envelopes, the Python SDK's repr (`Error code: 400 - {'type': 'error', ...}`), the TS SDK's
 * `400 {"type":"error",...}`, SSE `event: error` payloads, Vertex `[{"error":{"code":429,...}}]`,
 * Bedrock `An error occurred (ThrottlingException) ...`, and JSON escaped inside JSON strings.
 * Regex based on purpose: no JSON.parse, so truncated or doubly-escaped envelopes still work.
 * Each piece is parsed on demand: the hot path only needs the status.
 */

// Quote of either kind, optionally preceded by backslashes (JSON inside a JSON string).
const Q = `\\\\*["']`;
const TYPE_RE = new RegExp(
  `${Q}type${Q}\\s*:\\s*${Q}((?:[a-z]+_)+error|overloaded_error|request_too_large|unprocessable_entity|request_timeout)${Q}`,
);
const MESSAGE_RE = new RegExp(`${Q}message${Q}\\s*:\\s*\\\\*(["'])(.*?)\\\\*\\1\\s*(?:[,}\\]]|$)`);
const VERTEX_STATUS_RE = /["']status\\*["']\s*:\s*\\*["']([A-Z_]{5,})\\*["']/;
const BEDROCK_RE = /An error occurred \((\w+)\) when calling the (\w+) operation(?: \([^)]*\))?:\s*([^\n]*)/;
const EXCEPTION_RE = /^\s*(?:[A-Za-z_$][\w$]*\.)*([A-Z][A-Za-z]*(?:Error|Exception|Timeout))\b/;

// Where a status code shows up, as alternatives of one regex (the leftmost wins). Only 4xx/5xx count.
const STATUS_RE = new RegExp(
  [
    /Error code:\s*(\d{3})\b/.source,
    /^\s*(?:[\w.$]*(?:Error|Exception)\s*:?\s*)?(?:API Error:?\s*\(?)?(\d{3})(?=[\s{[(:]|$)/.source,
    /\bAPI Error:?\s*\(?(\d{3})\b/.source,
    /\b(?:[Ss]tatus(?:[ _-]?[Cc]ode)?|httpStatusCode|statusCode)\\*["']?\s*[:=]?\s*(\d{3})\b/.source,
    /["']code\\*["']\s*:\s*(\d{3})\b/.source,
    /\bHTTP(?:\/[\d.]+)?\s+(\d{3})\b/.source,
    /\b(\d{3}):? (?:Bad Request|Unauthorized|Forbidden|Not Found|Too Many Requests|Internal Server Error|Service Unavailable|Gateway Time-?out|Bad Gateway|Request Entity Too Large)\b/
      .source,
  ].join('|'),
);

export function parseStatusCode(text: string): number | null {
  const m = STATUS_RE.exec(text);
  if (!m) return null;
  for (let g = 1; g < m.length; g++) {
    const v = m[g];
    if (v !== undefined) {
      const code = Number(v);
      return code >= 400 && code <= 599 ? code : null;
    }
  }
  return null;
}

/** API error type (`rate_limit_error`), Bedrock exception or Vertex status named in the text. */
export function parseErrorType(text: string): string | null {
  const t = TYPE_RE.exec(text);
  if (t) return t[1] ?? null;
  const b = BEDROCK_RE.exec(text);
  if (b) return b[1] ?? null;
  return VERTEX_STATUS_RE.exec(text)?.[1] ?? null;
}

/** The human message inside an envelope, unescaped; null when there is no envelope. */
export function parseInnerMessage(text: string): string | null {
  const m = MESSAGE_RE.exec(text);
  let inner = m?.[2] ?? BEDROCK_RE.exec(text)?.[3] ?? null;
  if (inner !== null && inner.includes('\\')) inner = inner.replace(/\\+(["'])/g, '$1').replace(/\\+n/g, ' ');
  return inner;
}

/** The bare class name the text starts with (`anthropic.RateLimitError: ...` -> RateLimitError). */
export function parseExceptionName(text: string): string | null {
  return EXCEPTION_RE.exec(text)?.[1] ?? null;
}
