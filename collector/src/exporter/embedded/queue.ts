import type { ErrorRecord, Exporter } from '@claude-errors/schemas';
import { collectorError, ErrorCodes } from '../../errors.js';

/** One accepted request's records, settled when the analyzer has committed them (or failed). */
export interface QueuedBatch {
  records: ErrorRecord[];
  resolve(): void;
  reject(err: unknown): void;
}

export interface EmbeddedQueueOptions {
  /** Most records waiting for the analyzer; beyond it `consume` rejects with 429 (backpressure). */
  maxRecords?: number;
  retryAfterSeconds?: number;
}

/**
 * Embedded mode's exporter: a bounded in-process queue between the collector and the analyzer.
 * `consume` resolves only after the analyzer has committed the batch to DuckDB, so the collector's
 * 2xx means "stored". When the queue is full it rejects at once with CE_ERR_QUEUE_FULL (HTTP 429
 * with Retry-After) instead of buffering without bound or dropping.
 */
export class EmbeddedQueue implements Exporter {
  readonly name = 'embedded';
  private readonly items: QueuedBatch[] = [];
  private depth = 0;
  private waiter: (() => void) | null = null;
  private closed = false;
  private readonly maxRecords: number;
  private readonly retryAfterSeconds: number;
  accepted = 0;
  refused = 0;

  constructor(opts: EmbeddedQueueOptions = {}) {
    this.maxRecords = opts.maxRecords ?? 200_000;
    this.retryAfterSeconds = opts.retryAfterSeconds ?? 1;
  }

  async start(): Promise<void> {
    this.closed = false;
  }

  /** Stops accepting; batches already queued stay for the analyzer to drain. */
  async shutdown(): Promise<void> {
    this.closed = true;
    this.wake();
  }

  ready(): boolean {
    return !this.closed && this.depth < this.maxRecords;
  }

  get queuedRecords(): number {
    return this.depth;
  }

  consume(records: ErrorRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    if (this.closed) {
      return Promise.reject(collectorError('unavailable', ErrorCodes.SHUTTING_DOWN, 'collector is shutting down', { retryAfterSeconds: 5 }));
    }
    if (this.depth + records.length > this.maxRecords && this.depth > 0) {
      this.refused += records.length;
      return Promise.reject(collectorError('throttled', ErrorCodes.QUEUE_FULL, `embedded queue full (${this.depth} records waiting for storage)`, { retryAfterSeconds: this.retryAfterSeconds }));
    }
    return new Promise<void>((resolve, reject) => {
      this.items.push({ records, resolve, reject });
      this.depth += records.length;
      this.accepted += records.length;
      this.wake();
    });
  }

  /**
   * Analyzer side: waits until batches are queued (or the queue is shut down) and takes up to
   * `maxRecords` records' worth of whole batches. Returns [] only once shut down and empty.
   */
  async take(maxRecords: number): Promise<QueuedBatch[]> {
    while (this.items.length === 0) {
      if (this.closed) return [];
      await new Promise<void>((r) => (this.waiter = r));
    }
    const out: QueuedBatch[] = [];
    let n = 0;
    while (this.items.length > 0 && (out.length === 0 || n + this.items[0]!.records.length <= maxRecords)) {
      const b = this.items.shift()!;
      n += b.records.length;
      out.push(b);
    }
    this.depth -= n;
    return out;
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }
}
