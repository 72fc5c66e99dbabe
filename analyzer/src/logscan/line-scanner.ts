/**
 * Finds and classifies Claude API errors in blocks of log text. One regex pass (TRIGGER_RE) per
 * block finds candidate lines; only those are sliced, parsed (JSON records, OTLP exports) or read
 * as plain text (Python tracebacks, Node stack traces, framework log lines) and classified.
 * Line numbers are counted incrementally, so a block costs one pass plus work per hit.
 */
import { classify, catalogEntry, classifiedPrefix, type ClassifyInput } from '../processor/classify/index.js';
import { extractFromBatchResult } from './extract-batch.js';
import { extractFromRecord, type Extracted } from './extract-json.js';
import { extractFromOtlp, isOtlpDocument } from './extract-otlp.js';
import { CLAUDE_CONTEXT_RE, ERROR_MARKER_RE, FRAME_RE, TRIGGER_RE } from './prefilter.js';
import type { ReportBuilder } from './report.js';
import { timestampInLine } from './timestamp.js';

const MAX_LINE = 256 * 1024; // longer lines are truncated before parsing as JSON
// A text line (not JSON) is read only up to the classifier's prefix (CLASSIFY_PREFIX_CHARS, 4 KiB):
// the frame, timestamp and error-marker tests and the classifier all see at most that much of it.
const EVENT_LINES = 40; // how far a log event (timestamped line + continuation lines) is followed
const EVENT_CHARS = 8192;
const MAX_HOLD = 8 * 1024 * 1024; // longest unscanned text kept between blocks

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  let i = text.indexOf('\n', from);
  while (i !== -1 && i < to) {
    n++;
    i = text.indexOf('\n', i + 1);
  }
  return n;
}

/**
 * One log event is a timestamped line plus the lines that follow it up to the next timestamped
 * line or JSON record (a traceback, a stack trace). An event reports one error: when several of its lines
 * classify (the logger's message and the exception line of the traceback, or an SDK error and its
 * cause), the most specific classification is kept.
 */
interface Pending {
  event: number;
  catalogId: string;
  rank: number;
  fingerprint: string | null;
  ts: string | null;
  sample: { file: string; line: number; text: string };
}

export class LineScanner {
  /** Line number of the first unscanned line (at `scanned` in `carry`). */
  private lineBase = 1;
  /** Offset of `carry[0]` in the whole input (for event ids). */
  private blockBase = 0;
  /**
   * Text kept from earlier blocks: up to EVENT_CHARS of scanned lines (so a hit can look back to
   * its timestamped line) followed by the lines held back unscanned (so a hit can look ahead to
   * the frames below it). Log events cut by a block boundary are read as a whole.
   */
  private carry = '';
  /** Offset in `carry` where the unscanned text starts. */
  private scanned = 0;
  private pending: Pending | null = null;

  constructor(
    private readonly file: string,
    private readonly report: ReportBuilder,
  ) {}

  get linesSeen(): number {
    return this.lineBase - 1;
  }

  /** `text` is the next piece of the input, cut anywhere (lines are completed from the next piece); `atEnd` marks the last. */
  scanBlock(text: string, atEnd = false): void {
    const all = this.carry ? this.carry + text : text;
    const from = this.scanned;
    const until = atEnd ? all.length : holdBackFrom(all, from);
    const re = TRIGGER_RE;
    re.lastIndex = from;
    let lineNo = this.lineBase;
    let counted = from;
    let m: RegExpExecArray | null;
    while ((m = re.exec(all)) !== null && m.index < until) {
      const start = Math.max(from, all.lastIndexOf('\n', m.index - 1) + 1); // from: only past an over-long line
      let end = all.indexOf('\n', m.index);
      if (end === -1) end = all.length;
      lineNo += countNewlines(all, counted, start);
      counted = start;
      this.handleLine(all, start, end, lineNo);
      if (end >= all.length) break;
      re.lastIndex = end + 1;
    }
    this.lineBase = lineNo + countNewlines(all, counted, until);
    if (atEnd && until > from && !all.endsWith('\n')) this.lineBase++; // final line without newline
    // keep EVENT_CHARS of scanned text (from a line start) before the unscanned rest
    const keepFrom = until > EVENT_CHARS ? Math.max(0, all.lastIndexOf('\n', until - EVENT_CHARS) + 1) : 0;
    this.carry = atEnd ? '' : all.slice(keepFrom);
    this.scanned = atEnd ? 0 : until - keepFrom;
    this.blockBase += atEnd ? all.length : keepFrom;
  }

  /** Scans what is held back and counts the error of the last open event; call once at the end of the input. */
  finish(): void {
    if (this.carry.length > this.scanned) this.scanBlock('', true);
    this.carry = '';
    this.scanned = 0;
    this.flushPending();
  }

  private flushPending(): void {
    const p = this.pending;
    if (p) this.report.add(p.catalogId, p.fingerprint, p.ts, p.sample);
    this.pending = null;
  }

  private handleLine(text: string, start: number, end: number, lineNo: number): void {
    let line = text.slice(start, Math.min(end, start + MAX_LINE));
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const first = line.trimStart()[0];
    if (first === '{') {
      const doc = tryJson(line);
      if (doc !== undefined) return this.handleJson(doc, line, lineNo, start);
    }
    line = classifiedPrefix(line);
    if (FRAME_RE.test(line) || isTracebackCode(text, start)) return;
    const input: ClassifyInput = { message: line.trim() };
    const own = timestampInLine(line);
    const eventStart = own ? start : this.eventStart(text, start);
    const ts = own ?? (eventStart === -1 ? null : timestampInLine(text.slice(eventStart, eventStart + 64)));
    const event = this.blockBase + (eventStart === -1 ? start : eventStart);
    this.count(input, ts, line, lineNo, event, () => this.eventHasContext(text, start, end, eventStart, line), ERROR_MARKER_RE.test(line));
  }

