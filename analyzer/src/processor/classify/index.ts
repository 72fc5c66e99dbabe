/**
 * Classifier: maps one error to its catalog entry (schemas/catalog.json). Pure and synchronous;
 * the regexes are compiled once at module load. Order of evidence, most specific first:
 *   0. the API's `error.details.error_code` (catalog `match.error_codes`), given or in the message;
 *   1. message rules (catalog `match.patterns`, highest priority first, gated by status);
 *   2. the API error type (`overloaded_error`, `RESOURCE_EXHAUSTED`, ...), or an AWS exception or
 *      a Claude API error type named anywhere in the text (`ThrottlingException`, a bare
 *      `not_found_error`): the platform's name for a refusal, read only when the message's own
 *      words named no cause;
 *   3. cues (catalog `match.cues`, cues.ts): families of words from an entry's own vocabulary that
 *      co-occur (`api key` near `not set`), for wordings no pattern was written for, some only on
 *      the platforms they name (a Vertex client's `access token` `not found`); the result names the
 *      cue;
 *   4. platform + status (Bedrock 429 = throttling), then the status alone;
 *   5. otherwise `unknown`, with a fingerprint that groups similar messages.
 * Hot path: one status regex, one pass of the word gate, and the few candidate rule regexes.
 * Only the first CLASSIFY_PREFIX_CHARS of the message, exception and error type are read, so the
 * cost of one classification is bounded whatever the length of what a span or a log line carries.
 */
import { guideIdOf, type CatalogEntry } from '@claude-errors/schemas';
import { bareClassName, parseErrorCode, parseErrorType, parseExceptionName, parseInnerMessage, parseStatusCode, statusCodeIn } from './envelope.js';
import { fingerprintOf } from './fingerprint.js';
import { apiErrorTypeIn, awsExceptionIn, BY_ERROR_TYPE, BY_PLATFORM_STATUS, BY_STATUS, STATUS_BY_EXCEPTION } from './fallbacks.js';
import { catalogEntries, entriesById, ruleSet } from './rules.js';
import type { CompiledCue } from './cues.js';

export { fingerprintOf, parseErrorType, parseExceptionName, parseInnerMessage, parseStatusCode };

/**
 * How much of each text field the classifier reads (4 KiB): error messages name their cause in
 * the first few hundred characters (the longest message of the labelled corpora is ~600), and
 * every regex over the text is linear, so this bounds the work per error, not only its order.
 */
export const CLASSIFY_PREFIX_CHARS = 4096;

