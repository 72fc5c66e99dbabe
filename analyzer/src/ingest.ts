import { EventEmitter } from 'node:events';
import type { ErrorRecord } from '@claude-errors/schemas';
import type { Logger } from 'pino';
import type { IngestSink, ConsumedOffset, DeadLetter, IngestResult } from './ingest-sink.js';
import { classifyRecord } from './processor/classify-record.js';
import type { RecordStore, WriteResult } from './store/record-store.js';

/** Something that sees each newly stored record once, after commit (the rules engine). */
export interface RecordObserver {
  observe(records: ErrorRecord[]): Promise<void>;
}

export interface IngestStats {
  batches: number;
  received: number;
  stored: number;
  duplicates: number;
  deadLetters: number;
  /** Records the store refused one by one (a value that does not fit its column), kept as dead letters. */
  refused: number;
  /** now - record time of the newest batch, seconds (how far behind real time storage is). */
  lagSeconds: number;
  /** Milliseconds from the oldest record's arrival at the analyzer to its commit, last batch. */
  lastCommitMs: number;
}

/**
 * The analyzer's ingest path: classify each error against the catalog, store rows + offsets +
 * dead letters in one transaction, then hand the new rows to observers (alert rules) and emit
 * them for the live stream. Observers run after the commit and can never un-store a batch.
 */
export class Ingest extends EventEmitter implements IngestSink {
  readonly stats: IngestStats = { batches: 0, received: 0, stored: 0, duplicates: 0, deadLetters: 0, refused: 0, lagSeconds: 0, lastCommitMs: 0 };
  private readonly observers: RecordObserver[] = [];
  private delivered: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: RecordStore,
    private readonly logger?: Logger,
  ) {
    super();
  }

  addObserver(o: RecordObserver): void {
    this.observers.push(o);
  }

  /**
   * Classifies, then queues the write at once (so several batches can be in flight: the store
   * prepares the next while DuckDB commits the previous). Stats, observers and the live stream
   * still see batches one after the other, in the order ingest() was called: each batch's
   * post-commit phase waits for the previous one's.
   */
  ingest(batch: { records: ErrorRecord[]; offsets?: ConsumedOffset[]; deadLetters?: DeadLetter[] }): Promise<IngestResult> {
    const t0 = Date.now();
    let written: Promise<WriteResult>;
    try {
      for (const r of batch.records) classifyRecord(r);
      written = this.store.writeBatch(batch.records, batch.offsets ?? [], batch.deadLetters ?? []);
    } catch (err) {
      written = Promise.reject(err);
    }
    written.catch(() => undefined); // awaited below, perhaps after it settled: not unhandled
    const done = this.delivered.then(async () => {
      const result = await written;
      await this.afterCommit(batch, result, t0);
      return { refused: result.refused };
    });
    this.delivered = done.then(
      () => undefined,
      () => undefined,
    );
    return done;
  }

  private async afterCommit(batch: { records: ErrorRecord[]; deadLetters?: DeadLetter[] }, { inserted, refused }: WriteResult, t0: number): Promise<void> {
    const now = Date.now();
    const s = this.stats;
    s.batches++;
    s.received += batch.records.length;
    s.stored += inserted.length;
    s.duplicates += batch.records.length - inserted.length - refused.length;
    s.deadLetters += (batch.deadLetters?.length ?? 0) + refused.length;
    s.refused += refused.length;
    s.lastCommitMs = now - t0;
    if (inserted.length > 0) s.lagSeconds = (now - maxTime(inserted)) / 1000;
    if (inserted.length === 0) return;
    for (const o of this.observers) {
      try {
        await o.observe(inserted);
      } catch (err) {
        this.logger?.error({ err }, 'record observer failed; records are stored');
      }
    }
    this.emit('records', inserted);
  }

  storedOffsets(topic: string): Promise<Map<number, string>> {
    return this.store.storedOffsets(topic);
  }
}

function maxTime(records: ErrorRecord[]): number {
  let m = 0;
  for (const r of records) if (r.time > m) m = r.time;
  return m;
}
