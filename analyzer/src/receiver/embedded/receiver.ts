import type { CeError, Component, ErrorRecord } from '@claude-errors/schemas';
import type { Logger } from 'pino';
import { analyzerError, ErrorCodes } from '../../errors.js';
import type { IngestSink, RefusedRecord } from '../../ingest-sink.js';

/** The analyzer side of the embedded queue (structurally the collector's EmbeddedQueue). */
export interface BatchQueue {
  take(maxRecords: number): Promise<{ records: ErrorRecord[]; resolve(): void; reject(err: unknown): void }[]>;
}

type Taken = Awaited<ReturnType<BatchQueue['take']>>;

/**
 * Drains the embedded queue into the ingest path, one transaction per take. Each queued request
 * is resolved (so the collector answers 200) only after the commit, or rejected (503) if the
 * write failed: nothing is acknowledged that is not stored. A request with a record the store
 * refused (a value that does not fit its column; the store keeps it as a dead letter and commits
 * the rest) is rejected with CE_ERR_STORE_REFUSED (400: resending cannot succeed), and only that
 * request: the others in the same take are answered 200. Up to `maxInFlight` takes are in the
 * ingest path at once (default 2), so the next batch is classified and converted while DuckDB
 * commits the previous one; they commit in take order.
 */
export class EmbeddedReceiver implements Component {
  private loop: Promise<void> | null = null;

  constructor(
    private readonly queue: BatchQueue,
    private readonly sink: IngestSink,
    private readonly opts: { maxBatchRecords?: number; maxInFlight?: number; logger?: Logger } = {},
  ) {}

  async start(): Promise<void> {
    this.loop = this.run();
  }

  /** Waits until the queue is closed (by the collector's shutdown) and drained. */
  async shutdown(): Promise<void> {
    await this.loop;
  }

  private async run(): Promise<void> {
    const max = this.opts.maxBatchRecords ?? 20_000;
    const depth = Math.max(1, this.opts.maxInFlight ?? 2);
    const inFlight = new Set<Promise<void>>();
    for (;;) {
      while (inFlight.size >= depth) await Promise.race(inFlight);
      const batches = await this.queue.take(max);
      if (batches.length === 0) break;
      const p: Promise<void> = this.ingest(batches).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.all(inFlight);
  }

  /** Never rejects: the senders learn the outcome. */
  private async ingest(batches: Taken): Promise<void> {
    const records = batches.length === 1 ? batches[0]!.records : batches.flatMap((b) => b.records);
    try {
      const result = await this.sink.ingest({ records });
      const refused = result?.refused ?? [];
      for (const b of batches) {
        const mine = refused.length === 0 ? [] : refusedOf(b.records, refused);
        if (mine.length === 0) b.resolve();
        else b.reject(refusedError(mine, b.records.length));
      }
    } catch (err) {
      this.opts.logger?.error({ err }, 'embedded ingest failed; the senders get 503 and retry');
      for (const b of batches) b.reject(err);
    }
  }
}

function refusedOf(records: ErrorRecord[], refused: RefusedRecord[]): RefusedRecord[] {
  const own = new Set(records);
  return refused.filter((r) => own.has(r.record));
}

function refusedError(refused: RefusedRecord[], of: number): CeError {
  const first = refused[0]!;
  return analyzerError('invalid', ErrorCodes.STORE_REFUSED, `${refused.length} of ${of} records refused by the store (kept as dead letters; the others are stored): ${first.reason}`);
}
