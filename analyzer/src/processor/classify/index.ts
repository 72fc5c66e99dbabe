/**
 * Classifier: maps one error to its catalog entry (schemas/catalog.json). Pure and synchronous;
 * the regexes are compiled once at module load. Order of evidence, most specific first:
 *   1. message rules (catalog `match.patterns`, highest priority first, gated by status);
 *   2. the API error type (`overloaded_error`, `ThrottlingException`, `RESOURCE_EXHAUSTED`, ...);
 *   3. platform + status (Bedrock 429 = throttling), then the status alone;
 *   4. otherwise `unknown`, with a fingerprint that groups similar messages.
 */
import type { CatalogEntry } from '@claude-errors/schemas';
import { parseEnvelope, type Envelope } from './envelope.js';
import { fingerprintOf } from './fingerprint.js';
import { BY_ERROR_TYPE, BY_PLATFORM_STATUS, BY_STATUS, STATUS_BY_EXCEPTION } from './fallbacks.js';
import { catalogEntries, entriesById, ruleIndex } from './rules.js';

const BACKSLASHES = /\\+/g;

export interface ClassifyInput {
  status?: number | null | undefined;
  error_type?: string | null | undefined;
  message?: string | null | undefined;
  exception?: string | null | undefined;
  sdk?: string | null | undefined;
  platform?: string | null | undefined;
  attributes?: Record<string, unknown> | null | undefined;
}

export type MatchedBy = 'message' | 'error_type' | 'platform_status' | 'status' | 'none';

export interface ClassifyResult {
  catalog_id: string;
  /** 0..1: 0.95 message rule agreeing with the status, 0.85 message rule, 0.75 error type, 0.6 status, 0 unknown. */
  confidence: number;
  matched_by: MatchedBy;
  /** Template of the error message (ids, numbers, quoted values masked); null when there is no text. */
  fingerprint: string | null;
}

export type CatalogEntrySummary = Pick<CatalogEntry, 'id' | 'title' | 'status' | 'error_type' | 'fix'>;

/** The full catalog entry for an id (a superset of CatalogEntrySummary), or undefined. */
export function catalogEntry(id: string): CatalogEntry | undefined {
  return entriesById.get(id);
}

/** Every catalog entry, in file order. */
export function allCatalogEntries(): readonly CatalogEntry[] {
  return catalogEntries;
}

function effectiveStatus(input: ClassifyInput, env: Envelope | null): number | null {
  const s = input.status;
  if (typeof s === 'number' && s >= 400 && s <= 599) return s;
  if (env?.status != null) return env.status;
  const exc = input.exception ?? env?.exceptionName;
  if (exc) {
    const bare = exc.slice(exc.lastIndexOf('.') + 1);
    const fromExc = STATUS_BY_EXCEPTION[bare];
    if (fromExc !== undefined) return fromExc;
  }
  return null; // 2xx (an SSE error event after a 200), 0 or absent: no HTTP status to go by
}

function result(id: string, confidence: number, matchedBy: MatchedBy, text: string): ClassifyResult {
  return { catalog_id: id, confidence, matched_by: matchedBy, fingerprint: text ? fingerprintOf(text) : null };
}

export function classify(input: ClassifyInput): ClassifyResult {
  const message = input.message ?? '';
  const exception = input.exception ?? '';
  const env = message ? parseEnvelope(message) : null;
  const status = effectiveStatus(input, env);
  const errorType = input.error_type || env?.errorType || null;
  const text = env?.innerMessage || message || exception || errorType || '';

  // JSON escaped inside JSON (`\\"user\\"`) loses its backslashes so patterns see plain quotes.
  const raw = `${exception} ${errorType ?? ''} ${message}`;
  const haystack = raw.includes('\\') ? raw.replace(BACKSLASHES, '') : raw;
  for (const rule of ruleIndex.forStatus(status)) {
    if (rule.regex.test(haystack)) {
      const agrees = rule.entry.status === status;
      return result(rule.entry.id, agrees ? 0.95 : 0.85, 'message', text);
    }
  }
  const byType = errorType ? BY_ERROR_TYPE[errorType] : undefined;
  if (byType) return result(byType, 0.75, 'error_type', text);
  if (status !== null) {
    const platform = input.platform ? BY_PLATFORM_STATUS[input.platform] : undefined;
    const byPlatform = platform?.[status];
    if (byPlatform) return result(byPlatform, 0.7, 'platform_status', text);
    const byStatus = BY_STATUS[status];
    if (byStatus) return result(byStatus, 0.6, 'status', text);
  }
  return result('unknown', 0, 'none', text);
}
