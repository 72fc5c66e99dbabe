// Learns how a streamed response ends from the chunks the SDK itself reads off the body.
//
// Trade-off, measured with bench/canned-fetch.mjs: a copy of the body (`response.clone()`, a tee of
// the web stream) read by a second reader cost ~130 µs CPU more per streamed call than this watch,
// and most of it was the tee and the promise-per-chunk reads of the copy, not the parsing (the
// watch alone costs ~15–20 µs). So the body is not copied:
// its `[Symbol.asyncIterator]` and `getReader` (and the reader's `read`) are wrapped on this one
// response, and each chunk the SDK (0.2x, 0.1xx, 1.x), `for await` over `.asResponse().body`, or
// `response.text()` reads passes through a cheap scanner (sse-scan.ts) on its way. The cost is
// that the stream is seen at the pace the application reads it:
// - the time to first token is when the first delta reached the SDK's reader, as the SDK's native
//   span records it, not when it reached the socket;
// - a stream nobody starts reading within `bodyReadTimeoutMs` is copied then, and the copy read to
//   its end as before, so its span still ends, with the outcome the events give; a body already
//   taken by a reader this cannot see (a pipe, or node-fetch's own `text()`) ends its span then
//   as `success`, without stream facts.
import { ERROR_TYPE_STREAM_INTERRUPTED } from './semconv.js';
import { causeCode, className } from './classify-error.js';
import { Deadlines, type Expiring } from './deadlines.js';
import { safe } from './guard.js';
import { scrub } from './scrub.js';
import { SseScanner, type StreamFacts } from './sse-scan.js';

export type { StreamFacts } from './sse-scan.js';

/**
 * What reads the chunks: the SSE scanner for streams, or another body format (the JSONL of batch
 * results, batch-results.ts). `end` gives the facts of a body that ended (or was cancelled) before
 * the scanner decided; without it, the SSE rule applies (no message_stop: stream_interrupted).
 */
export interface BodyScanner {
  readonly facts: StreamFacts;
  readonly decided: boolean;
  push(chunk: unknown): void;
  end?(cancelled: boolean): StreamFacts;
}

type Obj = Record<string | symbol, unknown>;
type AnyFn = (this: unknown, ...args: unknown[]) => unknown;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

/** What an async iterator's `next()` and a stream reader's `read()` resolve to. */
interface ReadResult {
  done?: boolean | undefined;
  value?: unknown;
}

interface Settled {
  (facts: StreamFacts): void;
}

/**
 * Watches the streamed body of `res` and calls `report` once with how the stream ended: at
 * message_stop or an error event, when the body ends or fails, when the reader is cancelled (the
 * application broke out), or when `signal` (the SDK's request controller) aborts.
 */
export function observeStream(
  res: Response,
  signal: AbortSignal | undefined,
  graceMs: number,
  report: Settled,
  makeScanner: () => BodyScanner = () => new SseScanner(),
  copyWhenUnread = true,
): void {
  const observer = new StreamObserver(res, signal, report, makeScanner);
  let tapped = false;
  try {
    tapped = observer.tap(res.body);
  } catch {
    // a body whose methods cannot be wrapped (frozen, exotic): read a copy instead
  }
  if (!tapped) return observer.copy();
  observer.startGrace(graceMs, copyWhenUnread);
}

/** The scanner of a settled observer: what was reported is final, and nothing of the call is kept. */
const SETTLED: BodyScanner = { facts: { outcome: 'success' }, decided: true, push() {} };
const settledScanner = (): BodyScanner => SETTLED;

/** Streams waiting for their first read (StreamObserver.startGrace). */
const graceDeadlines = new Deadlines();

class StreamObserver implements Expiring {
  private scanner: BodyScanner;
  settled = false;
  private started = false;
  /** Whether the body is copied when nobody reads it in time (startGrace). */
  private copyWhenUnread = true;
  /** True while a tapped method calls the original, so a nested public call is not tapped twice. */
  private inner = false;
  /** The response's own `clone`, before tapClone wrapped it. */
  private originalClone: AnyFn | undefined = undefined;
  private onAbort: (() => void) | undefined = undefined;

