import { Worker } from 'node:worker_threads';
import { collectorError, ErrorCodes } from '../../errors.js';
import type { EncodedRecords } from '../../exporter/kafka/messages.js';
import { KafkaExporterErrorCodes } from '../../exporter/kafka/errors.js';
import type { MapOptions } from '../../processor/map/checks.js';
import type { DecodeSummary, RawRequest } from './decode-request.js';
import { errorFromWire, fromWire, ownBytes, type DecodeReply, type DecodeTask } from './decode-protocol.js';

export interface DecodePoolOptions {
  /** Threads (at least 1). */
  threads: number;
  /** Requests waiting for a thread beyond those in flight; one more is refused with 429. Default 64. */
  maxQueued?: number | undefined;
  /** The thread's script (tests give one of their own). Default: decode-worker.js next to this module. */
  script?: URL | undefined;
  /** Told when a thread died and was replaced. */
  onThreadLost?: ((reason: string) => void) | undefined;
}

export interface DecodedEncoded extends DecodeSummary {
  encoded: EncodedRecords;
}

/** Requests in flight per thread: one decoding, one posted behind it, so a thread never waits for the event loop. */
const IN_FLIGHT_PER_THREAD = 2;

interface Job {
  id: number;
  task: Omit<DecodeTask, 'id' | 'body'>;
  body: Buffer;
  resolve(value: DecodedEncoded): void;
  reject(err: Error): void;
}

interface Thread {
  worker: Worker;
  jobs: Map<number, Job>;
  error: string | undefined;
  /** The thread started running its script. */
  online: boolean;
}

/**
 * A thread's young generation: 12 MiB, two semi-spaces of 4 MiB (V8 counts a third for large
 * objects), where Node 22 grows them to 16 MiB each. A thread decodes protobuf traces a span at a
 * time (decode-fused.ts): what survives a young collection is the span being mapped, not the
 * request, so small semi-spaces cost few copies, and each MiB of them is resident memory (docs/kafka.md,
 * "Collector memory").
 */
const THREAD_YOUNG_GENERATION_MB = 12;

/** How long a thread that died before it came online waits to be replaced (a script that cannot load must not spin). */
const RESPAWN_DELAY_MS = 1_000;

/**
 * A few worker threads that do a request's CPU work off the event loop: decompression, decoding,
 * mapping, redaction and encoding for the Kafka exporter (decode-worker.ts). The body goes to a
 * thread by transfer (copied first when it shares its ArrayBuffer), the encoded bytes come back by
 * transfer: no record object crosses. Jobs go to the thread with the fewest in flight (at most
 * IN_FLIGHT_PER_THREAD each); beyond that up to `maxQueued` wait, and one more is refused at once
 * with CE_ERR_EXPORTER_BUSY (429), as the exporter refuses when its queue is full.
 *
 * A thread that dies (an uncaught error, out of memory) fails its jobs with
 * CE_ERR_DECODE_THREAD_LOST (503: nothing was handed to the exporter, the sender resends) and is
 * replaced. close() refuses new jobs, waits for those taken, then stops the threads.
 */
export class DecodePool {
  private readonly threads: Thread[] = [];
  private readonly queue: Job[] = [];
  private readonly maxQueued: number;
  private readonly script: URL;
  private nextId = 1;
  private closing = false;
  private idleWaiters: Array<() => void> = [];
  /** Threads replaced after dying. */
  replaced = 0;

  constructor(private readonly opts: DecodePoolOptions) {
    this.maxQueued = opts.maxQueued ?? 64;
    this.script = opts.script ?? workerScript();
    for (let i = 0; i < Math.max(1, opts.threads); i++) this.threads.push(this.spawn());
  }

  /** Decodes one request's raw body in a thread. Rejects with the coded error decoding raised there. */
  run(task: RawRequest & { mapOptions: MapOptions }, body: Buffer): Promise<DecodedEncoded> {
    if (this.closing) return Promise.reject(shuttingDown());
    const thread = this.leastBusy();
    if (!thread && this.queue.length >= this.maxQueued) {
      return Promise.reject(
        collectorError('throttled', KafkaExporterErrorCodes.EXPORTER_BUSY, `decode queue is full (${this.queue.length} requests waiting for a decode thread, limit ${this.maxQueued}); retry later`, { retryAfterSeconds: 1 }),
      );
    }
    return new Promise<DecodedEncoded>((resolve, reject) => {
      const job: Job = { id: this.nextId++, task, body, resolve, reject };
      if (thread) this.post(thread, job);
      else this.queue.push(job);
    });
  }

  /** Requests waiting for a thread, and in flight in threads. */
  get pending(): { queued: number; inFlight: number } {
    return { queued: this.queue.length, inFlight: this.threads.reduce((n, t) => n + t.jobs.size, 0) };
  }

