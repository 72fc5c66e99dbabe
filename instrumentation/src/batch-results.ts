// Message Batch results: `client.messages.batches.results(id)` downloads the batch's `.jsonl`
// (one `MessageBatchIndividualResponse` a line) and the application iterates the parsed lines.
// The body is watched in the chunks that iteration reads (stream.ts taps it as it taps SSE
// streams): each errored, canceled or expired result becomes one span event on the call span,
// and the call span gets the count of each result type when the file ends.
import type { Attributes, Span } from '@opentelemetry/api';
import * as S from './semconv.js';
import { envelopeFacts } from './classify-error.js';
import { safe } from './guard.js';
import { isObj } from './obj.js';
import { scrubAndCap } from './scrub.js';
import type { BodyScanner, StreamFacts } from './stream.js';

type ResultType = (typeof S.BATCH_RESULT_TYPES)[number];

/** The recorded message of one result is capped like the collector's stored message. */
const MAX_MESSAGE_BYTES = 4096;
/** A line longer than this (only a succeeded result's message gets near it) is counted, not kept. */
const MAX_LINE_CHARS = 16 << 20;
/** `"result":{"type":"succeeded"` near a line's start: counted without parsing the message. */
const SUCCEEDED_HEAD = /"result"\s*:\s*\{\s*"type"\s*:\s*"succeeded"/;
const TYPE_HEAD = /"result"\s*:\s*\{\s*"type"\s*:\s*"(succeeded|errored|canceled|expired)"/;

/** The batch id in a results path or URL: `/v1/messages/batches/{id}/results`. */
export function batchIdOf(path: string): string | undefined {
  const m = /\/messages\/batches\/([^/?#]+)\/results(?:[?#]|$)/.exec(path);
  return m?.[1] !== undefined ? safe(() => decodeURIComponent(m[1]!)) : undefined;
}

/** The event attributes of one result line that is not a success; undefined for a success or a line that is not a result. */
export function resultAttributes(line: unknown): { type: ResultType; attrs: Attributes } | undefined {
  if (!isObj(line) || !isObj(line['result'])) return undefined;
  const result = line['result'];
  const type = result['type'];
  if (type !== 'succeeded' && type !== 'errored' && type !== 'canceled' && type !== 'expired') return undefined;
  const attrs: Attributes = {};
  if (typeof line['custom_id'] === 'string') attrs[S.BATCH_CUSTOM_ID] = line['custom_id'];
  attrs[S.BATCH_RESULT_TYPE] = type;
  if (type === 'canceled') attrs[S.ERROR_TYPE] = S.ERROR_TYPE_BATCH_CANCELED;
  if (type === 'expired') attrs[S.ERROR_TYPE] = S.ERROR_TYPE_BATCH_EXPIRED;
  if (type === 'errored') {
    const error = result['error'];
    // The envelope ({"type":"error","error":{type,message},"request_id"}), or a bare error object.
    const env = isObj(error) && !isObj(error['error']) && typeof error['type'] === 'string' && error['type'] !== 'error' ? envelopeFacts({ error }) : envelopeFacts(error);
    attrs[S.ERROR_TYPE] = env.type ?? 'api_error';
    if (env.type !== undefined) attrs[S.ANTHROPIC_ERROR_TYPE] = env.type;
    if (env.message !== undefined) attrs[S.ANTHROPIC_ERROR_MESSAGE] = scrubAndCap(env.message, MAX_MESSAGE_BYTES);
    if (env.requestId !== undefined) attrs[S.ANTHROPIC_REQUEST_ID] = env.requestId;
    if (env.errorCode !== undefined) attrs[S.ANTHROPIC_ERROR_CODE] = env.errorCode;
  }
  return { type, attrs };
}

/**
 * The results of one `results()` call. Should its body be read twice (the SDK's read of a body that
 * could not be tapped, and this instrumentation's copy), the first scanner to get a chunk owns the
 * results, so no result is recorded twice.
 */
export class BatchResults {
  readonly counts: Record<ResultType, number> = { succeeded: 0, errored: 0, canceled: 0, expired: 0 };
  owner: BatchResultsScanner | undefined = undefined;
  private finished = false;

  constructor(private readonly span: Span) {}

  scanner = (): BodyScanner => new BatchResultsScanner(this);

  add(line: string): void {
    const head = line.slice(0, 512);
    if (SUCCEEDED_HEAD.test(head)) {
      this.counts.succeeded += 1;
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return; // not a result line
    }
    const found = resultAttributes(parsed);
    if (!found) return;
    this.counts[found.type] += 1;
    if (found.type !== 'succeeded') safe(() => this.span.addEvent(S.BATCH_RESULT_EVENT, found.attrs));
  }

  /** A line too long to keep: counted by the type near its start, when it is there. */
  addLong(head: string): void {
    const type = TYPE_HEAD.exec(head)?.[1] as ResultType | undefined;
    if (type !== undefined) this.counts[type] += 1;
  }

  /** Sets the counts on the call span (once, when the file has been read or its read ended; not when nobody read it). */
  finish(): void {
    if (this.finished || this.owner === undefined) return;
    this.finished = true;
    const a: Attributes = {};
    for (const t of S.BATCH_RESULT_TYPES) a[`${S.BATCH_RESULTS_PREFIX}${t}`] = this.counts[t];
    safe(() => this.span.setAttributes(a));
  }
}

class BatchResultsScanner implements BodyScanner {
  readonly facts: StreamFacts = { outcome: 'success' };
  readonly decided = false; // known only at the end of the file
  private readonly decoder = new TextDecoder();
  private carry = '';
  /** The line being read is too long to keep: skip to its end (its head is kept to count it). */
  private skipping: string | undefined = undefined;

  constructor(private readonly results: BatchResults) {}

  push(chunk: unknown): void {
    if ((this.results.owner ??= this) !== this) return;
    const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? this.decoder.decode(chunk, { stream: true }) : undefined;
    if (text === undefined || text.length === 0) return;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      this.line(text.slice(start, nl));
      start = nl + 1;
    }
    this.keep(text.slice(start));
  }

  private line(tail: string): void {
    if (this.skipping !== undefined) {
      this.results.addLong(this.skipping);
      this.skipping = undefined;
      this.carry = '';
      return;
    }
    const line = (this.carry + tail).trim();
    this.carry = '';
    if (line.length > 0) this.results.add(line);
  }

  private keep(rest: string): void {
    if (this.skipping !== undefined) return;
    this.carry += rest;
    if (this.carry.length > MAX_LINE_CHARS) {
      this.skipping = this.carry.slice(0, 512);
      this.carry = '';
    }
  }

  end(cancelled: boolean): StreamFacts {
    this.results.owner ??= this; // an empty file is read too
    if (this.results.owner === this && !cancelled) this.line(this.decoder.decode());
    return { outcome: cancelled ? 'cancelled' : 'success' };
  }
}
