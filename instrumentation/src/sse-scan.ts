// Finds the few server-sent events that say how a stream ends, in the raw bytes of its body.
//
// The SDK parses every event itself; this scanner only finds line ends (with Node's Buffer#indexOf,
// a memchr, where there is one; see byteIndexOf), compares the bytes of `event:` lines (no decoding of the text deltas, no string per event), and reads the
// `data:` line of just four events: message_start (id, model, input tokens), message_delta (stop
// reason, output tokens), error, and the legacy `completion`. The first two are read off their
// bytes when they are in the API's plain form (plain-json.ts), else decoded and parsed like the
// others. A content_block_delta is only noted once, for the time to first token. It expects what
// the Anthropic API sends: `event:` before `data:`, one `data:` line per event, `\n` or `\r\n`
// line ends.
import { envelopeFacts } from './classify-error.js';
import { nowMs } from './guard.js';
import { scrub } from './scrub.js';
import { isObj, type Obj } from './obj.js';
import { bytesAt, PlainJson } from './plain-json.js';
import type { CallFacts } from './call.js';

/** What a stream tells about its call: the call's facts, less those only the HTTP response has. */
export type StreamFacts = Omit<CallFacts, 'status' | 'requestId' | 'outputContent'>;


const enum Kind {
  Other,
  Start,
  Delta,
  Stop,
  Error,
  Completion,
  /** content_block_start, read only for a request that uses MCP servers (mcp.ts). */
  BlockStart,
}

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const EVENT = ascii('event:');
const DATA = ascii('data:');
const BLOCK_START = ascii('content_block_start');
const NAMES: ReadonlyArray<readonly [Uint8Array, Kind]> = [
  [ascii('message_start'), Kind.Start],
  [ascii('message_delta'), Kind.Delta],
  [ascii('message_stop'), Kind.Stop],
  [ascii('error'), Kind.Error],
  [ascii('completion'), Kind.Completion],
];
const LF = 10;
const CR = 13;
const SPACE = 0x20;
/** An incomplete line kept for the next chunk is never longer than this (else it is skipped). */
const MAX_CARRY = 1 << 20;
const utf8 = new TextDecoder();
const encoder = new TextEncoder();

/**
 * Node's Buffer#indexOf, where the runtime has it (the edge runtimes go without): a memchr, which
 * also takes a plain Uint8Array. Uint8Array#indexOf walks the bytes one by one: the whole scan of
 * bench/canned-fetch.mjs's stream took ~1.7× as long with it, and of a 200-delta stream (~27 KB)
 * ~2.3× (one chunk per event) to ~2.1× (one chunk).
 */
const nodeIndexOf = (globalThis as { Buffer?: { prototype: { indexOf?: unknown } } }).Buffer?.prototype.indexOf;
const byteIndexOf: (this: Uint8Array, byte: number, from: number) => number =
  typeof nodeIndexOf === 'function' ? (nodeIndexOf as (this: Uint8Array, byte: number, from: number) => number) : Uint8Array.prototype.indexOf;

function toBytes(chunk: unknown): Uint8Array | undefined {
  if (chunk instanceof Uint8Array) return chunk; // undici's chunks, and node-fetch's Buffers
  if (typeof chunk === 'string') return encoder.encode(chunk);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  return undefined;
}

/** The fields read off message_start and message_delta (PlainJson), by slot. */
const START_FIELDS = new PlainJson({ message: { id: 0, model: 1, usage: { input_tokens: 2 } } }, 3);
const DELTA_FIELDS = new PlainJson({ delta: { stop_reason: 0 }, usage: { output_tokens: 1 } }, 2);

export class SseScanner {
  readonly facts: StreamFacts = { outcome: 'success' };
  /** message_stop, or the final legacy completion event. */
  ended = false;
  sawError = false;
  /** The event whose `data:` line comes next (message_start, message_delta, error, completion). */
  private want: Kind = Kind.Other;
  /** A line cut by the chunk's end that this scanner needs, to finish with the next chunk. */
  private carry: Uint8Array | undefined = undefined;
  /** The next chunk begins inside a line this scanner does not need. */
  private midLine = false;

  /** `onBlock`: given the content block of each content_block_start (MCP tool use and result blocks). */
  constructor(private readonly onBlock?: (block: unknown) => void) {}

  /** Whether the stream's outcome is known (message_stop, final completion, or an error event). */
  get decided(): boolean {
    return this.ended || this.sawError;
  }

  push(chunk: unknown): void {
    let buf = toBytes(chunk);
    if (buf === undefined || buf.length === 0) return;
    let pos = 0;
    if (this.carry !== undefined) {
      const joined = new Uint8Array(this.carry.length + buf.length);
      joined.set(this.carry);
      joined.set(buf, this.carry.length);
      buf = joined;
      this.carry = undefined;
    } else if (this.midLine) {
      const nl = byteIndexOf.call(buf, LF, 0);
      if (nl < 0) return;
      pos = nl + 1;
      this.midLine = false;
    }
    // Line by line with the built-in byte search; only event lines and wanted data lines are read.
    while (pos < buf.length) {
      const eol = byteIndexOf.call(buf, LF, pos);
      if (eol < 0) return this.keep(buf, pos);
      const end = eol > pos && buf[eol - 1] === CR ? eol - 1 : eol;
      if (this.want !== Kind.Other) this.dataLine(buf, pos, end);
      else if (buf[pos] === 0x65 /* e */ && bytesAt(buf, pos, buf.length, EVENT)) this.eventLine(buf, pos + EVENT.length, end);
      pos = eol + 1;
    }
  }

