/**
 * The event model of `analyze` (docs/analyze.md): one event is one failed API attempt or response.
 * The line scanner turns each line (or record, or error inside a record) that shows an error into
 * a Finding; EventMerger decides which findings are the same failure printed again and merges them:
 *
 * - the lines of one log event (a timestamped line and its traceback or stack),
 * - a finding and the next one when they are close (MERGE_GAP lines), agree (status, cause) and
 *   are printed differently (a status line and its body, an exception and the wrapper's re-raise,
 *   a chained traceback, the same failure logged by two loggers, a UI line and its JSON record),
 * - findings that carry the same request id within ID_WINDOW lines,
 * - a line that details the error above it (`cause: …`, `Connection error details: code=…`, an
 *   Elixir stack frame right under a frame of the same stack).
 *
 * Two findings printed the same way (same shape: the same logger or UI line again, digits aside)
 * are two failures: a retry banner per attempt, one log line per request. A line saying the client
 * retries closes its attempt: the next UI line, or the next line naming a cause in its own words, is
 * the next attempt. Several errors in one record (an array of
 * errors, a line naming distinct error bodies) are split before they get here and never merged.
 * Memory: one pending finding and at most MAX_IDS recent request ids.
 */

import { repeatsText } from './pasted-copy.js';

export type FindingKind = 'ui' | 'record' | 'text';

export interface Finding {
  /** First and last line of the finding (a wrapped body spans lines). */
  line: number;
  lineEnd: number;
  /** Log event id (offset of its timestamped line), -1 for an OTLP record (never merged). */
  event: number;
  kind: FindingKind;
  /** The line's prefix with digits masked: the same printer prints the same shape. */
  shape: string;
  /** A line saying the client retries (retry-line.ts: `… · Retrying in 4 seconds… (attempt 3/10)`, `retrying streaming (1/10)`). */
  banner: boolean;
  /** Index of this error among several split out of one line (0 for the first or only one). */
  split: number;
  /** A line that details the error above it (`cause: …`, `Connection error details: code=ETIMEDOUT`). */
  detail: boolean;
  /** A markdown heading (`### To reproduce`) lies between this finding and the one before it: another section of a report. */
  afterHeading: boolean;
  /** Every cause (catalog id) the merged findings named: a re-raise names one of them again. */
  causes: readonly string[];
  catalogId: string;
  guideId: string | null;
  rank: number;
  /** The cause was read from an error type or a status, not from the message's words. */
  weak: boolean;
  fingerprint: string | null;
  status: number | null;
  errorType: string | null;
  requestId: string | null;
  ts: string | null;
  /** Line and text of the finding that classified the event (the report's sample). */
  sampleLine: number;
  text: string;
}

/** Findings further apart than this many lines are never merged by proximity. */
export const MERGE_GAP = 24;
/** A request id seen again within this many lines is the same request. */
export const ID_WINDOW = 400;
const MAX_IDS = 256;
/** Two timestamped lines further apart in time than this are two failures. */
const SAME_TIME_MS = 2000;

/**
 * Whether two findings can be one failure: no status or cause in conflict. Two timestamped log
 * lines (each its own log event) must be logged within SAME_TIME_MS and agree on something
 * positive: the same known cause, or (when one of them names no cause) a status that does not
 * differ (an HTTP client's `400 Bad Request` and the app's error with the body).
 */
function compatible(p: Finding, f: Finding): boolean {
  if (p.status !== null && f.status !== null && p.status !== f.status) return false;
  const sameCause = f.catalogId !== 'unknown' && (p.causes.includes(f.catalogId) || (p.guideId !== null && p.guideId === f.guideId));
  if (p.ts !== null && f.ts !== null && p.event !== f.event) {
    if (Math.abs(Date.parse(f.ts) - Date.parse(p.ts)) > SAME_TIME_MS) return false;
    const noCause = p.catalogId === 'unknown' || f.catalogId === 'unknown';
    return sameCause || (noCause && (p.status === f.status || p.status === null || f.status === null));
  }
  // A cause read only from an exception name or a status does not conflict with the words of the line
  // beside it (Bedrock prints the message, then `name: ThrottlingException`).
  return sameCause || p.catalogId === 'unknown' || f.catalogId === 'unknown' || p.weak || f.weak;
}