  constructor(
    private res: Response | undefined,
    private signal: AbortSignal | undefined,
    private report: Settled | undefined,
    private makeScanner: () => BodyScanner,
  ) {
    this.scanner = makeScanner();
    if (signal && typeof signal.addEventListener === 'function') {
      if (signal.aborted) this.settle({ ...this.scanner.facts, outcome: 'cancelled' });
      else signal.addEventListener('abort', (this.onAbort = () => this.onCancel()), { once: true });
    }
  }

  /**
   * Reports once, then lets go of the call: the taps on the body stay reachable from the SDK's
   * stream (and its FinalizationRegistry) after the call ends, and through this observer they
   * kept the call's span and attributes alive past the next scavenges. The response and the
   * signal go too: kept here they linked the body back to its response, and every stream's
   * response, body and reader survived the scavenges until the next full collection (a Response
   * read through its tapped body, bench-style in one process: 15 → 9.7 µs CPU per stream).
   */
  settle(facts: StreamFacts): void {
    if (this.settled) return;
    this.settled = true;
    graceDeadlines.delete(this);
    if (this.onAbort) this.signal?.removeEventListener('abort', this.onAbort);
    this.onAbort = undefined;
    this.res = undefined;
    this.signal = undefined;
    const report = this.report;
    this.report = undefined;
    this.scanner = SETTLED;
    this.makeScanner = settledScanner;
    safe(() => report?.(facts));
  }

  // Called with each chunk the SDK reads. Arrow fields: made once per stream, not per chunk.
  readonly onResult = (r: ReadResult): unknown => {
    if (this.settled) return r;
    try {
      if (r.done) this.settle(endFacts(this.scanner, false));
      else {
        this.scanner.push(r.value);
        if (this.scanner.decided) this.settle(this.scanner.facts);
      }
    } catch {
      // a scanner bug must not reach the application's read
    }
    return r;
  };

  readonly onError = (err: unknown): never => {
    if (!this.settled) safe(() => this.settle(readFailure(this.scanner, err)));
    throw err;
  };

  onCancel(): void {
    if (!this.settled) safe(() => this.settle(endFacts(this.scanner, true)));
  }

  private begin(): void {
    if (this.started) return;
    this.started = true;
    graceDeadlines.delete(this);
  }

  /** Wraps the ways the body can be read, on this body only. Returns false when it cannot. */
  tap(body: unknown): boolean {
    if (this.settled || !isObj(body)) return false;
    const iterate = body[Symbol.asyncIterator];
    const getReader = body['getReader'];
    if (typeof iterate !== 'function' && typeof getReader !== 'function') return false;
    const self = this;
    if (typeof iterate === 'function') {
      body[Symbol.asyncIterator] = function (this: unknown, ...args: unknown[]) {
        const source = self.callInner(iterate as AnyFn, this, args) as AsyncIterator<unknown>;
        if (self.inner) return source;
        self.begin();
        return self.wrapIterator(source);
      };
    }
    if (typeof getReader === 'function') {
      body['getReader'] = function (this: unknown, ...args: unknown[]) {
        const reader = self.callInner(getReader as AnyFn, this, args);
        if (self.inner || !isObj(reader)) return reader;
        self.begin();
        self.wrapReader(reader);
        return reader;
      };
    }
    this.tapClone();
    return true;
  }

  private callInner(fn: AnyFn, target: unknown, args: unknown[]): unknown {
    if (this.inner) return fn.apply(target, args);
    this.inner = true;
    try {
      return fn.apply(target, args);
    } finally {
      this.inner = false;
    }
  }

  private wrapIterator(source: AsyncIterator<unknown>): AsyncIterator<unknown> {
    return new TappedIterator(source, this);
  }

