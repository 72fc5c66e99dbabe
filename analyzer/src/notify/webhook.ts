import type { Logger } from 'pino';
import { scrubSecrets } from '@claude-errors/instrumentation-anthropic/scrub';
import type { NotifierConfig } from './config.js';
import { renderPayload } from './format.js';
import type { AlertNotification, DeliveryUpdate, NotificationGroup } from './notification.js';

/** One request's worth: a notification, or a group of them; `ids` are their `alerts` table rows. */
interface Outgoing {
  body: AlertNotification | NotificationGroup;
  ids: string[];
  label: string; // for logs: a fingerprint or a group
  attempts: number;
}

export interface WebhookOptions {
  logger?: Logger | undefined;
  /** Called with every delivery outcome (sent, failed, dropped); the engine logs it in `alerts`. */
  onResult: (u: DeliveryUpdate) => void;
  now: () => number;
  queueLimit?: number | undefined; // default 1000
  backoffBaseMs?: number | undefined; // default 1000, doubling
  backoffMaxMs?: number | undefined; // default 60000
}

export interface WebhookStats {
  queued: number;
  sent: number;
  failed: number;
  dropped: number;
  retries: number;
}

/**
 * Delivers notifications to one webhook, in order, one request at a time, off the ingest path.
 * A failing receiver (network error, 5xx, 408, 429) is retried with exponential backoff up to
 * `maxAttempts`; other 4xx answers fail at once. When the queue is full the oldest waiting
 * notification is dropped, logged and counted. With grouping (`groupBy`), notifications whose
 * labels agree on the group's names wait `groupWaitMs` for each other and go out as one request,
 * at most one per group per `groupIntervalMs`, as Alertmanager's group_wait and group_interval.
 */
export class WebhookNotifier {
  private readonly queue: Outgoing[] = [];
  private readonly forming = new Map<string, { labels: Record<string, string>; alerts: AlertNotification[]; timer: NodeJS.Timeout }>();
  private readonly lastGroupSend = new Map<string, number>();
  private running = false;
  private stopped = false;
  private wake: (() => void) | undefined;
  private idle: Promise<void> = Promise.resolve();
  readonly stats: WebhookStats = { queued: 0, sent: 0, failed: 0, dropped: 0, retries: 0 };

  constructor(
    public config: NotifierConfig,
    private readonly opts: WebhookOptions,
  ) {}

  get name(): string {
    return this.config.name;
  }

  /** Queues a notification (or adds it to its forming group); never blocks and never throws. */
  enqueue(n: AlertNotification): void {
    if (this.stopped) return;
    const by = this.config.groupBy;
    if (!by) return this.push({ body: n, ids: [n.id], label: n.fingerprint, attempts: 0 });
    const labels: Record<string, string> = {};
    for (const name of by) labels[name] = name === 'alertname' ? n.rule : (n.labels[name] ?? '');
    const key = JSON.stringify(labels);
    const forming = this.forming.get(key);
    if (forming) {
      forming.alerts.push(n);
      return;
    }
    const now = this.opts.now();
    const last = this.lastGroupSend.get(key);
    const at = Math.max(now + this.config.groupWaitMs, last === undefined ? 0 : last + this.config.groupIntervalMs);
    const timer = setTimeout(() => this.sendGroup(key), Math.max(0, at - now));
    this.forming.set(key, { labels, alerts: [n], timer });
  }

  private sendGroup(key: string): void {
    const g = this.forming.get(key);
    if (!g) return;
    this.forming.delete(key);
    this.lastGroupSend.set(key, this.opts.now());
    this.push({ body: { labels: g.labels, alerts: g.alerts }, ids: g.alerts.map((a) => a.id), label: key, attempts: 0 });
  }

  private push(o: Outgoing): void {
    if (this.queue.length >= (this.opts.queueLimit ?? 1000)) {
      const dropped = this.queue.shift();
      if (dropped) {
        this.stats.dropped++;
        this.opts.logger?.warn({ notifier: this.name, code: 'CE_ERR_NOTIFY_QUEUE_FULL', alert: dropped.label }, 'notifier queue full: oldest notification dropped');
        this.result(dropped, 'dropped', 'queue full', null);
      }
    }
    this.queue.push(o);
    this.stats.queued = this.queue.length;
    this.kick();
  }

  private result(o: Outgoing, delivery: DeliveryUpdate['delivery'], lastError: string | null, deliveredAt: number | null): void {
    for (const id of o.ids) this.opts.onResult({ id, delivery, attempts: o.attempts, last_error: lastError, delivered_at: deliveredAt });
  }

  private kick(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    this.idle = this.pump().finally(() => {
      this.running = false;
    });
  }

  private async pump(): Promise<void> {
    while (!this.stopped && this.queue.length > 0) {
      const head = this.queue[0] as Outgoing;
      head.attempts++;
      const outcome = await this.post(head.body);
      if (outcome.ok) {
        this.queue.shift();
        this.stats.sent++;
        this.result(head, 'sent', null, this.opts.now());
      } else if (!outcome.retryable || head.attempts >= this.config.maxAttempts) {
        this.queue.shift();
        this.stats.failed++;
        this.opts.logger?.error({ notifier: this.name, code: 'CE_ERR_NOTIFY_FAILED', alert: head.label, attempts: head.attempts, error: outcome.error }, 'notification failed');
        this.result(head, 'failed', outcome.error, null);
      } else {
        this.stats.retries++;
        const delay = Math.min((this.opts.backoffBaseMs ?? 1000) * 2 ** (head.attempts - 1), this.opts.backoffMaxMs ?? 60_000);
        this.opts.logger?.warn({ notifier: this.name, alert: head.label, attempt: head.attempts, retryInMs: delay, error: outcome.error }, 'notification failed; will retry');
        this.result(head, 'pending', outcome.error, null);
        await this.sleep(Math.max(delay, outcome.retryAfterMs ?? 0));
      }
      this.stats.queued = this.queue.length;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async post(n: AlertNotification | NotificationGroup): Promise<{ ok: true } | { ok: false; retryable: boolean; error: string; retryAfterMs?: number }> {
    // Labels and annotations come from stored records (already scrubbed) and rule text: scrubbed again as sent.
    const body = scrubSecrets(JSON.stringify(renderPayload(this.config.format, n, this.name)));
    try {
      const res = await fetch(this.config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'claude-errors-alerts', ...this.config.headers },
        body,
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true };
      const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
      const retryAfter = Number(res.headers.get('retry-after'));
      return {
        ok: false,
        retryable,
        error: `HTTP ${res.status}`,
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: Math.min(retryAfter * 1000, 60_000) } : {}),
      };
    } catch (err) {
      // Never include the URL: it may carry a token.
      const e = err as { name?: string; cause?: { code?: string }; message?: string };
      return { ok: false, retryable: true, error: e.cause?.code ?? e.name ?? 'network error' };
    }
  }

  /** Stops sending; the request in flight finishes. Undelivered notifications (groups still forming too) stay 'pending' in the table. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    for (const g of this.forming.values()) clearTimeout(g.timer);
    this.forming.clear();
    this.wake?.();
    await this.idle;
  }
}
