/**
 * Finds and classifies Claude API errors in blocks of log text. One regex pass (TRIGGER_RE) per
 * block finds candidate lines; only those are sliced, parsed (JSON records, OTLP exports) or read
 * as plain text (Python tracebacks, Node stack traces, framework log lines) and classified.
 * Line numbers are counted incrementally, so a block costs one pass plus work per hit.
 */
import { classify, catalogEntry, classifiedPrefix, parseErrorType, parseStatusCode, type ClassifyInput } from '@claude-errors/analyzer/classify';
import { hasAnsi, stripAnsi } from './ansi.js';
import { changeDescription } from './change-description.js';
import { EventMerger, type Finding, type FindingKind, MERGE_GAP } from './events.js';
import { extractFromBatchResult } from './extract-batch.js';
import { extractFromRecord, type Extracted } from './extract-json.js';
import { extractFromOtlp, isOtlpDocument } from './extract-otlp.js';
import { joinCutLine } from './cut-line.js';
import { detectWrapWidth, joinHardWrapped } from './hard-wrap.js';
import { messageValue, REPEAT_WINDOW, repeatsMessage } from './message-repeat.js';
import { noApiAttempt } from './no-api-attempt.js';
import { BANNER_RE, RETRY_LINE_RE } from './retry-line.js';
import { uiWordsQuotedInProse } from './quoted-ui-line.js';
import { detectLinePrefix, stripLinePrefix } from './line-prefix.js';
import { ShipperUnwrapper } from './shipper-json.js';
import { CLAUDE_CONTEXT_RE, ERROR_MARKER_RE, FRAME_RE, TRIGGER_LINE_RE, TRIGGER_RE } from './prefilter.js';
import type { ReportBuilder } from './report.js';
import {
  ANTHROPIC_MARK_RE,
  API_WORDS_RE,
  CLAUDE_NAME_RE,
  bodyOwnStatus,
  BRACKETED_API_ERROR_RE,
  CLAUDE_CODE_RE,
  CLAUDE_WORDS_RE,
  DETAIL_RE,
  ELIXIR_FRAME_RE,
  gatewayOwnError,
  requestIdIn,
  shapeOf,
  INFO_LEVEL_RE,
  OTHER_CLIENT_RE,
  otherServersBody,
  platformOf,
  QUOTED_API_WORDS_RE,
  qualifiedException,
  SDK_MARK_RE,
  SERVED_REQUEST_RE,
  SUCCESS_RE,
  TELEMETRY_RE,
  UI_SUBLINE_RE,
} from './recognise.js';
import { changeNote, describesOnly, namesOnly, testAssertion, unevidencedAccount } from './error-mentions.js';
import { claudeNamedAbove, providerNear } from './whose-api.js';
import { joinWrapped, unpad } from './wrapped-body.js';
import { ERRORS_ARRAY_RE, splitErrors } from './split-errors.js';
import { bodyStatus, clientStatus, reasonStatus, uiStatus, upstreamStatus, validStatus } from './line-status.js';
import { overloadedStatus } from './overloaded-status.js';
import { statusTableRow } from './status-table.js';
import { API_OWN_STATUS, sharedWordingIsClaude } from './shared-wording.js';
import { exampleFenced, headingAbove, insideFence } from './markdown-around.js';
import { EVENT_CHARS, eventHasContext, logEventStart, providerBelow } from './log-event.js';
import { startsLogEvent, timestampFromValue, timestampInLine } from './timestamp.js';

const MAX_LINE = 256 * 1024; // longer lines are truncated before parsing as JSON
// A text line (not JSON) is read only up to the classifier's prefix (CLASSIFY_PREFIX_CHARS, 4 KiB):
// the frame, timestamp and error-marker tests and the classifier all see at most that much of it.
const MAX_HOLD = 8 * 1024 * 1024; // longest unscanned text kept between blocks
/** A line that holds only the `{` opening a pretty-printed object, indented up to 12 columns. */
const OPEN_BRACE_LINE_RE = /^[ \t]{0,12}\{$/;
/** A line that starts like a key of a pretty-printed JSON object (`  "message": …`). */
const PRETTY_KEY_RE = /^\s{0,12}"[\w$@.-]{1,40}"\s?:/;
const ERRORS_TIME_RE = /"timestamp":"([^"]{10,40})"/;
const SPACES_RE = /\s{1,200}/g;
/** How much of an error line above a frame is read to find it. */
const CLASSIFY_LINE = 4096;
/** What a finding keeps of its line (the report's samples are 400 characters). */
const SAMPLE_KEEP = 1024;
/** The catalog's entry for a relay's own error in front of the API (its own envelope, its own status). */
const RELAY_ENTRY = 'relay-error';