  /** Refuses new requests, waits until every request taken has its answer, then stops the threads. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.queue.length > 0 || this.pending.inFlight > 0) await new Promise<void>((r) => this.idleWaiters.push(r));
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }

  private leastBusy(): Thread | undefined {
    let best: Thread | undefined;
    for (const t of this.threads) if (t.jobs.size < IN_FLIGHT_PER_THREAD && (!best || t.jobs.size < best.jobs.size)) best = t;
    return best;
  }

  private post(thread: Thread, job: Job): void {
    thread.jobs.set(job.id, job);
    const body = ownBytes(job.body);
    const message: DecodeTask = { ...job.task, id: job.id, body };
    job.body = Buffer.alloc(0);
    thread.worker.postMessage(message, [body.buffer as ArrayBuffer]);
  }

  private spawn(): Thread {
    const execArgv = builtExecArgv();
    const resourceLimits = { maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB };
    const worker = new Worker(this.script, execArgv ? { execArgv, resourceLimits } : { resourceLimits });
    const thread: Thread = { worker, jobs: new Map(), error: undefined, online: false };
    worker.on('online', () => (thread.online = true));
    worker.on('message', (reply: DecodeReply) => this.answer(thread, reply));
    worker.on('error', (err) => (thread.error = String(err)));
    worker.on('exit', (code) => this.lost(thread, thread.error ?? `exit code ${code}`));
    return thread;
  }

  private answer(thread: Thread, reply: DecodeReply): void {
    const job = thread.jobs.get(reply.id);
    if (!job) return;
    thread.jobs.delete(reply.id);
    if ('error' in reply) job.reject(errorFromWire(reply.error));
    else job.resolve({ ...reply.summary, encoded: fromWire(reply.encoded) });
    this.next(thread);
  }

  /** A thread ended: its jobs fail (unless the pool is closing and it had none), and it is replaced. */
  private lost(thread: Thread, reason: string): void {
    const at = this.threads.indexOf(thread);
    if (at < 0) return;
    const jobs = [...thread.jobs.values()];
    thread.jobs.clear();
    for (const job of jobs) {
      job.reject(collectorError('unavailable', ErrorCodes.DECODE_THREAD_LOST, `the decode thread handling this request stopped (${reason}); nothing was accepted, resend`, { retryAfterSeconds: 1 }));
    }
    this.threads.splice(at, 1);
    if (this.closing) {
      if (this.threads.length === 0) this.failQueued();
      this.settleIdle();
      return;
    }
    this.replaced++;
    this.opts.onThreadLost?.(reason);
    const replace = (): void => {
      if (this.closing) {
        if (this.threads.length === 0) this.failQueued();
        return this.settleIdle();
      }
      const fresh = this.spawn();
      this.threads.push(fresh);
      this.next(fresh);
    };
    if (thread.online) replace();
    else setTimeout(replace, RESPAWN_DELAY_MS).unref();
  }

  /** Gives a thread the next waiting job, if any; tells close() when nothing is left. */
  private next(thread: Thread): void {
    while (thread.jobs.size < IN_FLIGHT_PER_THREAD && this.queue.length > 0) this.post(thread, this.queue.shift()!);
    this.settleIdle();
  }

  /** Closing without a thread left: the waiting requests are answered 503 (nothing was accepted). */
  private failQueued(): void {
    for (const job of this.queue.splice(0)) job.reject(shuttingDown());
  }

  private settleIdle(): void {
    if (this.idleWaiters.length === 0 || this.queue.length > 0 || this.pending.inFlight > 0) return;
    for (const wake of this.idleWaiters.splice(0)) wake();
  }
}

/**
 * The Node flags for a thread when the process runs with `--conditions source` (the test runner:
 * packages resolve to their TypeScript there): the process's flags less those, since the thread
 * runs built JavaScript only. Otherwise undefined: the thread inherits the process's flags (given
 * explicitly, V8 flags such as --max-semi-space-size would be refused).
 */
function builtExecArgv(): string[] | undefined {
  const argv = process.execArgv;
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if ((flag === '--conditions' || flag === '-C') && argv[i + 1] === 'source') i++;
    else if (flag !== '--conditions=source') out.push(flag);
  }
  return out.length === argv.length ? undefined : out;
}

function shuttingDown(): Error {
  return collectorError('unavailable', ErrorCodes.SHUTTING_DOWN, 'collector is shutting down', { retryAfterSeconds: 5 });
}

/**
 * decode-worker.js next to this module. Run from TypeScript sources (tests import src/), the
 * thread runs the build's copy in dist/ (`npx tsc -b`): Node cannot run the .ts module graph itself.
 */
function workerScript(): URL {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return new URL('./decode-worker.js', here.replace('/collector/src/', '/collector/dist/'));
  return new URL('./decode-worker.js', here);
}
