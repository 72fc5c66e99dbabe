/**
 * Finds and classifies Claude API errors in blocks of log text. One regex pass (TRIGGER_RE) per
 * block finds candidate lines; only those are sliced, parsed (JSON records, OTLP exports) or read
 * as plain text (Python tracebacks, Node stack traces, framework log lines) and classified.
 * Line numbers are counted incrementally, so a block costs one pass plus work per hit.
 */
import { classify, catalogEntry, type ClassifyInput } from '../processor/classify/index.js';
import { extractFromRecord, type Extracted } from './extract-json.js';
import { extractFromOtlp, isOtlpDocument } from './extract-otlp.js';
import { CLAUDE_CONTEXT_RE, ERROR_MARKER_RE, FRAME_RE, TRIGGER_RE } from './prefilter.js';
import type { ReportBuilder } from './report.js';
import { timestampInLine } from './timestamp.js';

const MAX_LINE = 256 * 1024; // longer lines are truncated before parsing
const EVENT_LINES = 40; // how far a log event (timestamped line + continuation lines) is followed
const EVENT_CHARS = 8192;

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
 * line (a traceback, a stack trace). An event reports one error: when several of its lines
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
  /** Line number of the first line of the next block. */
  private lineBase = 1;
  /** Offset of the current block in the whole input (for event ids). */
  private blockBase = 0;
  private pending: Pending | null = null;

  constructor(
    private readonly file: string,
    private readonly report: ReportBuilder,
  ) {}

  get linesSeen(): number {
    return this.lineBase - 1;
  }

  /** `text` holds whole lines; the last one lacks its newline only at the end of input (`atEnd`). */
  scanBlock(text: string, atEnd = false): void {
    const re = new RegExp(TRIGGER_RE.source, 'g');
    let lineNo = this.lineBase;
    let counted = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const start = text.lastIndexOf('\n', m.index - 1) + 1;
      let end = text.indexOf('\n', m.index);
      if (end === -1) end = text.length;
      lineNo += countNewlines(text, counted, start);
      counted = start;
      this.handleLine(text, start, end, lineNo);
      if (end >= text.length) break;
      re.lastIndex = end + 1;
    }
    this.lineBase = lineNo + countNewlines(text, counted, text.length);
    if (atEnd && text.length && !text.endsWith('\n')) this.lineBase++; // final line without newline
    this.blockBase += text.length;
  }

  /** Counts the error of the last open event; call once at the end of the input. */
  finish(): void {
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
      if (doc !== undefined) return this.handleJson(doc, line, lineNo);
    }
    if (FRAME_RE.test(line) || isTracebackCode(text, start)) return;
    const input: ClassifyInput = { message: line.trim() };
    const own = timestampInLine(line);
    const eventStart = own ? start : this.eventStart(text, start);
    const ts = own ?? (eventStart === -1 ? null : timestampInLine(text.slice(eventStart, eventStart + 64)));
    const event = this.blockBase + (eventStart === -1 ? start : eventStart);
    this.count(input, ts, line, lineNo, event, () => this.eventHasContext(text, start, end, eventStart, line), ERROR_MARKER_RE.test(line));
  }

  private handleJson(doc: unknown, line: string, lineNo: number): void {
    if (isOtlpDocument(doc)) {
      for (const e of extractFromOtlp(doc)) this.countExtracted(e, line, lineNo, true, -1);
      return;
    }
    if (typeof doc === 'object' && doc !== null && !Array.isArray(doc)) {
      const e = extractFromRecord(doc as Record<string, unknown>);
      if (e.isError) this.countExtracted(e, line, lineNo, CLAUDE_CONTEXT_RE.test(line), this.blockBase + lineNo);
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
    const r = classify(input);
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
    this.finish();
    this.pending = found;
  }

  /** Start offset (in the block) of the timestamped line this continuation line belongs to, or -1. */
  private eventStart(text: string, start: number): number {
    let end = start - 1;
    for (let k = 0; k < EVENT_LINES && end > 0 && start - end < EVENT_CHARS; k++) {
      const s = text.lastIndexOf('\n', end - 1) + 1;
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
      if (timestampInLine(next)) return false;
      if (CLAUDE_CONTEXT_RE.test(next)) return true;
      pos = e + 1;
    }
    return false;
  }
}

function tryJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** True for the source-code line Python prints under a `File "...", line N` frame. */
function isTracebackCode(text: string, start: number): boolean {
  if (start === 0) return false;
  const prevStart = text.lastIndexOf('\n', start - 2) + 1;
  return /^\s*File "/.test(text.slice(prevStart, Math.min(start, prevStart + 16)));
}
