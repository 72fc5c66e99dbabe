// One timer for many deadlines that are nearly always met before they pass: the SDK's read of a
// JSON body (attempt.ts) and the first read of a stream (stream.ts). A Node timer set and cleared
// per call (a Timeout object, its async resource, list and priority-queue updates) cost more than
// a Map entry added and deleted; this timer runs once per deadline period at most.
import { safe } from './guard.js';

export interface Expiring {
  /** Called once when the deadline passed before `Deadlines.delete` took the item back. */
  expire(): void;
}

export class Deadlines {
  /** Item → performance.now() at which it expires. */
  private readonly due = new Map<Expiring, number>();
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;
  /** performance.now() at which `timer` fires. */
  private at = Infinity;

  /** `item.expire()` runs in `ms` unless `delete(item)` comes first. */
  add(item: Expiring, ms: number): void {
    const deadline = performance.now() + ms;
    this.due.set(item, deadline);
    this.sweepBy(deadline);
  }

  /** Takes `item` back; returns whether it was still waiting. */
  delete(item: Expiring): boolean {
    return this.due.delete(item);
  }

  private sweepBy(deadline: number): void {
    if (this.timer !== undefined) {
      if (this.at <= deadline) return;
      clearTimeout(this.timer);
    }
    this.at = deadline;
    this.timer = setTimeout(this.sweep, Math.max(1, Math.ceil(deadline - performance.now())));
    (this.timer as { unref?: () => void }).unref?.();
  }

  private readonly sweep = (): void => {
    this.timer = undefined;
    this.at = Infinity;
    const now = performance.now();
    let next = Infinity;
    for (const [item, deadline] of this.due) {
      if (deadline > now) {
        if (deadline < next) next = deadline;
        continue;
      }
      this.due.delete(item);
      safe(() => item.expire());
    }
    if (next !== Infinity) this.sweepBy(next);
  };
}
