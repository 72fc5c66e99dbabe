import type { DuckDBConnection } from '@duckdb/node-api';
import type { ErrorRecord, Component } from '@claude-errors/schemas';
import type { Logger } from 'pino';
import type { WebhookStats } from '../notify/webhook.js';
import { arrivalCap, wallClock, type Clock } from './clock.js';
import { RuleEvaluation, type EvaluationStats } from './evaluation.js';
import type { CatalogLookup } from './events.js';
import { markChanged, type ChangedGroups } from './live-rule.js';
import { defaultRules, loadRulesFile } from './load.js';
import { NotifierSet, type NotifierTuning } from './notifier-set.js';
import { AlertPersistence } from './persistence.js';
import { liveRulesOf, replaceRules, rereadRulesFile } from './reload.js';
import { AlertStore, toAlertRows } from './store.js';
import type { AlertChange, AlertRow, RulesConfig, RuleState } from './types.js';
import { ruleView } from './views.js';
import { watchFile } from './watch.js';

export { ruleHash } from './live-rule.js';

export interface RuleEngineOptions {
  /**
   * DuckDB connection for the engine's tables (alert_state, alerts). Every engine write is one
   * self-contained statement; pass a dedicated connection (`await instance.connect()`) when the
   * caller runs multi-statement transactions on its own connection.
   */
  connection: DuckDBConnection;
  /** YAML rules file; absent -> the shipped defaults. Validated at start; watched and reloaded on change. */
  rulesFile?: string | undefined;
  /** Catalog lookup for annotations (title, cause, fix). */
  catalogEntry?: CatalogLookup | undefined;
  logger?: Logger | undefined;
  /** The engine's clock (clock.ts); default the wall clock. */
  now?: Clock | undefined;
  /** How often time-based conditions (for, keep_firing_for, quiet_for, windows, repeat_interval) are evaluated; default 1000 ms; 0 = never (call tick()). */
  tickIntervalMs?: number | undefined;
  /** Watch the rules file and reload on change (default true). */
  watch?: boolean | undefined;
  /** Notifier tuning (defaults: queue 1000 per notifier, backoff 1 s doubling up to 60 s). */
  notify?: NotifierTuning | undefined;
}

export interface RuleEngineStats extends EvaluationStats {
  persist_errors: number;
  reloads: number;
  reload_errors: number;
}

/**
 * Evaluates alert rules over records as the ingest path commits them, keeps per-group state in
 * DuckDB, and sends notifications asynchronously. Start order: after the store, before receivers.
 *
 * The jobs live beside it: evaluation.ts (rules, groups, events), persistence.ts (saving and
 * recovery after a crash), reload.ts (a changed rules file), notifier-set.ts (the webhooks).
 */
export class RuleEngine implements Component {
  private readonly store: AlertStore;
  private readonly evaluation: RuleEvaluation;
  private readonly notifiers: NotifierSet;
  private readonly persistence: AlertPersistence;
  private readonly listeners: ((a: AlertChange) => void)[] = [];
  private readonly now: Clock;
  private timer: NodeJS.Timeout | undefined;
  private unwatch: (() => void) | undefined;
  private started = false;
  private ticking = false;
  /** Evaluations and reloads under way (shutdown waits for them). */
  private readonly busy = new Set<Promise<unknown>>();
  readonly stats: RuleEngineStats = { observed_records: 0, late_records: 0, future_records: 0, groups_refused: 0, persist_errors: 0, reloads: 0, reload_errors: 0 };

  constructor(private readonly opts: RuleEngineOptions) {
    this.now = opts.now ?? wallClock;
    this.store = new AlertStore(opts.connection);
    this.notifiers = new NotifierSet({ logger: opts.logger, clock: this.now, tuning: opts.notify ?? {}, onResult: (u) => this.persistence.recordDelivery(u) });
    this.persistence = new AlertPersistence({
      store: this.store,
      connection: opts.connection,
      clock: this.now,
      logger: opts.logger,
      notifiers: this.notifiers,
      stats: this.stats,
      publish: (change) => this.publish(change),
    });
    this.evaluation = new RuleEvaluation({ catalogEntry: opts.catalogEntry, stats: this.stats, dropStates: (refs) => void this.persistence.deleteStates(refs) });
  }

  async start(): Promise<void> {
    const config = this.opts.rulesFile ? await loadRulesFile(this.opts.rulesFile) : defaultRules();
    await this.store.init();
    this.evaluation.seq = await this.store.maxSeq();
    this.evaluation.config = config;
    this.notifiers.sync(config.notifiers);
    this.evaluation.live = liveRulesOf(config);
    await this.persistence.recover(this.evaluation, config);
    this.started = true;
    const every = this.opts.tickIntervalMs ?? 1000;
    if (every > 0) this.timer = setInterval(() => void this.tick(), every).unref();
    if (this.opts.rulesFile && this.opts.watch !== false) this.unwatch = watchFile(this.opts.rulesFile, () => void this.reload());
    this.opts.logger?.info({ rules: config.rules.length, notifiers: config.notifiers.length, source: config.source }, 'alert rules loaded');
  }

