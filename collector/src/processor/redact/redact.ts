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

/**
 * The last string seen in each of STRING_FIELDS and what it redacted to: the rows of one call,
 * and the calls of one service and model, carry the same service, model and operation strings
 * one after another, so most fields are answered without scanning them again.
 */
const lastIn: (string | undefined)[] = STRING_FIELDS.map(() => undefined);
const lastOut: string[] = STRING_FIELDS.map(() => '');

export function redactRecord(r: ErrorRecord): ErrorRecord {
  const fields = r as unknown as Record<string, unknown>;
  for (let i = 0; i < STRING_FIELDS.length; i++) {
    const f = STRING_FIELDS[i]!;
    const v = fields[f];
    if (typeof v !== 'string') continue;
    if (v !== lastIn[i]) {
      lastIn[i] = v;
      lastOut[i] = redactString(v);
    }
    fields[f] = lastOut[i];
  }
  if (r.attributes) r.attributes = redactValue(r.attributes) as Record<string, unknown>;
  return r;
}

const SENSITIVE_KEY = /authorization|api[_-]?key|cookie/i;
/** SENSITIVE_KEY.test per attribute key, remembered (attribute keys repeat; bounded). */
const sensitiveKeys = new Map<string, boolean>();

function isSensitiveKey(k: string): boolean {
  let sensitive = sensitiveKeys.get(k);
  if (sensitive === undefined) {
    if (sensitiveKeys.size >= 4096) sensitiveKeys.clear();
    sensitiveKeys.set(k, (sensitive = SENSITIVE_KEY.test(k)));
  }
  return sensitive;
}

/**
 * The value with every string redacted and the value of every sensitive key masked. Copies only
 * what changes: an array or object none of whose entries changed is returned as it is (the same
 * JSON as a copy: own enumerable keys, in the same order).
 */
function redactValue(v: unknown): unknown {
  if (typeof v === 'string') return redactString(v);
  if (Array.isArray(v)) return redactArray(v);
  if (v && typeof v === 'object') return redactObject(v as Record<string, unknown>);
  return v;
}

function redactArray(v: unknown[]): unknown[] {
  let out: unknown[] | null = null;
  for (let i = 0; i < v.length; i++) {
    const before = v[i];
    const after = redactValue(before);
    if (out === null && after !== before) out = v.slice(0, i);
    if (out !== null) out.push(after);
  }
  return out ?? v;
}

function redactObject(v: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(v);
  let out: Record<string, unknown> | null = null;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const before = v[k];
    const after = isSensitiveKey(k) ? '[REDACTED]' : redactValue(before);
    if (out === null && after !== before) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]!] = v[keys[j]!];
    }
    if (out !== null) out[k] = after;
  }
  return out ?? v;
}
