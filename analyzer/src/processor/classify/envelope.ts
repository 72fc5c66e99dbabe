/**
 * Pulls the status, error type and inner message out of the many shapes an error arrives in:
 * JSON envelopes, the Python SDK's repr (`Error code: 400 - {'type': 'error', ...}`), the TS SDK's
 * `400 {"type":"error",...}`, SSE `event: error` payloads, Vertex `[{"error":{"code":429,...}}]`,
 * Bedrock `An error occurred (ThrottlingException) ...`, and JSON escaped inside JSON strings.
 * Regex based on purpose: no JSON.parse, so truncated or doubly-escaped envelopes still work.
 * Each piece is parsed on demand: the hot path only needs the status.
 */

// Every regex here runs over untrusted text and is checked for super-linear backtracking
// (test/security/redos-static.test.ts) and timed on adversarial inputs (test/security/redos.test.ts):
// no two adjacent quantifiers may match the same characters (`\s*:?\s*` is written `(?:\s*:)?\s*`),
// and a regex starts with a literal, not with a run (`\\*"` would restart inside every run of
// backslashes), since the leading backslashes of a quote change nothing in what is captured.

// Quote of either kind, optionally preceded by backslashes (JSON inside a JSON string).
const Q = `\\\\*["']`;
const TYPE_RE = new RegExp(
  `["']type${Q}\\s*:\\s*${Q}((?:[a-z]+_)+error|overloaded_error|request_too_large|unprocessable_entity|request_timeout)${Q}`,
);
// Up to the opening quote of the message value; the value itself is read by innerMessage().
const MESSAGE_KEY_RE = new RegExp(`["']message${Q}\\s*:\\s*\\\\*(["'])`, 'g');
// error.details.error_code of the API's envelope (enforced_spend_limit_reached, …), a bounded value.
const ERROR_CODE_RE = new RegExp(`["']error_code${Q}\\s*:\\s*${Q}([a-z0-9_]{1,64})${Q}`);
const VERTEX_STATUS_RE = /["']status\\*["']\s*:\s*\\*["']([A-Z_]{5,})\\*["']/;
const BEDROCK_RE = /An error occurred \((\w+)\) when calling the (\w+) operation(?: \([^)]*\))?:\s*([^\n]*)/;
// A class name after its namespaces: `anthropic.RateLimitError`, Ruby's `RubyLLM::ServiceUnavailableError`,
// PHP's `Anthropic\Exceptions\…`.
const EXCEPTION_RE = /^\s*(?:[A-Za-z_$][\w$]*(?:\.|::|\\))*([A-Z][A-Za-z]*(?:Error|Exception|Timeout))\b/;

/**
 * Words that a match of these regexes holds at a word start (after a quote or a space), by parse:
 * a caller that has read the text's words (the rule gate, rules.ts) skips a parse none of whose
 * words occur, and gets the same null the parse would have returned.
 */
