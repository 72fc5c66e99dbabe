import type { Decoded } from './decode.js';

/** Decoded messages of one partition waiting to be stored, in offset order. */
export interface Chunk {
  /** Offset of the chunk's last message. */
  lastOffset: string;
  messages: number;
  decoded: Decoded;
  /** The group generation the chunk was fetched in; a chunk of an older one is never stored. */
  generation: number;
}

/**
 * One partition's chunks between the fetch and the store: stored one at a time, in order, by a
 * single drain loop, so a later chunk (and its offset) never commits before an earlier one. The
 * fetch side adds chunks and goes on fetching while the drain stores; `waitBelow` is its
 * backpressure (it waits while more than a given number of records wait behind the chunk being
 * stored).
 */
export class PartitionLane {
  private readonly queue: Chunk[] = [];
  private queuedRecords = 0;
  private draining: Promise<void> | null = null;
  private progress = deferred();

  /** `store` resolves true once the chunk is stored, false when it gave up (stopping, new generation). */
  constructor(private readonly store: (chunk: Chunk) => Promise<boolean>) {}

  add(chunk: Chunk): void {
    this.queue.push(chunk);
    this.queuedRecords += chunk.decoded.records.length;
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
      this.signal();
    });
  }

  /**
   * Resolves when at most `records` records wait behind the chunk being stored, or nothing is
   * being stored; `tick` runs every `tickMs` meanwhile (the consumer's heartbeat).
   */
  async waitBelow(records: number, tick: () => Promise<void>, tickMs: number): Promise<void> {
    while (this.draining && this.queuedRecords - (this.queue[0]?.decoded.records.length ?? 0) > records) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.progress.promise, new Promise<void>((r) => (timer = setTimeout(r, tickMs)))]);
      clearTimeout(timer);
      await tick();
    }
  }

  /** Resolves when nothing is being stored (the chunks not started are dropped by `store` giving up). */
  idle(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  /** Forgets the chunks not started yet (they are fetched again from the stored offsets). */
  clear(): void {
    const started = this.draining ? this.queue.slice(0, 1) : [];
    this.queue.length = 0;
    this.queue.push(...started);
    this.queuedRecords = started.reduce((n, c) => n + c.decoded.records.length, 0);
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const chunk = this.queue[0]!;
      const stored = await this.store(chunk);
      this.queue.shift();
      this.queuedRecords -= chunk.decoded.records.length;
      this.signal();
      if (!stored) {
        this.queue.length = 0;
        this.queuedRecords = 0;
        return;
      }
    }
  }

  private signal(): void {
    this.progress.resolve();
    this.progress = deferred();
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