/** The first CLASSIFY_PREFIX_CHARS of `text`, not cutting a surrogate pair in two. */
export function classifiedPrefix(text: string): string {
  if (text.length <= CLASSIFY_PREFIX_CHARS) return text;
  const cut = CLASSIFY_PREFIX_CHARS - (isHighSurrogate(text.charCodeAt(CLASSIFY_PREFIX_CHARS - 1)) ? 1 : 0);
  return text.slice(0, cut);
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

export interface ClassifyInput {
  status?: number | null | undefined;
  /** `error.details.error_code` of the API's error body (attribute anthropic.error.code). */
  error_code?: string | null | undefined;
  error_type?: string | null | undefined;
  message?: string | null | undefined;
  exception?: string | null | undefined;
  /** The Anthropic SDK that sent the request (a record's `sdk`): the error is of a Claude API call (see CLAUDE_TIE). */
  sdk?: string | null | undefined;
  platform?: string | null | undefined;
  attributes?: Record<string, unknown> | null | undefined;
  /** True when the caller knows the error is of a request sent to a Claude API (a record of an instrumented call). */
  claude_call?: boolean | undefined;
}

/**
 * What an error known to be of a Claude API call (`claude_call`, or an SDK named) is read with: the
 * catalog's wordings that every HTTP client prints alike (a connection dropped, a body cut short) name
 * their row only when the text ties them to Claude (`anthropic`/`claude` before them), and another
 * vendor's rules only when it does not. A record of an instrumented call is that tie whatever its
 * message says.
 */
const CLAUDE_TIE = 'anthropic: ';

export type MatchedBy = 'error_code' | 'message' | 'error_type' | 'cue' | 'platform_status' | 'status' | 'none';

export interface ClassifyResult {
  catalog_id: string;
  /** The error guide's row this entry rolls up to (itself for a guide row; its `refines`), or null. */
  guide_id: string | null;
  /** 0..1: 0.98 error_code, 0.95 message rule agreeing with the status, 0.85 message rule, 0.75 error type, 0.72 cue, 0.7 platform+status, 0.6 status, 0 unknown. */
  confidence: number;
  matched_by: MatchedBy;
  /** Only when `matched_by` is `cue`: the name of the catalog cue whose words the message has. */
  cue?: string;
  /** For `unknown`: the message as a template (ids, numbers, quoted values masked). Null otherwise. */
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

/**
 * Every regex the message rules run, as the classifier compiled it (one per top-level alternative
 * of each catalog pattern, spaces loosened), with its entry: what the ReDoS checks read.
 */
export function ruleRegexes(): Array<{ id: string; regex: RegExp }> {
  return ruleSet.rules.flatMap((r) => r.alternatives.map((a) => ({ id: r.entry.id, regex: a.regex })));
}

/** HTTP status to classify with: given, else found in the message, else implied by an SDK class. */
function effectiveStatus(input: ClassifyInput, message: string, exception: string): number | null {
  const s = input.status;
  if (typeof s === 'number' && s >= 400 && s <= 599) return s;
  if (message && ruleSet.statusNumber) {
    const parsed = statusCodeIn(message);
    if (parsed !== null) return parsed;
  }
  const exc = exception || (message && ruleSet.mentions('statusException') ? parseExceptionName(message) : null);
  if (exc) {
    const fromExc = STATUS_BY_EXCEPTION[bareClassName(exc)];
    if (fromExc !== undefined) return fromExc;
  }
  return null; // 2xx (an SSE error event after a 200), 0 or absent: no HTTP status to go by
}

// Results for known entries carry no per-message data, so one frozen object per outcome is shared.
const OUTCOMES: ReadonlyArray<[number, MatchedBy]> = [
  [0.95, 'message'],
  [0.85, 'message'],
  [0.75, 'error_type'],
  [0.7, 'platform_status'],
  [0.6, 'status'],
  [0.98, 'error_code'],
];
const BY_ERROR_CODE_OUTCOME = 5;

/** error_code → entry, from the catalog's `match.error_codes`. */
const BY_ERROR_CODE = new Map<string, string>(catalogEntries.flatMap((e) => (e.match?.error_codes ?? []).map((code): [string, string] => [code, e.id])));

/** The error code given, recorded as an attribute, or printed in the message's envelope (only looked for when the scanned text mentions one). */
function errorCodeOf(input: ClassifyInput, message: string): string | null {
  if (input.error_code) return input.error_code;
  const attr = input.attributes?.['anthropic.error.code'];
  if (typeof attr === 'string' && attr) return attr;
  return message && ruleSet.mentions('errorCode') ? parseErrorCode(message) : null;
}
const knownResults = new Map<string, ClassifyResult[]>(
  catalogEntries.map((e) => [
    e.id,
    OUTCOMES.map(([confidence, matchedBy]) =>
      Object.freeze({ catalog_id: e.id, guide_id: guideIdOf(e.id), confidence, matched_by: matchedBy, fingerprint: null }),
    ),
  ]),
);
/** One frozen result per cue: what a classification by that cue returns. */
const cueResults = new Map<CompiledCue, ClassifyResult>(
  ruleSet.cues.map((c) => [c, Object.freeze({ catalog_id: c.entry.id, guide_id: guideIdOf(c.entry.id), confidence: 0.72, matched_by: 'cue' as const, cue: c.name, fingerprint: null })]),
);

/** outcome: index into OUTCOMES. */
function known(id: string, outcome: number): ClassifyResult {
  const r = knownResults.get(id)?.[outcome];
  if (!r) throw new Error(`catalog has no entry ${id}`);
  return r;
}

/**
 * `withFingerprint: false` leaves the fingerprint of an unknown error null, for callers that drop
 * unknown results anyway (the log scanner on non-error lines): the template is the costly part.
 * `bareTypes: false` skips a Claude API error type named bare in the text (step 2), for the log
 * scanner: in a log, documentation and code name the types (`overloaded_error` in prose, a handler)
 * without a failure, and the scanner reads a type only from a body or a field it parsed itself.
 */
export function classify(input: ClassifyInput, withFingerprint = true, bareTypes = true): ClassifyResult {
  const message = classifiedPrefix(input.message ?? '');
  const exception = classifiedPrefix(input.exception ?? '');
  const givenType = input.error_type ? classifiedPrefix(input.error_type) : input.error_type;
  // One pass of the word gate over everything the rules read: the exception, the error type and the message.
  const tie = input.claude_call === true || input.sdk ? CLAUDE_TIE : '';
  const raw = tie + (exception || givenType ? `${exception} ${givenType ?? ''} ${message}` : message);
  const haystack = ruleSet.scan(raw);
  const status = effectiveStatus(input, message, exception);

  // Structured evidence first: the API's own error code names the cause.
  const code = errorCodeOf(input, message);
  const byCode = code ? BY_ERROR_CODE.get(code) : undefined;
  if (byCode) return known(byCode, BY_ERROR_CODE_OUTCOME);

  const rule = ruleSet.matchScanned(haystack, status);
  if (rule) return known(rule.entry.id, rule.entry.status === status ? 0 : 1);

  const errorType =
    givenType ||
    (message && ruleSet.mentions('errorType') ? parseErrorType(message) : null) ||
    (ruleSet.mentions('awsException') ? awsExceptionIn(haystack) : null) ||
    (bareTypes && ruleSet.mentions('apiErrorType') ? apiErrorTypeIn(haystack) : null);
  const byType = errorType ? BY_ERROR_TYPE[errorType] : undefined;
  if (byType) return known(byType, 2);
  const cue = ruleSet.matchCue(haystack, status, input.platform || null);
  if (cue) return cueResults.get(cue)!;
  if (status !== null) {
    const byPlatform = input.platform ? BY_PLATFORM_STATUS[input.platform]?.[status] : undefined;
    if (byPlatform) return known(byPlatform, 3);
    const byStatus = BY_STATUS[status];
    if (byStatus) return known(byStatus, 4);
  }
  const text = (message && ruleSet.mentions('innerMessage') && parseInnerMessage(message)) || message || exception || errorType || '';
  return { catalog_id: 'unknown', guide_id: null, confidence: 0, matched_by: 'none', fingerprint: text && withFingerprint ? fingerprintOf(text) : null };
}