  private handleJson(doc: unknown, line: string, lineNo: number, start: number): void {
    if (isOtlpDocument(doc)) {
      for (const e of extractFromOtlp(doc)) this.countExtracted(e, line, lineNo, true, -1);
      return;
    }
    const batch = extractFromBatchResult(doc); // a Message Batch results line: each errored one counts
    if (batch !== undefined) return batch.isError ? this.countExtracted(batch, line, lineNo, true, -1) : undefined;
    if (typeof doc === 'object' && doc !== null && !Array.isArray(doc)) {
      const e = extractFromRecord(doc as Record<string, unknown>);
      if (e.isError) this.countExtracted(e, line, lineNo, CLAUDE_CONTEXT_RE.test(line), this.blockBase + start);
    }
  }

  /** Records from an OTLP document (event -1: each one counts) or a JSON log record. */
  countExtracted(e: Extracted, line: string, lineNo: number, context: boolean, event: number): void {
    this.count(e.input, e.timestamp, line, lineNo, event, () => context, e.isError);
  }

  /**
   * Classifies one error. Errors named by the API (a message rule for an HTTP error, or an API
   * error type) always count; SDK-side and status-only matches, and unknown errors, count only
   * with Claude context in the same log event, so an unrelated ECONNRESET or 500 is ignored.
   */
  private count(
    input: ClassifyInput,
    ts: string | null,
    line: string,
    lineNo: number,
    event: number,
    context: () => boolean,
    errorish: boolean,
  ): void {
    const r = classify(input, errorish); // an unknown non-error line is dropped: no fingerprint needed
    const entry = catalogEntry(r.catalog_id);
    const apiNamed = (r.matched_by === 'message' && entry?.status != null) || r.matched_by === 'error_type';
    if (!apiNamed) {
      if (r.catalog_id === 'unknown' && !errorish) return;
      if (!context()) return;
    }
    const found: Pending = {
      event,
      catalogId: r.catalog_id,
      rank: r.catalog_id === 'unknown' ? -1 : (entry?.match?.priority ?? 0),
      fingerprint: r.fingerprint,
      ts,
      sample: { file: this.file, line: lineNo, text: line.trim() },
    };
    if (event === -1) return this.report.add(found.catalogId, found.fingerprint, found.ts, found.sample);
    const p = this.pending;
    if (p && p.event === event) {
      if (found.rank > p.rank) this.pending = found;
      return;
    }
    this.flushPending();
    this.pending = found;
  }

  /** Start offset (in the block) of the timestamped line this continuation line belongs to, or -1. */
  private eventStart(text: string, start: number): number {
    let end = start - 1;
    for (let k = 0; k < EVENT_LINES && end > 0 && start - end < EVENT_CHARS; k++) {
      const s = text.lastIndexOf('\n', end - 1) + 1;
      if (isJsonRecord(text, s)) return -1;
      if (timestampInLine(text.slice(s, Math.min(end, s + 64)))) return s;
      end = s - 1;
    }
    return -1;
  }

  /** Claude context anywhere in the log event around a hit (lines up to the next timestamped one). */
  private eventHasContext(text: string, start: number, end: number, eventStart: number, line: string): boolean {
    if (CLAUDE_CONTEXT_RE.test(line)) return true;
    if (eventStart !== -1 && CLAUDE_CONTEXT_RE.test(text.slice(eventStart, start))) return true;
    let pos = end + 1;
    for (let k = 0; k < EVENT_LINES && pos < text.length && pos - end < EVENT_CHARS; k++) {
      let e = text.indexOf('\n', pos);
      if (e === -1) e = text.length;
      const next = text.slice(pos, Math.min(e, pos + 512));
      if (isJsonRecord(next, 0) || timestampInLine(next)) return false;
      if (CLAUDE_CONTEXT_RE.test(next)) return true;
      pos = e + 1;
    }
    return false;
  }
}

/**
 * Where to stop scanning a block that is not the last: at the start of the line that begins
 * EVENT_CHARS before the end, so every scanned hit can look ahead a whole event. A run of text
 * without line breaks longer than MAX_HOLD is scanned anyway, to keep memory bounded.
 */
function holdBackFrom(all: string, from: number): number {
  const limit = all.length - EVENT_CHARS;
  if (limit <= from) return all.length - from > MAX_HOLD ? all.length : from;
  const lineStart = all.lastIndexOf('\n', limit - 1) + 1;
  if (lineStart > from) return lineStart;
  return all.length - from > MAX_HOLD ? all.length : from;
}

function tryJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/**
 * A line that starts with `{"` is a JSON log record: an event of its own, never the continuation
 * of a text event (Node's util.inspect prints `{ status: …`, Python's repr `{'type': …`).
 */
function isJsonRecord(text: string, start: number): boolean {
  return text.charCodeAt(start) === 123 && text.charCodeAt(start + 1) === 34;
}

/** True for the source-code line Python prints under a `File "...", line N` frame. */
function isTracebackCode(text: string, start: number): boolean {
  if (start === 0) return false;
  const prevStart = text.lastIndexOf('\n', start - 2) + 1;
  return /^\s*File "/.test(text.slice(prevStart, Math.min(start, prevStart + 16)));
}