  /**
   * Stops evaluating and notifying and saves every group. When it resolves no statement of the
   * engine runs on the connection or is still to come, so the caller may close the connection and
   * its DuckDB instance (closing them under a running statement ends the process with SIGSEGV).
   */
  async shutdown(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    clearInterval(this.timer);
    this.unwatch?.();
    await Promise.allSettled(this.busy);
    await this.notifiers.shutdown();
    const all: ChangedGroups = new Map();
    for (const lr of this.evaluation.live.values()) for (const [key, g] of lr.groups) markChanged(all, lr, key, g);
    await this.persistence.commit(all, []);
    await this.store.idle(); // the delivery outcomes the notifiers reported as they stopped
  }

  on(event: 'change', fn: (a: AlertChange) => void): void {
    if (event === 'change') this.listeners.push(fn);
  }

  off(event: 'change', fn: (a: AlertChange) => void): void {
    const i = event === 'change' ? this.listeners.indexOf(fn) : -1;
    if (i >= 0) this.listeners.splice(i, 1);
  }

  /** Evaluates a committed ingest batch. Never throws: alerting must not fail ingest. */
  async observe(records: ErrorRecord[]): Promise<void> {
    if (!this.started || records.length === 0) return;
    const now = this.now();
    const { changed, events } = this.evaluation.observe(records, now, arrivalCap(now));
    this.persistence.defer(changed);
    if (events.length > 0 || this.persistence.saveDue()) await this.whileBusy(this.persistence.commit(this.persistence.takeUnsaved(this.evaluation.live), events));
  }

  /** Evaluates time-based conditions and repeat intervals now (the timer calls this every second). */
  async tick(): Promise<void> {
    const config = this.evaluation.config;
    if (!this.started || this.ticking || !config) return;
    this.ticking = true;
    try {
      const { changed, events, evicted } = this.evaluation.tick(this.now(), config.reorderWindowMs);
      await this.whileBusy(
        (async () => {
          if (evicted.length) await this.persistence.deleteStates(evicted);
          for (const [k, v] of this.persistence.takeUnsaved(this.evaluation.live)) changed.set(k, v);
          await this.persistence.commit(changed, events);
        })(),
      );
    } finally {
      this.ticking = false;
    }
  }

  /** Re-reads the rules file; a bad file keeps the current rules (logged) and returns false. */
  async reload(): Promise<boolean> {
    if (!this.opts.rulesFile || !this.started) return false;
    const config = await rereadRulesFile(this.opts.rulesFile, this.opts.logger);
    if (!config) {
      this.stats.reload_errors++;
      return false;
    }
    if (!this.started) return false; // shut down while the file was read
    await this.whileBusy(this.applyConfig(config));
    this.stats.reloads++;
    this.opts.logger?.info({ rules: config.rules.length, notifiers: config.notifiers.length }, 'alert rules reloaded');
    return true;
  }

  rules(): RuleState[] {
    const config = this.evaluation.config;
    if (!config) return [];
    const now = this.now();
    return [...this.evaluation.live.values()].map((lr) => ruleView(lr.rule, lr.groups.values(), config.notifiers, config.source, now));
  }

  async alerts(opts: { active?: boolean; limit?: number } = {}): Promise<AlertRow[]> {
    const limit = Math.min(Math.max(opts.limit ?? 100, 1), 1000);
    const firing = new Set<string>();
    for (const lr of this.evaluation.live.values()) for (const g of lr.groups.values()) if (g.data.phase === 'firing') firing.add(g.data.fingerprint);
    if (opts.active === true) return toAlertRows(await this.store.activeEvents([...firing]), firing).slice(0, limit);
    const rows = toAlertRows(await this.store.recentEvents(limit), firing);
    return opts.active === false ? rows.filter((r) => !r.active) : rows;
  }

  /** Delivery counters per notifier (for /metrics). */
  notifierStats(): Record<string, WebhookStats> {
    return this.notifiers.stats();
  }

  /** Counts `work` as under way until it settles (shutdown waits for it). */
  private whileBusy<T>(work: Promise<T>): Promise<T> {
    this.busy.add(work);
    const done = (): void => void this.busy.delete(work);
    work.then(done, done);
    return work;
  }

  private publish(change: AlertChange): void {
    for (const fn of this.listeners) {
      try {
        fn(change);
      } catch (err) {
        this.opts.logger?.warn({ err }, 'alert change listener threw');
      }
    }
  }

  /** Applies a new configuration: unchanged rules keep their state; removed or changed rules resolve their alerts. */
  private async applyConfig(config: RulesConfig): Promise<void> {
    await this.persistence.commit(this.persistence.takeUnsaved(this.evaluation.live), []);
    const { events, removed } = replaceRules(this.evaluation, config, this.now());
    this.notifiers.sync(config.notifiers);
    if (removed.length) await this.persistence.deleteStates(removed);
    await this.persistence.commit(new Map(), events);
  }
}
