import type { Logger } from 'pino';
import { WebhookNotifier, type WebhookStats } from '../notify/webhook.js';
import type { Clock } from './clock.js';
import { notificationOf } from './events.js';
import type { DeliveryUpdate } from '../notify/notification.js';
import type { AlertLogRow } from './store.js';
import type { NotifierConfig } from './types.js';

export interface NotifierTuning {
  queueLimit?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export interface NotifierSetOptions {
  logger: Logger | undefined;
  clock: Clock;
  tuning: NotifierTuning;
  /** Every delivery outcome, to be logged in the `alerts` table. */
  onResult: (u: DeliveryUpdate) => void;
}

/** The running webhook notifiers, one per configured notifier, kept in step with the rules file. */
export class NotifierSet {
  private readonly byName = new Map<string, WebhookNotifier>();
  /** Notifiers a reload removed, finishing their request in flight (its outcome is still logged). */
  private readonly retiring = new Set<Promise<void>>();

  constructor(private readonly opts: NotifierSetOptions) {}

  /** Stops notifiers no longer configured, updates kept ones in place, starts new ones. */
  sync(configs: NotifierConfig[]): void {
    const wanted = new Set(configs.map((n) => n.name));
    for (const [name, n] of this.byName) {
      if (wanted.has(name)) continue;
      const stopping: Promise<void> = n.shutdown().finally(() => this.retiring.delete(stopping));
      this.retiring.add(stopping);
      this.byName.delete(name);
    }
    for (const cfg of configs) {
      const existing = this.byName.get(cfg.name);
      if (existing) {
        existing.config = cfg;
        continue;
      }
      const tuning = this.opts.tuning;
      this.byName.set(
        cfg.name,
        new WebhookNotifier(cfg, {
          logger: this.opts.logger,
          now: this.opts.clock,
          onResult: this.opts.onResult,
          queueLimit: tuning.queueLimit,
          backoffBaseMs: tuning.backoffBaseMs,
          backoffMaxMs: tuning.backoffMaxMs,
        }),
      );
    }
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Queues each logged row with its notifier (rows of notifiers no longer configured are skipped). */
  send(rows: AlertLogRow[]): void {
    for (const row of rows) if (row.notifier !== null) this.byName.get(row.notifier)?.enqueue(notificationOf(row));
  }

  /** Delivery counters per notifier (for /metrics). */
  stats(): Record<string, WebhookStats> {
    return Object.fromEntries([...this.byName].map(([name, n]) => [name, { ...n.stats }]));
  }

  /** Stops every notifier, those a reload removed included; resolves when none has a request in flight. */
  async shutdown(): Promise<void> {
    await Promise.all([...[...this.byName.values()].map((n) => n.shutdown()), ...this.retiring]);
  }
}
