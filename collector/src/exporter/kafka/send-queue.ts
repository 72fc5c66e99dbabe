/** What the queue carries: anything that says how many records it holds. */
export interface Queued {
  readonly records: number;
}

/** One consume() call waiting for its records to be acknowledged. */
interface Waiter<T extends Queued> {
  item: T;
  settled: boolean;
  inFlight: boolean;
  timer: NodeJS.Timeout | undefined;
  resolve(): void;
  reject(err: unknown): void;
}

export interface SendQueueOptions {
  lingerMs: number;
  maxBatchRecords: number;
  /** Deadline of each caller, from enqueue; on expiry the caller is rejected with `onTimeout()`. */
  timeoutMs: number;
  onTimeout(inFlight: boolean): Error;
}

/**
 * Coalesces the records of concurrent callers into batches and sends ONE batch at a time: the next
 * send starts only after the previous one settled, even if its callers already gave up waiting
 * (so the producer never has two sends in flight). A caller resolves only after the batch holding
 * its records was acknowledged, and is never split across batches.
 *
 * A caller whose deadline passes while still queued is removed (its records are never sent); one
 * whose deadline passes in flight is rejected, but the send may still complete: a retry from the
 * caller then writes the records twice, which the analyzer's dedupe key absorbs.
 */
export class SendQueue<T extends Queued> {
  private readonly queue: Waiter<T>[] = [];
  private linger: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private queued = 0;
  private flying = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly send: (items: T[]) => Promise<void>,
    private readonly opts: SendQueueOptions,
  ) {}

  /** Records queued and not yet in flight. */
  get pendingRecords(): number {
    return this.queued;
  }

  get inFlightRecords(): number {
    return this.flying;
  }

  get sending(): boolean {
    return this.current !== undefined;
  }

  enqueue(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter<T> = { item, settled: false, inFlight: false, timer: undefined, resolve, reject };
      waiter.timer = setTimeout(() => this.expire(waiter), this.opts.timeoutMs);
      this.queue.push(waiter);
      this.queued += item.records;
      this.schedule();
    });
  }

  /** Resolves once nothing is queued or in flight. */
  idle(): Promise<void> {
    if (this.queue.length === 0 && !this.current) return Promise.resolve();
    if (this.linger) this.flushNow();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.current) return; // the running send reschedules when it settles
    if (this.queued >= this.opts.maxBatchRecords || this.opts.lingerMs === 0) {
      this.flushNow();
    } else if (!this.linger) {
      this.linger = setTimeout(() => this.flushNow(), this.opts.lingerMs);
    }
  }

  private flushNow(): void {
    if (this.linger) clearTimeout(this.linger);
    this.linger = undefined;
    if (this.current) return;
    const batch = this.takeBatch();
    if (batch.length === 0) {
      this.notifyIdle();
      return;
    }
    this.current = this.run(batch).finally(() => {
      this.current = undefined;
      if (this.queue.length > 0) this.flushNow();
      else this.notifyIdle();
    });
  }

  private takeBatch(): Waiter<T>[] {
    const batch: Waiter<T>[] = [];
    let count = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (batch.length > 0 && count + next.item.records > this.opts.maxBatchRecords) break;
      this.queue.shift();
      this.queued -= next.item.records;
      next.inFlight = true;
      count += next.item.records;
      batch.push(next);
    }
    this.flying = count;
    return batch;
  }

  private async run(batch: Waiter<T>[]): Promise<void> {
    try {
      await this.send(batch.map((w) => w.item));
      for (const w of batch) settle(w, undefined);
    } catch (err) {
      for (const w of batch) settle(w, err ?? new Error('send failed'));
    } finally {
      this.flying = 0;
    }
  }

  private expire(waiter: Waiter<T>): void {
    if (waiter.settled) return;
    if (!waiter.inFlight) {
      const i = this.queue.indexOf(waiter);
      if (i >= 0) this.queue.splice(i, 1);
      this.queued -= waiter.item.records;
    }
    settle(waiter, this.opts.onTimeout(waiter.inFlight));
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

function settle(w: Waiter<Queued>, err: unknown): void {
  if (w.settled) return;
  w.settled = true;
  if (w.timer) clearTimeout(w.timer);
  if (err === undefined) w.resolve();
  else w.reject(err);
}
