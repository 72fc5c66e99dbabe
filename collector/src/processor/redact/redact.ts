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

/**
 * The same fields by name, for redactRecord: a loop over TEXT_FIELDS reads and writes
 * `record[name]` with another name each time, a keyed access V8 answers from its megamorphic
 * cache, several times slower than a named property of the records' few shapes. Checked against
 * the schema's list when this module loads, so a text field added to the schema is not skipped.
 */
const NAMED_TEXT_FIELDS = [
  'parent_span_id',
  'service',
  'source',
  'sdk',
  'sdk_version',
  'model',
  'operation',
  'error_type',
  'error_message',
  'exception_type',
  'request_id',
  'catalog_id',
  'fingerprint',
] as const;
type TextFields = { [K in (typeof NAMED_TEXT_FIELDS)[number]]: unknown } & { attributes: unknown };
if (NAMED_TEXT_FIELDS.join() !== TEXT_FIELDS.join() || JSON_FIELDS.join() !== 'attributes') {
  throw new Error(`redactRecord reads ${NAMED_TEXT_FIELDS.join()} and attributes, the record schema has ${TEXT_FIELDS.join()} and ${JSON_FIELDS.join()}`);
}

/** The redacted text of TEXT_FIELDS[i], or undefined when `v` is not a string or has nothing to mask. */
function scrubbed(i: number, v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  if (v !== lastIn[i]) {
    lastIn[i] = v;
    lastOut[i] = scrubSecrets(v);
  }
  const out = lastOut[i]!;
  return out === v ? undefined : out;
}

/** Redacts every string of the record in place (and returns it). */
export function redactRecord(r: ErrorRecord): ErrorRecord {
  const t = r as unknown as TextFields;
  // In NAMED_TEXT_FIELDS' order. A field is written back (by its name, rarely) only when it held a secret.
  const text = [t.parent_span_id, t.service, t.source, t.sdk, t.sdk_version, t.model, t.operation, t.error_type, t.error_message, t.exception_type, t.request_id, t.catalog_id, t.fingerprint];
  for (let i = 0; i < text.length; i++) {
    const s = scrubbed(i, text[i]);
    if (s !== undefined) t[NAMED_TEXT_FIELDS[i]!] = s;
  }
  const a = t.attributes;
  if (a !== null && typeof a === 'object') {
    const out = redactValue(a);
    if (out !== a) t.attributes = out;
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
