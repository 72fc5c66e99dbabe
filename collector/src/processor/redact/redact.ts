import { recordColumns, recordSchema, type ErrorRecord } from '@claude-errors/schemas';
import { isSecretName, scrubSecrets } from '@claude-errors/instrumentation-anthropic/scrub';

/**
 * Masks anything shaped like a credential before a record is stored or forwarded, with the one
 * scrubber every package shares (`scrubSecrets`, detectors listed in docs/collector.md#redaction).
 * It runs on every string of the record, whatever its field: messages, ids, service, SDK name and
 * version (taken from instrumentation scope names and versions), and inside `attributes` on
 * every key and every string value, at any depth. The value of an attribute whose key is
 * secret-like (`x-api-key`, `authorization`, `cookie`, `*_token`, …) is masked whole.
 */
export function redactString(s: string): string {
  return scrubSecrets(s);
}

const SECRET_VALUE = '[REDACTED:secret]';

/**
 * Every field of the record schema that holds text (VARCHAR columns) or JSON: the whole record,
 * not a chosen list (the schema allows no other properties). Read from the schema once, so the
 * hot path walks a fixed list instead of enumerating each record's keys. Left out are only the
 * fields the schema pins to an enum or to lower-case hex (kind, outcome, platform, trace_id,
 * span_id): the mappers build those from constants or check them against the same pattern, and
 * such a value cannot hold a secret.
 */
const PINNED = /^\^\[0-9a-f\]\{\d+\}\$$/;
const pinned = (name: string): boolean => {
  const p = recordSchema.properties[name] as unknown as { enum?: unknown; pattern?: string };
  return p.enum !== undefined || (p.pattern !== undefined && PINNED.test(p.pattern));
};
const TEXT_FIELDS = recordColumns.filter((c) => c.type === 'VARCHAR' && !pinned(c.name)).map((c) => c.name);
const JSON_FIELDS = recordColumns.filter((c) => c.type === 'JSON').map((c) => c.name);

/*
 * Strings repeat: the rows of one call, and the calls of one service and model, carry the same
 * service, model, operation and SDK strings one after another. Each text field remembers the
 * last string it saw and what that redacted to, so most strings are answered without a scan.
 */
const lastIn: (string | undefined)[] = TEXT_FIELDS.map(() => undefined);
const lastOut: string[] = TEXT_FIELDS.map(() => '');

/** Redacts every string of the record in place (and returns it). */
export function redactRecord(r: ErrorRecord): ErrorRecord {
  const fields = r as unknown as Record<string, unknown>;
  for (let i = 0; i < TEXT_FIELDS.length; i++) {
    const f = TEXT_FIELDS[i]!;
    const v = fields[f];
    if (typeof v !== 'string') continue;
    if (v !== lastIn[i]) {
      lastIn[i] = v;
      lastOut[i] = scrubSecrets(v);
    }
    if (lastOut[i] !== v) fields[f] = lastOut[i];
  }
  for (const f of JSON_FIELDS) {
    const v = fields[f];
    if (v !== null && typeof v === 'object') {
      const out = redactValue(v);
      if (out !== v) fields[f] = out;
    }
  }
  return r;
}

interface KeyVerdict {
  /** The key with any secret in it masked. */
  key: string;
  /** Whether the key's value is masked whole. */
  secretValue: boolean;
}

/** Per attribute key, remembered (attribute keys repeat; bounded). */
const keyVerdicts = new Map<string, KeyVerdict>();

function verdictFor(k: string): KeyVerdict {
  let verdict = keyVerdicts.get(k);
  if (verdict === undefined) {
    if (keyVerdicts.size >= 4096) keyVerdicts.clear();
    verdict = { key: scrubSecrets(k), secretValue: isSecretName(k) };
    keyVerdicts.set(k, verdict);
  }
  return verdict;
}

/**
 * The value with every key and string redacted and the value of every secret-like key masked.
 * Copies only what changes: an array or object none of whose entries changed is returned as it is
 * (the same JSON as a copy: own enumerable keys, in the same order).
 */
function redactValue(v: unknown): unknown {
  if (typeof v === 'string') return scrubSecrets(v);
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
    const verdict = verdictFor(k);
    const before = v[k];
    const after = verdict.secretValue && before !== null && before !== undefined ? SECRET_VALUE : redactValue(before);
    if (out === null && (after !== before || verdict.key !== k)) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]!] = v[keys[j]!];
    }
    if (out !== null) out[verdict.key] = after;
  }
  return out ?? v;
}
