/**
 * Pulls the status, error type and inner message out of the many shapes an error arrives in:
 * JSON envelopes, the Python SDK's repr (`Error code: 400 - {'type': 'error', ...}`), the TS SDK's
 * `400 {"type":"error",...}`, SSE `event: error` payloads, Vertex `[{"error":{"code":429,...}}]`,
 * Bedrock `An error occurred (ThrottlingException) ...`, and JSON escaped inside JSON strings.
 * Regex based on purpose: no JSON.parse, so truncated or doubly-escaped envelopes still work.
 */

export interface Envelope {
  status: number | null;
  errorType: string | null;
  innerMessage: string | null;
  exceptionName: string | null;
}

// Quote of either kind, optionally preceded by backslashes (JSON inside a JSON string).
const Q = `\\\\*["']`;
const TYPE_RE = new RegExp(
  `${Q}type${Q}\\s*:\\s*${Q}((?:[a-z]+_)+error|overloaded_error|request_too_large|unprocessable_entity|request_timeout)${Q}`,
);
const MESSAGE_RE = new RegExp(`${Q}message${Q}\\s*:\\s*\\\\*(["'])(.*?)\\\\*\\1\\s*(?:[,}\\]]|$)`);
const VERTEX_STATUS_RE = /["']status\\*["']\s*:\s*\\*["']([A-Z_]{5,})\\*["']/;
const BEDROCK_RE = /An error occurred \((\w+)\) when calling the (\w+) operation(?: \([^)]*\))?:\s*([^\n]*)/;

// Status code patterns, tried in order. Only 4xx/5xx codes are accepted.
const STATUS_RES: RegExp[] = [
  /Error code:\s*(\d{3})\b/,
  /^\s*(?:[\w.$]*(?:Error|Exception)\s*:?\s*)?(?:API Error:?\s*\(?)?(\d{3})(?=[\s{[(:]|$)/,
  /\bAPI Error:?\s*\(?(\d{3})\b/,
  /\b(?:status(?:[ _-]?code)?|httpStatusCode|statusCode)\\*["']?\s*[:=]?\s*(\d{3})\b/i,
  /["']code\\*["']\s*:\s*(\d{3})\b/,
  /\bHTTP(?:\/[\d.]+)?\s+(\d{3})\b/,
  /\b(\d{3})\s+(?:Bad Request|Unauthorized|Forbidden|Not Found|Too Many Requests|Internal Server Error|Service Unavailable|Gateway Time-?out|Bad Gateway|Request Entity Too Large)\b/i,
];
const EXCEPTION_RE = /(?:^|[\s(])((?:[A-Za-z_$][\w$]*\.)*([A-Z][A-Za-z]*(?:Error|Exception|Timeout)))\b/;

export function parseStatusCode(text: string): number | null {
  for (const re of STATUS_RES) {
    const m = re.exec(text);
    if (m?.[1]) {
      const code = Number(m[1]);
      if (code >= 400 && code <= 599) return code;
    }
  }
  return null;
}

export function parseEnvelope(text: string): Envelope {
  const typeMatch = TYPE_RE.exec(text);
  const msgMatch = MESSAGE_RE.exec(text);
  const bedrock = BEDROCK_RE.exec(text);
  const vertex = typeMatch ? null : VERTEX_STATUS_RE.exec(text);
  const exc = EXCEPTION_RE.exec(text);
  let inner = msgMatch?.[2] ?? bedrock?.[3] ?? null;
  if (inner !== null && inner.includes('\\')) inner = inner.replace(/\\+(["'])/g, '$1').replace(/\\+n/g, ' ');
  return {
    status: parseStatusCode(text),
    errorType: typeMatch?.[1] ?? bedrock?.[1] ?? vertex?.[1] ?? null,
    innerMessage: inner,
    exceptionName: bedrock?.[1] ?? exc?.[2] ?? null,
  };
}