  private eventLine(buf: Uint8Array, at: number, end: number): void {
    if (buf[at] === SPACE) at++;
    const length = end - at;
    // content_block_start / _delta / _stop are most of a stream: tell them apart by their bytes.
    if (length === 19 || length === 18) {
      if (length === 19 && this.facts.firstTokenAt === undefined && buf[at] === 0x63 /* c */ && buf[at + 14] === 0x64 /* d(elta) */) {
        this.facts.firstTokenAt = nowMs();
      }
      if (this.onBlock !== undefined && length === 19 && bytesAt(buf, at, buf.length, BLOCK_START)) this.want = Kind.BlockStart;
      return;
    }
    for (const [name, kind] of NAMES) {
      if (name.length !== length || !bytesAt(buf, at, buf.length, name)) continue;
      if (kind === Kind.Stop) this.ended = true;
      else this.want = kind;
      return;
    }
  }

  /** The line after a wanted event's `event:` line: `data: {…}`. */
  private dataLine(buf: Uint8Array, at: number, end: number): void {
    const kind = this.want;
    this.want = Kind.Other;
    if (!bytesAt(buf, at, buf.length, DATA)) return;
    at += DATA.length;
    if (buf[at] === SPACE) at++;
    if (kind === Kind.Start && START_FIELDS.read(buf, at, end)) return this.started(START_FIELDS.values[0], START_FIELDS.values[1], START_FIELDS.values[2]);
    if (kind === Kind.Delta && DELTA_FIELDS.read(buf, at, end)) return this.delta(DELTA_FIELDS.values[0], DELTA_FIELDS.values[1]);
    this.parsed(kind, safeParse(utf8.decode(buf.subarray(at, end))));
  }

  /** message_start's message id, model and input tokens (what `parsed` takes from its JSON). */
  private started(id: unknown, model: unknown, inputTokens: unknown): void {
    const f = this.facts;
    if (typeof id === 'string') f.responseId = id;
    if (typeof model === 'string') f.responseModel = model;
    if (typeof inputTokens === 'number') f.inputTokens = inputTokens;
  }

  /** message_delta's stop reason and output tokens. */
  private delta(stopReason: unknown, outputTokens: unknown): void {
    const f = this.facts;
    if (typeof stopReason === 'string') f.stopReason = stopReason;
    if (typeof outputTokens === 'number') f.outputTokens = outputTokens;
  }

  /** The chunk ended inside a line: keep it if it is a wanted data line or may be an event line. */
  private keep(buf: Uint8Array, from: number): void {
    const rest = buf.length - from;
    const mayBeEvent = buf[from] === 0x65 && (rest < EVENT.length ? bytesAt(EVENT, 0, EVENT.length, buf.subarray(from)) : bytesAt(buf, from, buf.length, EVENT));
    if ((this.want !== Kind.Other || mayBeEvent) && rest <= MAX_CARRY) {
      this.carry = buf.slice(from); // a copy: the chunk itself is not retained
      return;
    }
    this.want = Kind.Other;
    this.midLine = true;
  }

  private parsed(kind: Kind, json: unknown): void {
    const f = this.facts;
    if (kind === Kind.Error) {
      // The SDK throws on an error event whatever its data, so a body that is not JSON counts too.
      this.sawError = true;
      const env = envelopeFacts(json);
      const type = env.type === undefined ? undefined : awsExceptionName(env.type);
      f.outcome = 'error';
      f.errorType = type ?? 'api_error';
      if (type !== undefined) f.anthropicType = type;
      if (env.message !== undefined) f.message = scrub(env.message);
      if (env.errorCode !== undefined) f.errorCode = env.errorCode;
      return;
    }
    if (!isObj(json)) return;
    if (kind === Kind.BlockStart) {
      this.onBlock?.(json['content_block']);
      return;
    }
    if (kind === Kind.Start && isObj(json['message'])) {
      const m = json['message'];
      const usage = isObj(m['usage']) ? m['usage'] : {};
      this.started(m['id'], m['model'], usage['input_tokens']);
    } else if (kind === Kind.Delta) {
      const delta = isObj(json['delta']) ? json['delta'] : {};
      const usage = isObj(json['usage']) ? json['usage'] : {};
      this.delta(delta['stop_reason'], usage['output_tokens']);
    } else if (kind === Kind.Completion) {
      f.firstTokenAt ??= nowMs();
      if (typeof json['id'] === 'string') f.responseId = json['id'];
      if (typeof json['model'] === 'string') f.responseModel = json['model'];
      if (typeof json['stop_reason'] === 'string') {
        f.stopReason = json['stop_reason'];
        this.ended = true;
      }
    }
  }
}

/**
 * The Bedrock SDK (1.x) turns an exception frame of its AWS event stream into an `event: error`
 * typed by the frame's camel-cased `:exception-type` (`modelStreamErrorException`,
 * `throttlingException`, …). It is named as Bedrock names the same failure outside a stream, in
 * `x-amzn-errortype`: `ModelStreamErrorException`. Anthropic's own types (snake_case) pass as they are.
 */
function awsExceptionName(type: string): string {
  return /^[a-z][A-Za-z0-9]*Exception$/.test(type) ? type.charAt(0).toUpperCase() + type.slice(1) : type;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
