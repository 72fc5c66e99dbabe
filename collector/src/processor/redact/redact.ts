import type { ErrorRecord } from '@claude-errors/schemas';

/**
 * Masks anything shaped like a credential before a record is stored or forwarded: Anthropic keys
 * (sk-ant-…), other sk- style secret keys, bearer tokens, AWS access key ids and x-api-key values
 * quoted in messages. Runs on every string field and on string values inside `attributes`.
 */
const PATTERNS: [RegExp, string][] = [
  [/sk-ant-[A-Za-z0-9_-]{6,}/g, 'sk-ant-[REDACTED]'],
  [/\bsk-[A-Za-z0-9_-]{20,}/g, 'sk-[REDACTED]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [REDACTED]'],
  [/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, '[REDACTED_AWS_KEY]'],
  [/(x-api-key|api[_-]?key|authorization)(["']?\s*[:=]\s*["']?)[^\s"',}]{6,}/gi, '$1$2[REDACTED]'],
];

// Cheap pre-check so the common case (no secret) costs one scan, not five regexes.
const MAYBE_SECRET = /sk-|bearer|basic|AKIA|ASIA|api[_-]?key|authorization/i;

export function redactString(s: string): string {
  if (!MAYBE_SECRET.test(s)) return s;
  let out = s;
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

const STRING_FIELDS = ['error_message', 'request_id', 'model', 'operation', 'service', 'exception_type', 'error_type'] as const;

export function redactRecord(r: ErrorRecord): ErrorRecord {
  for (const f of STRING_FIELDS) {
    const v = r[f];
    if (typeof v === 'string') (r as unknown as Record<string, unknown>)[f] = redactString(v);
  }
  if (r.attributes) r.attributes = redactValue(r.attributes) as Record<string, unknown>;
  return r;
}

function redactValue(v: unknown): unknown {
  if (typeof v === 'string') return redactString(v);
  if (Array.isArray(v)) return v.map(redactValue);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) out[k] = /authorization|api[_-]?key|cookie/i.test(k) ? '[REDACTED]' : redactValue(val);
    return out;
  }
  return v;
}
