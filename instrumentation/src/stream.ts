// Watches a streamed response body (a clone of the one the SDK reads) for how the stream ends.
import { ERROR_TYPE_STREAM_INTERRUPTED, type Outcome } from './semconv.js';
import { causeCode, className, envelopeFacts } from './classify-error.js';
import { scrub } from './scrub.js';

export interface StreamFacts {
  outcome: Outcome;
  errorType?: string;
  anthropicType?: string;
  message?: string;
  exceptionType?: string;
  causeCode?: string;
  /** Milliseconds from the call's start to the first text (or completion) delta. */
  firstTokenAt?: number;
  responseId?: string;
  responseModel?: string;
  stopReason?: string;
  inputTokens?: number;
  outputTokens?: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

/** Parses SSE lines incrementally; JSON is parsed only for the few events that carry facts. */
class SseScanner {
  private carry = '';
  private event = '';
  readonly facts: StreamFacts = { outcome: 'success' };
  ended = false; // message_stop, or the final legacy completion event
  sawError = false;

  push(text: string): void {
    const lines = (this.carry + text).split('\n');
    this.carry = lines.pop() ?? '';
    for (const raw of lines) this.line(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
  }

  private line(line: string): void {
    if (line.startsWith('event:')) this.event = line.slice(6).trim();
    else if (line.startsWith('data:')) this.data(this.event, line.slice(5).trim());
    else if (line === '') this.event = '';
  }

  private data(event: string, data: string): void {
    switch (event) {
      case 'content_block_delta':
        this.facts.firstTokenAt ??= Date.now();
        return;
      case 'message_stop':
        this.ended = true;
        return;
      case 'message_start':
      case 'message_delta':
      case 'error':
      case 'completion':
        this.parsed(event, safeParse(data));
        return;
      default:
        return;
    }
  }

  private parsed(event: string, json: unknown): void {
    if (!isObj(json)) return;
    const f = this.facts;
    if (event === 'message_start' && isObj(json['message'])) {
      const m = json['message'];
      if (typeof m['id'] === 'string') f.responseId = m['id'];
      if (typeof m['model'] === 'string') f.responseModel = m['model'];
      const usage = isObj(m['usage']) ? m['usage'] : {};
      if (typeof usage['input_tokens'] === 'number') f.inputTokens = usage['input_tokens'];
    } else if (event === 'message_delta') {
      const delta = isObj(json['delta']) ? json['delta'] : {};
      if (typeof delta['stop_reason'] === 'string') f.stopReason = delta['stop_reason'];
      const usage = isObj(json['usage']) ? json['usage'] : {};
      if (typeof usage['output_tokens'] === 'number') f.outputTokens = usage['output_tokens'];
    } else if (event === 'completion') {
      f.firstTokenAt ??= Date.now();
      if (typeof json['id'] === 'string') f.responseId = json['id'];
      if (typeof json['model'] === 'string') f.responseModel = json['model'];
      if (typeof json['stop_reason'] === 'string') {
        f.stopReason = json['stop_reason'];
        this.ended = true;
      }
    } else if (event === 'error') {
      this.sawError = true;
      const env = envelopeFacts(json);
      f.outcome = 'error';
      f.errorType = env.type ?? 'api_error';
      if (env.type !== undefined) f.anthropicType = env.type;
      if (env.message !== undefined) f.message = scrub(env.message);
    }
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
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
export function watchStream(body: unknown): StreamWatch {
  const scanner = new SseScanner();
  const decoder = new TextDecoder();
  let cancelled = false;
  let stop: () => void = () => {};
  const push = (chunk: Chunk) => scanner.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  const read = async (): Promise<StreamFacts> => {
    try {
      if (typeof (body as WebBody).getReader === 'function') {
        const reader = (body as WebBody).getReader();
        stop = () => void reader.cancel().catch(() => {});
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          push(value);
        }
      } else {
        const node = body as NodeBody;
        stop = () => node.destroy();
        for await (const chunk of node) push(chunk);
      }
      scanner.push(decoder.decode() + '\n');
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

function endFacts(scanner: SseScanner, cancelled: boolean): StreamFacts {
  if (scanner.sawError || scanner.ended) return scanner.facts;
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

function readFailure(scanner: SseScanner, err: unknown): StreamFacts {
  if (scanner.sawError) return scanner.facts;
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
