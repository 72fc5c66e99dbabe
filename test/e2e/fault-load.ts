// Shared parts of the Kafka fault tests: OTLP/JSON request bodies whose records are known in
// advance, a bounded load loop that keeps every HTTP answer, and read-only checks on the DuckDB file
// (made in a child process, read-store.mjs).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as sc from '@claude-errors/instrumentation-anthropic/semconv';

const execFileAsync = promisify(execFile);

/** `${trace_id}:${span_id}:${attempt}`: the analyzer's dedupe key, as text. */
export type RecordKey = string;

export interface LoadRequest {
  body: string;
  /** The records the collector maps this body to: one call row (attempt 0) and one row per attempt event. */
  keys: RecordKey[];
}

const MODELS = ['claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1'];

/**
 * One OTLP/JSON ExportTraceServiceRequest (hex ids, int64 as strings) with `spans` call spans from
 * this project's instrumentation scope, each with 1 to 3 `anthropic.attempt` events. Ids are random,
 * so every span is a new row.
 */
export function otlpRequest(service: string, spans: number, seq: number): LoadRequest {
  const keys: RecordKey[] = [];
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const out = [];
  for (let i = 0; i < spans; i++) {
    const traceId = randomBytes(16).toString('hex');
    const spanId = randomBytes(8).toString('hex');
    const attempts = 1 + ((seq + i) % 3);
    const failed = attempts === 3;
    const model = MODELS[(seq + i) % MODELS.length]!;
    keys.push(`${traceId}:${spanId}:0`);
    const events = [];
    for (let a = 1; a <= attempts; a++) {
      keys.push(`${traceId}:${spanId}:${a}`);
      const status = a < attempts || failed ? 529 : 200;
      events.push({
        name: sc.ATTEMPT_EVENT,
        timeUnixNano: String(nowNs + BigInt(a) * 1_000_000n),
        attributes: [
          { key: sc.ATTEMPT_NUMBER, value: { intValue: String(a) } },
          { key: sc.HTTP_RESPONSE_STATUS_CODE, value: { intValue: String(status) } },
          ...(status === 529 ? [{ key: sc.ANTHROPIC_ERROR_TYPE, value: { stringValue: 'overloaded_error' } }] : []),
        ],
      });
    }
    out.push({
      traceId,
      spanId,
      name: `chat ${model}`,
      kind: 3,
      startTimeUnixNano: String(nowNs),
      endTimeUnixNano: String(nowNs + 50_000_000n),
      attributes: [
        { key: sc.GEN_AI_OPERATION_NAME, value: { stringValue: 'chat' } },
        { key: sc.GEN_AI_PROVIDER_NAME, value: { stringValue: 'anthropic' } },
        { key: sc.GEN_AI_REQUEST_MODEL, value: { stringValue: model } },
        { key: sc.HTTP_RESPONSE_STATUS_CODE, value: { intValue: failed ? '529' : '200' } },
        { key: sc.ANTHROPIC_ATTEMPT_COUNT, value: { intValue: String(attempts) } },
      ],
      events,
      status: { code: failed ? 2 : 1, message: failed ? 'Overloaded' : '' },
    });
  }
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [{ scope: { name: sc.INSTRUMENTATION_NAME, version: '0.1.0' }, spans: out }],
      },
    ],
  };
  return { body: JSON.stringify(body), keys };
}

export interface Answer {
  /** HTTP status, or 0 when the request failed without one (connection refused, reset). */
  status: number;
  retryAfter: string | null;
  at: number;
  keys: RecordKey[];
}

export interface Load {
  readonly answers: Answer[];
  /** Records of requests answered 2xx. */
  readonly acked: Set<RecordKey>;
  /** Ends the loop after the requests in flight; resolves when it has ended. */
  stop(): Promise<void>;
  /** Resolves when the loop ends (stop() or `maxRequests` sent). */
  readonly done: Promise<void>;
  readonly finished: boolean;
}

/**
 * POSTs OTLP/JSON requests to `url`/v1/traces from `concurrency` workers until stop() or
 * `maxRequests`, without retrying: each answer is kept as it came. After a non-2xx answer a worker
 * pauses `pauseMs` so an outage does not turn into a busy loop.
 */
export function startLoad(opts: {
  url: string;
  service: string;
  spansPerRequest: number;
  maxRequests: number;
  concurrency: number;
  /** Pause of a worker after a non-2xx answer (default 50 ms). */
  pauseMs?: number;
  /** Pause of a worker after each 2xx answer, to keep the load at a steady rate (default 0). */
  intervalMs?: number;
}): Load {
  const answers: Answer[] = [];
  const acked = new Set<RecordKey>();
  let stopping = false;
  let finished = false;
  let seq = 0;
  const worker = async (): Promise<void> => {
    while (!stopping && seq < opts.maxRequests) {
      const req = otlpRequest(opts.service, opts.spansPerRequest, seq++);
      let answer: Answer;
      try {
        const res = await fetch(`${opts.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: req.body });
        await res.arrayBuffer();
        answer = { status: res.status, retryAfter: res.headers.get('retry-after'), at: Date.now(), keys: req.keys };
      } catch {
        answer = { status: 0, retryAfter: null, at: Date.now(), keys: req.keys };
      }
      answers.push(answer);
      const ok = answer.status >= 200 && answer.status < 300;
      if (ok) for (const k of req.keys) acked.add(k);
      const pause = ok ? (opts.intervalMs ?? 0) : (opts.pauseMs ?? 50);
      if (pause > 0) await new Promise((r) => setTimeout(r, pause));
    }
  };
  const done = Promise.all(Array.from({ length: opts.concurrency }, worker)).then(() => {
    finished = true;
  });
  return {
    answers,
    acked,
    done,
    get finished() {
      return finished;
    },
    stop: () => {
      stopping = true;
      return done;
    },
  };
}

/** Waits until `check()` is true, polling every `everyMs`; throws with `what` after `timeoutMs`. */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Rows the analyzer API reports for the last hour (call rows + attempt rows). */
export async function storedViaApi(analyzerUrl: string): Promise<number> {
  const res = await fetch(`${analyzerUrl}/api/v1/summary?from=-1h`);
  if (!res.ok) return -1;
  const s = (await res.json()) as { total_calls: number; total_attempts: number };
  return s.total_calls + s.total_attempts;
}

export interface StoredRows {
  keys: RecordKey[];
  distinct: number;
  deadLetters: number;
  offsets: Map<number, bigint>;
}

/** Reads the analyzer's DuckDB file (the analyzer must have exited: DuckDB allows one writer). */
export async function readStore(dataDir: string, topic: string): Promise<StoredRows> {
  const script = fileURLToPath(new URL('./read-store.mjs', import.meta.url));
  const { stdout } = await execFileAsync(process.execPath, [script, join(dataDir, 'claude-errors.duckdb'), topic], { maxBuffer: 256 * 1024 * 1024 });
  const parsed = JSON.parse(stdout) as { keys: RecordKey[]; distinct: number; deadLetters: number; offsets: Array<[number, string]> };
  return { keys: parsed.keys, distinct: parsed.distinct, deadLetters: parsed.deadLetters, offsets: new Map(parsed.offsets.map(([p, o]) => [p, BigInt(o)])) };
}