export const ENVELOPE_WORDS = {
  errorCode: ['error_code'], // ERROR_CODE_RE
  errorType: ['type', 'occurred', 'status'], // TYPE_RE, BEDROCK_RE, VERTEX_STATUS_RE
  innerMessage: ['message', 'occurred'], // MESSAGE_KEY_RE, BEDROCK_RE
} as const;
const ESCAPED_QUOTE_RE = /(?<!\\)\\+(["'])/g;
const ESCAPED_NEWLINE_RE = /(?<!\\)\\+n/g;

// Where a status code shows up, as alternatives of one regex (the leftmost wins). Only 4xx/5xx count.
// A status in square brackets after `Error` or `status` is how PHP frameworks print it (Prism's
// `Anthropic Error [400]: invalid_request_error - …`, Laravel AI's `request failed with status [400]`).
const STATUS_RE = new RegExp(
  [
    /Error(?: code)?:?\s*\[?(\d{3})\b/.source,
    /^\s*(?:[\w.$]*(?:Error|Exception)(?:\s*:)?\s*)?(?:API Error:?\s*\(?)?(\d{3})(?=[\s{[(:]|$)/.source,
    /\bAPI Error:?\s*\(?(\d{3})\b/.source,
    /\b(?:[Ss]tatus(?:[ _-]?[Cc]ode)?|httpStatusCode|statusCode)\\*["']?(?:\s*[:=])?\s*\[?(\d{3})\b/.source,
    /["']code\\*["']\s*:\s*(\d{3})\b/.source,
    /\bHTTP(?:\/[\d.]+)?\s+(\d{3})\b/.source,
    /\b(\d{3}):? (?:Bad Request|Unauthorized|Forbidden|Not Found|Too Many Requests|Internal Server Error|Service Unavailable|Gateway Time-?out|Bad Gateway|Request Entity Too Large)\b/
      .source,
  ].join('|'),
);

// What every alternative of STATUS_RE captures: three digits after no digit and before no word
// character. Most messages have no such number, and this scan costs a fraction of STATUS_RE's.
const THREE_DIGITS_RE = /(?<!\d)\d{3}\b/;

/**
 * Whether `text` has three digits that end a word and follow no digit: the word gate's
 * `statusNumber` (word-gate.ts) of a text, without its pass.
 */
export function hasStatusNumber(text: string): boolean {
  return THREE_DIGITS_RE.test(text);
}

export function parseStatusCode(text: string): number | null {
  return THREE_DIGITS_RE.test(text) ? statusCodeIn(text) : null;
}

/** parseStatusCode for a text already known to hold such a number (the rule gate says so: rules.ts). */
export function statusCodeIn(text: string): number | null {
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

/** `error.details.error_code` named in the text (an envelope printed into a message or a log line). */
export function parseErrorCode(text: string): string | null {
  return text.includes('error_code') ? (ERROR_CODE_RE.exec(text)?.[1] ?? null) : null;
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
  let inner = innerMessage(text) ?? BEDROCK_RE.exec(text)?.[3] ?? null;
  if (inner !== null && inner.includes('\\')) inner = inner.replace(ESCAPED_QUOTE_RE, '$1').replace(ESCAPED_NEWLINE_RE, ' ');
  return inner;
}

/**
 * The value of the first `"message": "…"` key whose value closes on its line: what
 * `/\\*["']message\\*["']\s*:\s*\\*(["'])(.*?)\\*\1\s*(?:[,}\]]|$)/` captures, without its cost (a
 * lazy `.*?` from every key to the end of the line is quadratic in keys per line). A key whose
 * value does not close on its line shows that no later key with the same quote closes before that
 * line end either, so each character is read a bounded number of times.
 */
function innerMessage(text: string): string | null {
  const noCloseBefore = { '"': -1, "'": -1 } as Record<string, number>;
  MESSAGE_KEY_RE.lastIndex = 0;
  for (let m = MESSAGE_KEY_RE.exec(text); m !== null; m = MESSAGE_KEY_RE.exec(text)) {
    const quote = m[1]!;
    const from = MESSAGE_KEY_RE.lastIndex;
    MESSAGE_KEY_RE.lastIndex = m.index + 1;
    if (from < noCloseBefore[quote]!) continue;
    const end = valueEnd(text, from, quote);
    if (typeof end === 'number') {
      let k = end;
      while (k > from && text.charCodeAt(k - 1) === 92) k--; // backslashes before the closing quote
      return text.slice(from, k);
    }
    noCloseBefore[quote] = end.lineEnd;
  }
  return null;
}

/** Index of the quote closing a value that starts at `from` (followed by `\s*` and `,` `}` `]` or the end), or where its line ends. */
function valueEnd(text: string, from: number, quote: string): number | { lineEnd: number } {
  const q = quote.charCodeAt(0);
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return { lineEnd: i };
    if (c === q && closesValue(text, i + 1)) return i;
  }
  return { lineEnd: text.length };
}

function closesValue(text: string, at: number): boolean {
  let i = at;
  while (i < text.length && WHITESPACE.test(text[i]!)) i++;
  if (i === text.length) return true;
  const c = text[i];
  return c === ',' || c === '}' || c === ']';
}

const WHITESPACE = /\s/;

/** A class name without its namespaces (`.`, Ruby's `::`, PHP's `\`): `RubyLLM::OverloadedError` -> OverloadedError. */
export function bareClassName(name: string): string {
  return name.slice(Math.max(name.lastIndexOf('.'), name.lastIndexOf(':'), name.lastIndexOf('\\')) + 1);
}

/** The bare class name the text starts with (`anthropic.RateLimitError: ...` -> RateLimitError). */
export function parseExceptionName(text: string): string | null {
  return EXCEPTION_RE.exec(text)?.[1] ?? null;
}