/**
 * The exceptions every AWS service answers with (`ThrottlingException`, `ValidationException`,
 * `AccessDeniedException`, …), named with no status (`causing ThrottlingException`): Bedrock's
 * only with Bedrock or Claude in the log event, or Bedrock's own wording in the message (botocore
 * naming a Bedrock Runtime operation, even with `operation` wrapped to the next line; its
 * throttling's `please wait before trying again`, the model's refusal it passes on, its model and
 * profile checks, the Messages API's request fields).
 */
const AWS_SHARED_EXCEPTION_RE = /\b(?:throttling|validation|accessdenied|serviceunavailable|internalserver|servicequotaexceeded|resourcenotfound)exception\b/i;
const BEDROCK_WORDING_RE = /when calling the (?:InvokeModel|Converse)|please wait before trying again|model returned the following error|Malformed input request|on-demand throughput|inference profile|model identifier|access to the model|invoke this API operation|\bmessages(?:\.\d|:)|tool_(?:use|result)|max_tokens|anthropic_version/i;
/** A JSON object quoted in a line (`… failed: {"message":"Requests rate limit exceeded"}`), and a `type` key anywhere in it. */
const UNTYPED_BODY_RE = /\{\\{0,4}"\w{1,40}\\{0,4}":/;
const TYPED_RE = /["']type\\{0,4}["']\s?:/;
/** Claude or Anthropic by name, not Claude Code's (a client pointed at other providers through its base URL). */
const CLAUDE_MODEL_NAME_RE = /anthropic|claude(?![ -]code\b)/i;

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
 * line or JSON record (a traceback, a stack trace). Each line of it that shows an error is a
 * finding; EventMerger (events.ts) merges the findings of one failure into one event and keeps
 * the most specific classification.
 */
interface Hit {
  kind: FindingKind;
  line: string;
  lineNo: number;
  lineEnd: number;
  event: number;
  ts: string | null;
  split: number;
  /** A line that details the error above it (`cause: …`, a line nested under a UI line). */
  detail: boolean;
  /** Claude context: the event names Claude, or the format is a Claude tool's own. */
  context: () => boolean;
  /**
   * Claude by name in the event (not a platform's word: Vertex serves Google's models too), or a
   * Claude tool's own format; when absent, `context`.
   */
  named?: () => boolean;
  /** Claude by name in the event, not as the client (Claude Code's name and lines are not it); when absent, `named`. */
  byName?: () => boolean;
  /**
   * Claude context tied to the failing request (sharedWordingIsClaude): the hit's line, its log
   * event's lines above it, and the paragraph below it (up to a blank line, a code fence or a
   * heading: log-event.ts PARAGRAPH_END_RE), not what the paste says after it (another model tried, a settings
   * section); when absent, `context` (a record or a pretty-printed body is its own event).
   */
  tied?: () => boolean;
  /** Another provider's error, or telemetry: never counted. */
  foreign: () => boolean;
  errorish: boolean;
  /** A markdown heading lies between the hit and the pending finding above it (events.ts, `afterHeading`). */
  afterHeading?: () => boolean;
  /** Prose that names errors (error-mentions.ts namesOnly): a failure only where it quotes the API's own sentence. */
  mention?: boolean;
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
  /** Absolute offset up to which lines were read as the wrapped body of an earlier hit. */
  private consumedTo = 0;
  /** Absolute offset of the last line read as a possible error (not a frame). */
  private lastHead = -1;
  private readonly merger: EventMerger;
  /** The prefix a log shipper put on every line (line-prefix.ts): decided on the first block, null for none. */
  private prefix: RegExp | null | undefined = undefined;
  /** A shipper's JSON record around every line (shipper-json.ts): decided on the first block. */
  private readonly shipper = new ShipperUnwrapper();
  /** Whether the input has colour codes (ansi.ts): decided on the first block. */
  private ansi: boolean | undefined = undefined;
  /** The width a terminal cut the input's lines at (hard-wrap.ts): decided on the first block, null for none. */
  private wrapWidth: number | null | undefined = undefined;
  /** The last `"message": "…"` line read, decoded (message-repeat.ts). */
  private lastMessage: { lineNo: number; value: string } | null = null;
  /** Whether the next block begins a line. */
  private atLineStart = true;
  /** Whether the text being scanned holds a markdown code fence (exampleFenced is looked for only then). */
  private fenced = false;

  constructor(
    private readonly file: string,
    private readonly report: ReportBuilder,
  ) {
    this.merger = new EventMerger((f) => this.emit(f));
  }

  get linesSeen(): number {
    return this.lineBase - 1;
  }

  /**
   * `raw` is the next piece of the input, cut anywhere (lines are completed from the next piece);
   * `atEnd` marks the last. A shipper's JSON record around every line (shipper-json.ts), colour
   * codes (ansi.ts) and a log shipper's prefix on every line (line-prefix.ts) are removed first.
   */
  scanBlock(piece: string, atEnd = false): void {
    const raw = this.shipper.push(piece, atEnd);
    if (this.ansi === undefined && raw) this.ansi = hasAnsi(raw);
    const input = this.ansi ? stripAnsi(raw) : raw;
    if (this.prefix === undefined && input) this.prefix = detectLinePrefix(input);
    if (this.wrapWidth === undefined && input) this.wrapWidth = detectWrapWidth(this.prefix ? stripLinePrefix(input, this.prefix, true) : input);
    const text = this.prefix ? stripLinePrefix(input, this.prefix, this.atLineStart) : input;
    if (input) this.atLineStart = input.endsWith('\n');
    const all = this.carry ? this.carry + text : text;
    this.fenced = all.includes('```') || all.includes('~~~');
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
    if (this.carry.length > this.scanned || this.shipper.pending) this.scanBlock('', true);
    this.carry = '';
    this.scanned = 0;
    this.merger.flush();
  }

  private emit(f: Finding): void {
    this.report.add(f.catalogId, f.fingerprint, f.ts, { file: this.file, line: f.sampleLine, text: f.text });
    this.report.addEvent({
      file: this.file,
      line: f.line,
      line_end: f.lineEnd,
      time: f.ts,
      request_id: f.requestId,
      status: f.status,
      error_type: f.errorType,
      catalog_id: f.catalogId,
      guide_id: f.guideId,
      text: f.text,
    });
  }

  private handleLine(text: string, start: number, end: number, lineNo: number): void {
    if (this.blockBase + start < this.consumedTo) return; // read already, as the wrapped body of the hit above
    // a fenced block the prose above introduces as an example shows a shape, not a failure
    if (this.fenced && exampleFenced(text, start)) return;
    let line = text.slice(start, Math.min(end, start + MAX_LINE));
    if (line.endsWith('\r')) line = line.slice(0, -1);
    let cut = 0; // lines of a line the terminal cut at its width (hard-wrap.ts), beyond the first
    if (this.wrapWidth) {
      const h = joinHardWrapped(text, start, end, this.wrapWidth, Math.max(0, this.consumedTo - this.blockBase, this.lastHead - this.blockBase + 1));
      if (h) {
        [start, end, lineNo, cut, line] = [h.start, h.end, lineNo - h.above, h.above + h.lines, h.joined.slice(0, MAX_LINE)];
        this.consumedTo = this.blockBase + h.end;
      }
    }
    // one line cut once at the margin: the piece leaves a quote or a bracket open, the next closes it (cut-line.ts)
    if (cut === 0) {
      const c = joinCutLine(text, start, end, Math.max(0, this.consumedTo - this.blockBase, this.lastHead - this.blockBase + 1));
      if (c) {
        [start, end, lineNo, cut, line] = [c.start, c.end, lineNo - c.above, 1, c.joined.slice(0, MAX_LINE)];
        this.consumedTo = this.blockBase + c.end;
      }
    }
    const first = line.trimStart()[0];
    if (first === '{') {
      const doc = tryJson(line);
      if (doc !== undefined) return this.handleJson(doc, line, lineNo, start);
    }
    if (FRAME_RE.test(line)) return this.handleFrame(text, start, lineNo, line);
    if (isTracebackCode(text, start)) return;
    this.lastHead = this.blockBase + start;
    if (PRETTY_KEY_RE.test(line) && this.handlePrettyJson(text, start, lineNo)) return;
    // an Errors array is one JSON line (its errors' own lines escaped), and so is a `"message": "…"`
    // line whose string closes on it (message-repeat.ts): the lines below are not their own
    const value = messageValue(line);
    const wrap = value !== null || ERRORS_ARRAY_RE.test(line) ? { joined: line, end, lines: 0 } : joinWrapped(text, line, end);
    if (wrap.lines > 0) this.consumedTo = this.blockBase + wrap.end;
    const full = unpad(wrap.joined); // up to MAX_LINE: an Errors array or a proxy's error holds many errors
    line = classifiedPrefix(full);
    if (value !== null) this.lastMessage = { lineNo, value };
    // a stack's head that repeats the message printed above it details that failure
    const repeat = this.lastMessage !== null && value === null && lineNo - this.lastMessage.lineNo <= REPEAT_WINDOW && repeatsMessage(line, this.lastMessage.value);
    const ownTs = timestampInLine(line);
    const ownStart = ownTs !== null || startsLogEvent(line);
    const eventStart = ownStart ? start : logEventStart(text, start);
    const ts = ownTs ?? (eventStart === -1 ? null : timestampInLine(text.slice(eventStart, eventStart + 64)));
    const event = this.blockBase + (eventStart === -1 ? start : eventStart);
    const from = ownStart ? start : eventStart !== -1 ? eventStart : Math.max(0, start - 4096);
    const foreign = (): boolean => {
      if (TELEMETRY_RE.test(line)) return true;
      const near = providerNear(text, start, line, from);
      return near === 'other' || (near === null && providerBelow(text, end) === 'other');
    };
    const errorsArray = ERRORS_ARRAY_RE.test(line);
    // Claude Code's own line; the bracketed `[API Error: …]` is another CLI's (BRACKETED_API_ERROR_RE)
    const ui = CLAUDE_CODE_RE.test(line) && !BRACKETED_API_ERROR_RE.test(line);
    // a line nested under a UI line (its cause) details that failure rather than reporting another
    const uiDetail = UI_SUBLINE_RE.test(line) && !BANNER_RE.test(line) && this.merger.pendingUiAbove(lineNo);
    const detailOf = (DETAIL_RE.test(line) && this.merger.pendingNear(lineNo)) || uiDetail; // a detail of the error above has its context
    // the line is Claude's by its own form: Claude Code's line, its Errors array, a detail of the error above, the API's marks
    const marked = (): boolean => ui || errorsArray || detailOf || ANTHROPIC_MARK_RE.test(line);
    const context = (): boolean => marked() || eventHasContext(text, start, end, eventStart, line);
    const tied = (): boolean => marked() || eventHasContext(text, start, end, eventStart, line, CLAUDE_CONTEXT_RE, true);
    const named = (): boolean => marked() || eventHasContext(text, start, end, eventStart, line, CLAUDE_NAME_RE) || claudeNamedAbove(text, start, from);
    // Claude by name, not as the client (Claude Code's name or its own lines: it serves other providers' models too)
    const byName = (): boolean => ANTHROPIC_MARK_RE.test(line) || eventHasContext(text, start, end, eventStart, line, CLAUDE_MODEL_NAME_RE) || claudeNamedAbove(text, start, from);
    const afterHeading = (): boolean => {
      const above = this.merger.pendingEnd();
      return above !== null && above < lineNo && lineNo - above <= MERGE_GAP && headingAbove(text, start, lineNo - above - 1);
    };
    // Claude Code's words quoted in a sentence are someone's account of a failure, not its line (quoted-ui-line.ts)
    const kind: FindingKind = errorsArray ? 'record' : ui && !uiWordsQuotedInProse(line) ? 'ui' : 'text';
    // code, a change note or a change's description, or a test's failed assertion that names an error
    // prints no failure, and nor does markdown prose (namesOnly); a fenced paste is output
    if (kind !== 'record' && (changeNote(full) || changeDescription(full) || testAssertion(full))) return;
    const names = kind !== 'record' ? namesOnly(full) : null;
    if (names === 'code') return;
    // a row of a markdown table of statuses lists them; a fenced paste is output (status-table.ts)
    if (kind === 'text' && statusTableRow(text, start, full) && !insideFence(text, start)) return;
    const mention = names === 'prose' && !insideFence(text, start);
    // a first-person account with none of the API's evidence tells of a failure in the writer's words; a fenced paste is output
    if (kind === 'text' && unevidencedAccount(full) && !insideFence(text, start)) return;
    const parts = splitErrors(full);
    for (let i = 0; i < parts.length; i++) {
      const part = classifiedPrefix(parts[i]!);
      const partTs = errorsArray ? (timestampFromValue(ERRORS_TIME_RE.exec(part)?.[1]) ?? ts) : ts;
      this.consider({ message: part.trim() }, { kind, line: part, lineNo, lineEnd: lineNo + cut + wrap.lines, event, ts: partTs, split: i, detail: uiDetail || repeat || DETAIL_RE.test(part) || (ELIXIR_FRAME_RE.test(part) && this.merger.pendingAbove(lineNo)), context, named, byName, tied, foreign, errorish: ERROR_MARKER_RE.test(part), afterHeading, mention });
    }
  }

  /**
   * A stack frame in Claude's SDK (`at Anthropic.makeRequest (…/@anthropic-ai/sdk/…)`) under an
   * error line that named no trigger word (`Error: Connection error.`): the error line is the
   * finding. Frames are never findings themselves; the error line is read once.
   */
  private handleFrame(text: string, start: number, lineNo: number, line: string): void {
    if (PY_FRAME_RE.test(line)) return this.handlePythonFrame(text, start, lineNo, line);
    if (!CLAUDE_WORDS_RE.test(line)) return;
    let s = start;
    for (let k = 1; k <= 40 && s > 0; k++) {
      s = text.lastIndexOf('\n', s - 2) + 1;
      if (this.blockBase + s <= this.lastHead) return; // that error line was read already
      const head = lineHead(text, s, CLASSIFY_LINE);
      if (FRAME_RE.test(head)) continue;
      if (!head.trim()) return;
      let end = text.indexOf('\n', s);
      if (end === -1) end = text.length;
      return this.handleLine(text, s, end, lineNo - k);
    }
  }

  /**
   * A Python traceback's frame in a module named for Claude's API (the SDK's own files, an app's
   * `adapters/anthropic_adapter.py`, `langchain_anthropic`) above an exception line that names no
   * trigger word (`unillm.exceptions.ServerError: Server error: Overloaded`): Python prints the
   * exception below its frames, so that line is the finding, read with the frame as its context.
   * Frames of Vertex or Bedrock modules do not count: those platforms serve other models too.
   */
  private handlePythonFrame(text: string, start: number, lineNo: number, line: string): void {
    if (!CLAUDE_NAME_RE.test(line)) return;
    // the exception line is less indented than the frames (a traceback indented as a whole too)
    const indent = line.length - line.trimStart().length;
    let s = text.indexOf('\n', start);
    for (let k = 1; k <= PY_FRAMES_BELOW && s !== -1 && s + 1 < text.length; k++) {
      const from = s + 1;
      s = text.indexOf('\n', from);
      const end = s === -1 ? text.length : s;
      const head = lineHead(text, from, CLASSIFY_LINE);
      if (!head.trim()) return;
      // the frames below it, their source lines (indented deeper) and their carets
      if (FRAME_RE.test(head) || head.length - head.trimStart().length >= indent) continue;
      // a line with a trigger word is read when the scan reaches it; a line read already is not read again
      if (TRIGGER_LINE_RE.test(head) || this.blockBase + from < this.consumedTo) return;
      this.handleLine(text, from, end, lineNo + k);
      this.consumedTo = Math.max(this.consumedTo, this.blockBase + end);
      return;
    }
  }

  /**
   * A line inside a pretty-printed JSON object (an error body or an SDK error pasted as JSON):
   * the object, from its `{` line (up to 16 lines above) to its closing `}` line (up to 56 lines
   * on), is read as one record. Returns false when the line is not inside one that parses.
   */
  private handlePrettyJson(text: string, start: number, lineNo: number): boolean {
    // the object's `{` and `}` lines share its indentation (a paste indented as a code block, a quote)
    let open = -1;
    let indent = '';
    let above = 0;
    for (let s = start; above < 16 && s > 0; ) {
      s = text.lastIndexOf('\n', s - 2) + 1;
      above++;
      const head = lineHead(text, s, 24).trimEnd();
      if (head.endsWith('{') && OPEN_BRACE_LINE_RE.test(head)) {
        open = s;
        indent = head.slice(0, -1);
        break;
      }
    }
    if (open === -1 || this.blockBase + open < this.consumedTo) return false;
    const close = `${indent}}`;
    let pos = open;
    for (let k = 0; k < 56 && pos < text.length; k++) {
      const nl = text.indexOf('\n', pos);
      const lineEnd = nl === -1 ? text.length : nl;
      if (pos > open && lineHead(text, pos, close.length + 4).trimEnd() === close) {
        const doc = tryJson(text.slice(open, lineEnd));
        if (doc !== undefined && (typeof doc !== 'object' || doc === null || Array.isArray(doc))) return false;
        this.consumedTo = this.blockBase + lineEnd;
        const body = text.slice(open, lineEnd).replace(SPACES_RE, ' ');
        // an object that does not parse (a stray brace, a trailing comma, an edit in the issue) is read as one text line
        const e = doc === undefined ? { input: { message: body }, isError: ERROR_MARKER_RE.test(body), timestamp: null } : extractFromRecord(doc as Record<string, unknown>);
        if (e.isError) {
          const first = lineNo - above;
          const context = CLAUDE_WORDS_RE.test(body) || ANTHROPIC_MARK_RE.test(body);
          const foreign = (): boolean => TELEMETRY_RE.test(body) || providerNear(text, open, body) === 'other';
          this.consider(e.input, { kind: doc === undefined ? 'text' : 'record', line: body, lineNo: first, lineEnd: first + k, event: this.blockBase + open, ts: e.timestamp, split: 0, detail: false, context: () => context, named: () => CLAUDE_NAME_RE.test(body), foreign, errorish: true });
        }
        return true;
      }
      if (nl === -1) return false;
      pos = nl + 1;
    }
    return false;
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
      // a warning (a retry wrapper's failed attempt) counts as a text line would: by its evidence
      if (!e.isError && !e.isWarning) return;
      const message = e.input.message ?? '';
      const foreign = (): boolean => TELEMETRY_RE.test(message) || providerNear(line, 0, line) === 'other';
      // a record's message is read as a text line is: the SDKs' own messages and Claude Code's own
      // wording in it are Claude context, whichever logger printed it (the API's envelope and request
      // ids are not, yet: docs/analyze.md, Accuracy)
      // so are Claude Code's Errors array in it, and the distinct error bodies it holds (one event each)
      const context = (): boolean => CLAUDE_WORDS_RE.test(line) || SDK_MARK_RE.test(line) || CLAUDE_CODE_RE.test(message) || ERRORS_ARRAY_RE.test(message);
      const parts = splitErrors(message);
      for (let i = 0; i < parts.length; i++) {
        // each body reads its own status and type, as in a text line: the record's are one body's
        const input = parts.length > 1 ? { ...e.input, message: parts[i]!, status: null, error_type: null } : e.input;
        this.consider(input, { kind: 'record', line: parts.length > 1 ? parts[i]! : line, lineNo, lineEnd: lineNo, event: this.blockBase + start, ts: e.timestamp, split: i, detail: false, context, named: () => CLAUDE_NAME_RE.test(line), foreign, errorish: e.isError });
      }
    }
  }

  /** Records from an OTLP document (event -1: each one counts) or a JSON log record. */
  countExtracted(e: Extracted, line: string, lineNo: number, context: boolean, event: number): void {
    this.consider(e.input, { kind: 'record', line, lineNo, lineEnd: lineNo, event, ts: e.timestamp, split: 0, detail: false, context: () => context, foreign: () => false, errorish: e.isError });
  }

  /**
   * Classifies one error and hands it to the merger if it is a Claude API error. A line needs
   * evidence of an error (an error word, a status, an API error type or API wording). Errors named
   * by the API (a message rule for an HTTP error, an API error type or code) count as they are;
   * SDK-side and status-only matches count with Claude context in the same log event (so an
   * unrelated ECONNRESET or 500 is ignored); an unknown error counts only with Claude context and
   * API evidence (a status, an API error type, or API wording), so a Claude tool's other errors
   * (a lock file, a keychain) are not API errors. Vertex's errors need Claude context too: Vertex
   * serves other models.
   */
  private consider(input: ClassifyInput, h: Hit): void {
    const message = input.message ?? '';
    const status = validStatus(input.status) ?? bodyOwnStatus(message) ?? parseStatusCode(message) ?? (h.kind === 'ui' ? uiStatus(message) : null) ?? bodyStatus(message) ?? clientStatus(message) ?? reasonStatus(message) ?? upstreamStatus(message) ?? overloadedStatus(message);
    const errorType = input.error_type ?? parseErrorType(message);
    // Claude Code's wording quoted as the error's name in prose is no API wording (QUOTED_API_WORDS_RE)
    const apiWords = API_WORDS_RE.test(message) && API_WORDS_RE.test(message.replace(QUOTED_API_WORDS_RE, ''));
    const platform = input.platform ?? platformOf(message);
    // with no status printed, the exception class a wrapper names says which one it stands for
    const exception = input.exception ?? (status === null ? qualifiedException(message) : null);
    const given = (status !== null && input.status == null) || (platform !== null && !input.platform) || exception !== (input.exception ?? null) ? { ...input, status, platform, exception } : input;
    // an unknown error's fingerprint (the costly part) only once it counts; a type named bare is no evidence here
    let r = classify(given, false, false);
    const entry = catalogEntry(r.catalog_id);
    const byApi = (r.matched_by === 'message' && entry?.status != null) || r.matched_by === 'error_type' || r.matched_by === 'error_code';
    const named = (byApi || r.matched_by === 'message') && !SUCCESS_RE.test(message) && !INFO_LEVEL_RE.test(message);
    if (!h.errorish && status === null && errorType === null && !apiWords && !named) return;
    // prose names errors; the API's own sentence quoted in it (a message rule of the catalog with the
    // API's status), with no status, error type or markdown span naming one, was printed
    if (h.mention === true && !(r.matched_by === 'message' && entry?.status != null && !NAMES_ERROR_RE.test(message))) return;
    // a server's access line is its answer to its own caller; prose about what the API can return reports nothing
    if ((SERVED_REQUEST_RE.test(message) && errorType === null) || describesOnly(message)) return;
    if (!byApi || r.catalog_id.startsWith('vertex-')) {
      if (r.catalog_id === 'unknown' && status === null && errorType === null && !apiWords) return;
      // 529 is the API's own status (overloaded): no other HTTP service in these logs answers it
      if (status !== API_OWN_STATUS && !h.context()) return;
    }
    // a failure in words every provider's API uses (a key refused, an overload, a limit): Claude's with evidence that it is
    if (entry?.shared_wording === true && !sharedWordingIsClaude(message, errorType, status, h)) return;
    // every AWS service answers with the same exceptions: Bedrock's when its event or its wording says so
    if (r.catalog_id.startsWith('bedrock-') && status === null && AWS_SHARED_EXCEPTION_RE.test(errorType ?? message) && !BEDROCK_WORDING_RE.test(message) && !h.context()) return;
    // Vertex serves Google's models too: its quota or permission error is Claude's when the event names Claude
    if (r.catalog_id.startsWith('vertex-') && !(h.named ?? h.context)()) return;
    if (h.foreign() || (errorType === null && ((status === null && OTHER_CLIENT_RE.test(message)) || gatewayOwnError(message)))) return;
    // another server's answer in the API's shape (otherServersBody): under Claude Code's line, the API's
    // envelope with another server's request id; whatever client printed it, another provider's own
    // error type, code or wording; unless it is a relay's own error
    if (r.catalog_id !== RELAY_ENTRY && otherServersBody(message, h.kind === 'ui')) return;
    // an SDK that cannot be imported or constructed made no request, an MCP request went to an MCP server: no API attempt failed
    if (noApiAttempt(r.catalog_id, status !== null || errorType !== null)) return;
    // the catalog reads the text as another service's error (another AI vendor's limit, an S3 or
    // Google Cloud call, a connection to another host): the request that failed did not go to Claude
    if (entry?.another_service === true) return;
    // a body with no `type` and no status is another service's answer: the API's bodies all carry a type
    if (r.catalog_id === 'unknown' && status === null && errorType === null && UNTYPED_BODY_RE.test(message) && !TYPED_RE.test(message)) return;
    if (r.catalog_id === 'unknown') r = classify(given, true, false);
    this.merger.add({
      line: h.lineNo,
      lineEnd: h.lineEnd,
      event: h.event,
      kind: h.kind,
      shape: shapeOf(h.line),
      banner: RETRY_LINE_RE.test(h.line),
      split: h.split,
      detail: h.detail,
      afterHeading: h.afterHeading?.() ?? false,
      causes: [r.catalog_id],
      catalogId: r.catalog_id,
      guideId: r.guide_id,
      // A cause read from an error type or the status alone ranks below one the text names: a
      // Bedrock line naming only ThrottlingException joins the line that says which limit.
      rank: r.catalog_id === 'unknown' ? -1 : (entry?.match?.priority ?? 0) + (r.matched_by === 'status' || r.matched_by === 'error_type' ? 0 : 1000),
      weak: r.matched_by === 'status' || r.matched_by === 'error_type',
      fingerprint: own(r.fingerprint),
      status,
      errorType: own(errorType),
      requestId: own(requestIdIn(h.line)),
      ts: h.ts,
      sampleLine: h.lineNo,
      text: own(h.line.trim().slice(0, SAMPLE_KEEP)),
    });
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

/** The first `max` characters of the line starting at `s` (without its line break). */
function lineHead(text: string, s: number, max: number): string {
  const nl = text.indexOf('\n', s);
  return text.slice(s, Math.min(nl === -1 ? text.length : nl, s + max));
}

/**
 * A copy of a string cut from a block: a slice keeps the whole block it was cut from alive, and
 * the report keeps up to MAX_EVENTS of them (slicing a concatenation makes V8 copy it flat).
 */
function own<T extends string | null>(s: T): T {
  return (s === null || s === '' ? s : (` ${s}`).slice(1)) as T;
}

function tryJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** What prose names an error by: a status, an API error type, a markdown code or bold span. */
const NAMES_ERROR_RE = /`|\*\*|\b[45]\d\d\b|\b[a-z]{3,20}_(?:error|too_large)\b/;

/** A Python traceback's frame line (`  File "…/anthropic_adapter.py", line 64, in chat`). */
const PY_FRAME_RE = /^\s*File\s"/;
/** How many lines below a Python frame its traceback's exception line is looked for (frames, their source lines, carets). */
const PY_FRAMES_BELOW = 60;

/** True for the source-code line Python prints under a `File "...", line N` frame. */
function isTracebackCode(text: string, start: number): boolean {
  if (start === 0) return false;
  const prevStart = text.lastIndexOf('\n', start - 2) + 1;
  return /^\s*File "/.test(text.slice(prevStart, Math.min(start, prevStart + 16)));
}