  private wrapReader(reader: Obj): void {
    const read = reader['read'];
    const cancel = reader['cancel'];
    const self = this;
    if (typeof read === 'function') {
      reader['read'] = function (this: unknown, ...args: unknown[]) {
        const p = (read as AnyFn).apply(this, args) as Promise<ReadResult>;
        return self.settled ? p : p.then(self.onResult, self.onError);
      };
    }
    if (typeof cancel === 'function') {
      reader['cancel'] = function (this: unknown, ...args: unknown[]) {
        self.onCancel();
        return (cancel as AnyFn).apply(this, args);
      };
    }
  }

  /**
   * A clone tees the body and gives `res` a new one (undici and node-fetch both do): the SDK's
   * middleware `ctx.parse()` clones. The new body is tapped in turn.
   */
  private tapClone(): void {
    const res = this.res as unknown as Obj | undefined;
    if (res === undefined) return;
    const clone = res['clone'];
    if (typeof clone !== 'function' || this.originalClone !== undefined) return;
    this.originalClone = clone as AnyFn;
    const self = this;
    res['clone'] = function (this: unknown, ...args: unknown[]) {
      const copy = (clone as AnyFn).apply(this, args);
      safe(() => self.tap((this as Response).body));
      return copy;
    };
  }

  /**
   * Ends the wait for a reader after `ms`: then the body is copied and the copy read instead, or,
   * without `copy` (a body the SDK took hold of before it is read, as the JSONL decoder of batch
   * results does: a late tee would leave it a locked stream), the call ends without its facts.
   */
  startGrace(ms: number, copy = true): void {
    if (this.settled || this.started) return;
    this.copyWhenUnread = copy;
    graceDeadlines.add(this, ms);
  }

  /** The grace period ended before anything read the body. */
  expire(): void {
    if (this.settled || this.started) return;
    const res = this.res;
    safe(() => (this.copyWhenUnread && res !== undefined && untouched(res) ? this.copy() : this.settle({ outcome: 'success' })));
  }

  /** Reads a copy of the body to its end (a body that cannot be tapped, or that nobody read in time). */
  copy(): void {
    const res = this.res;
    if (this.settled || res === undefined) return;
    this.started = true;
    const signal = this.signal;
    const clone = this.originalClone ?? (res.clone as AnyFn);
    const copy = safe(() => clone.call(res) as Response);
    if (!copy?.body) return this.settle({ outcome: 'success' });
    const watch = watchStream(copy.body, this.makeScanner());
    // Our copy must not outlive the SDK's: a cancelled tee branch waits for its sibling.
    safe(() => onBodyCancel(res.body, () => watch.cancel()));
    const onAbort = () => watch.cancel();
    signal?.addEventListener?.('abort', onAbort, { once: true });
    void watch.facts.then((facts) => {
      signal?.removeEventListener?.('abort', onAbort);
      this.settle(facts);
    });
  }
}

/** The body's async iterator, with each result passing by the observer on its way to the SDK. */
class TappedIterator implements AsyncIterator<unknown>, AsyncIterable<unknown> {
  constructor(
    private readonly source: AsyncIterator<unknown>,
    private readonly observer: StreamObserver,
  ) {}

  next(...args: [] | [unknown]): Promise<IteratorResult<unknown>> {
    const p = this.source.next(...args);
    return this.observer.settled ? p : (p.then(this.observer.onResult, this.observer.onError) as Promise<IteratorResult<unknown>>);
  }

  return(value?: unknown): Promise<IteratorResult<unknown>> {
    this.observer.onCancel();
    return this.source.return ? this.source.return(value) : Promise.resolve({ done: true as const, value });
  }