export function canMerge(p: Finding, f: Finding): boolean {
  if (p.requestId !== null && f.requestId !== null) return p.requestId === f.requestId;
  if (f.split > 0) return false;
  if (f.event !== -1 && p.event === f.event) return true;
  if (f.event === -1 || p.event === -1) return false;
  if (f.line - p.lineEnd > MERGE_GAP) return false;
  // the same line pasted again under another heading of a report (each section of an issue
  // template quoting the error, the last copy cut where the paste ends) is the same failure
  if (f.afterHeading && repeatsText(p.text, f.text)) return true; // however it was pasted (pasted-copy.ts)
  if (f.detail) return p.status === null || f.status === null || p.status === f.status;
  // a line saying the client retries closes its attempt: the next line naming a cause in its own
  // words is the next attempt (Claude Code's --debug `Stream connection error (ECONNRESET) —
  // retrying streaming (1/10)`, then `Stream connection closed … finalizing partial response`);
  // a record (its Errors JSON below the banners) may retell one, a status alone may detail it
  if (p.banner && f.kind !== 'record' && !f.weak) return false;
  if (p.kind === 'ui' && f.kind === 'ui') return false; // a UI prints each failure once (wraps are joined before)
  if (p.kind === f.kind && p.shape === f.shape) return false;
  if (p.kind === 'record' && f.kind === 'record') return false;
  return compatible(p, f);
}

/** Keeps the more specific classification and the evidence either finding had. */
function merged(p: Finding, f: Finding): Finding {
  const best = f.rank > p.rank ? f : p;
  return {
    ...best,
    line: Math.min(p.line, f.line),
    lineEnd: Math.max(p.lineEnd, f.lineEnd),
    event: f.event,
    // a detail line does not change what printed the event: the next line of that printer is another failure
    kind: f.detail ? p.kind : f.kind,
    shape: f.detail ? p.shape : f.shape,
    banner: f.detail ? p.banner : f.banner,
    split: f.split,
    detail: false,
    afterHeading: false,
    weak: p.weak && f.weak,
    causes: p.causes.includes(f.catalogId) ? p.causes : [...p.causes, f.catalogId].slice(-8),
    status: p.status ?? f.status,
    errorType: best.errorType ?? p.errorType ?? f.errorType,
    requestId: p.requestId ?? f.requestId,
    ts: p.ts ?? f.ts,
  };
}

export class EventMerger {
  private pending: Finding | null = null;
  /** Request id -> the line it was last seen on (insertion order: oldest first). */
  private readonly recentIds = new Map<string, number>();

  constructor(private readonly emit: (f: Finding) => void) {}

  add(f: Finding): void {
    const p = this.pending;
    if (f.requestId !== null && p?.requestId !== f.requestId) {
      const seen = this.recentIds.get(f.requestId);
      if (seen !== undefined && f.line - seen <= ID_WINDOW) return this.remember(f.requestId, f.line); // the same request, printed again
    }
    if (p && canMerge(p, f)) {
      this.pending = merged(p, f);
      if (this.pending.requestId !== null) this.remember(this.pending.requestId, f.line);
      return;
    }
    this.flush();
    this.pending = f;
    if (f.requestId !== null) this.remember(f.requestId, f.line);
  }

  /** A UI finding is pending that ended on the line just above `line` (a line nested under it details it). */
  pendingUiAbove(line: number): boolean {
    return this.pending !== null && this.pending.kind === 'ui' && line - this.pending.lineEnd === 1;
  }

  /** A finding is pending that ended on the line just above `line` (a stack frame under a frame of the same stack). */
  pendingAbove(line: number): boolean {
    return this.pending !== null && line - this.pending.lineEnd === 1;
  }

  /** The last line of the pending finding, or null. */
  pendingEnd(): number | null {
    return this.pending?.lineEnd ?? null;
  }

  /** A finding is pending that ended at most MERGE_GAP lines before `line` (a detail line below it belongs to it). */
  pendingNear(line: number): boolean {
    return this.pending !== null && line - this.pending.lineEnd <= MERGE_GAP;
  }

  flush(): void {
    if (this.pending) this.emit(this.pending);
    this.pending = null;
  }

  private remember(id: string, line: number): void {
    this.recentIds.delete(id);
    this.recentIds.set(id, line);
    if (this.recentIds.size > MAX_IDS) this.recentIds.delete(this.recentIds.keys().next().value as string);
  }
}