  throw(err?: unknown): Promise<IteratorResult<unknown>> {
    this.observer.onCancel();
    return this.source.throw ? this.source.throw(err) : Promise.reject(err);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** Nothing has read or locked the body yet. */
function untouched(res: Response): boolean {
  const body = res.body as unknown as Obj | null;
  if (!isObj(body) || res.bodyUsed) return false;
  if (body['locked'] === true) return false; // a web stream with a reader
  return body['readableFlowing'] !== true && body['readableDidRead'] !== true && body['destroyed'] !== true; // a Node stream
}

type Chunk = Uint8Array | string;

interface WebBody {
  getReader(): ReadableStreamDefaultReader<Chunk>;
}
interface NodeBody extends AsyncIterable<Chunk> {
  destroy(err?: Error): void;
}

/** A watch over a copy of a streamed body; `cancel()` is called when the SDK gives up its copy. */
export interface StreamWatch {
  facts: Promise<StreamFacts>;
  cancel(): void;
}

/**
 * Reads `body` (a copy of the body the SDK reads) to its end. When the application breaks out of
 * the stream or aborts it, the SDK cancels its copy or aborts the request; `cancel()` (called
 * from the SDK's copy) or the abort error make that read as `cancelled`.
 */
export function watchStream(body: unknown, scanner: BodyScanner = new SseScanner()): StreamWatch {
  let cancelled = false;
  let stop: () => void = () => {};
  const read = async (): Promise<StreamFacts> => {
    try {
      // Read the copy through the prototype's methods: the tapped ones belong to the SDK's copy.
      if (typeof (body as WebBody).getReader === 'function') {
        const reader = (body as WebBody).getReader();
        stop = () => void reader.cancel().catch(() => {});
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          scanner.push(value);
        }
      } else {
        const node = body as NodeBody;
        stop = () => node.destroy();
        for await (const chunk of node) scanner.push(chunk);
      }
    } catch (err) {
      return cancelled ? endFacts(scanner, true) : readFailure(scanner, err);
    }
    return endFacts(scanner, cancelled);
  };
  const facts = read().catch((err: unknown) => readFailure(scanner, err));
  return {
    facts,
    cancel() {
      if (cancelled) return;
      cancelled = true;
      stop();
    },
  };
}

function endFacts(scanner: BodyScanner, cancelled: boolean): StreamFacts {
  if (scanner.decided) return scanner.facts;
  if (scanner.end) return scanner.end(cancelled);
  if (cancelled) return { ...scanner.facts, outcome: 'cancelled' };
  return {
    ...scanner.facts,
    outcome: 'error',
    errorType: ERROR_TYPE_STREAM_INTERRUPTED,
    message: 'The stream ended before message_stop',
  };
}

/** Calls `onCancel` before the SDK cancels or stops reading `body`, whichever way it does so. */
export function onBodyCancel(body: unknown, onCancel: () => void): void {
  if (typeof body !== 'object' || body === null) return;
  const b = body as Record<string | symbol, unknown>;
  const hookReturn = (it: Record<string, unknown>, method: 'return' | 'cancel') => {
    const original = it[method];
    if (typeof original !== 'function') return;
    it[method] = function (this: unknown, ...args: unknown[]) {
      onCancel();
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  };
  const iterate = b[Symbol.asyncIterator];
  if (typeof iterate === 'function') {
    b[Symbol.asyncIterator] = function (this: unknown, ...args: unknown[]) {
      const it = (iterate as (...a: unknown[]) => Record<string, unknown>).apply(this, args);
      hookReturn(it, 'return');
      return it;
    };
  }
  const getReader = b['getReader'];
  if (typeof getReader === 'function') {
    b['getReader'] = function (this: unknown, ...args: unknown[]) {
      const reader = (getReader as (...a: unknown[]) => Record<string, unknown>).apply(this, args);
      hookReturn(reader, 'cancel');
      return reader;
    };
  }
  // Node streams (0.x with node-fetch) are not hooked on destroy(): they destroy themselves at their end.
  if (typeof b['getReader'] === 'function') hookReturn(b as Record<string, unknown>, 'cancel');
}

function readFailure(scanner: BodyScanner, err: unknown): StreamFacts {
  if (scanner.decided) return scanner.facts;
  const name = isObj(err) ? err['name'] : undefined;
  if (name === 'AbortError') return { ...scanner.facts, outcome: 'cancelled' };
  const facts: StreamFacts = {
    ...scanner.facts,
    outcome: 'error',
    errorType: ERROR_TYPE_STREAM_INTERRUPTED,
    exceptionType: className(err),
    message: scrub(isObj(err) && typeof err['message'] === 'string' ? err['message'] : String(err)),
  };
  const code = causeCode(err);
  if (code !== undefined) facts.causeCode = code;
  return facts;
}
