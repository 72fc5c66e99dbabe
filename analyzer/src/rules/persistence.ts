import type { DuckDBConnection } from '@duckdb/node-api';
import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import { alertEvent, changeOf, logRows, type AlertEvent } from './events.js';
import type { RuleEvaluation } from './evaluation.js';
import { GroupEvaluator } from './group.js';
import { markChanged, type ChangedGroups, type LiveRule, type StateRef } from './live-rule.js';
import { alertIdOf } from './match.js';
import type { NotifierSet } from './notifier-set.js';
import { annotateProviderIncidents } from './provider-incidents.js';
import type { DeliveryUpdate } from '../notify/notification.js';
import type { AlertLogRow, AlertStore } from './store.js';
import type { AlertChange, Rule, RulesConfig } from './types.js';
import { notifiersOf } from './views.js';

/** Streak and window progress is saved at most this often (by the engine's clock); alert state changes are saved at once. */
export const SAVE_EVERY_MS = 1000;

export interface PersistenceOptions {
  store: AlertStore;
  connection: DuckDBConnection;
  clock: Clock;
  logger: Logger | undefined;
  notifiers: NotifierSet;
  stats: { persist_errors: number };
  /** Told of every firing and resolved event once it is logged. */
  publish: (change: AlertChange) => void;
}

/**
 * Saves what evaluation changed (the `alerts` log and `alert_state`), then tells listeners and
 * queues notifications; after a crash, rebuilds the groups from what was saved.
 */
export class AlertPersistence {
  /** Groups changed since their state was last saved (saved at most every SAVE_EVERY_MS, or with any event). */
  private unsaved: ChangedGroups = new Map();
  private lastSave = 0;

  constructor(private readonly opts: PersistenceOptions) {}

  /** Keeps changed groups to save with the next commit. */
  defer(changed: ChangedGroups): void {
    for (const [k, v] of changed) this.unsaved.set(k, v);
  }

  /** Whether deferred progress is due to be saved. */
  saveDue(): boolean {
    return this.opts.clock() - this.lastSave >= SAVE_EVERY_MS;
  }

  /** The deferred groups that still belong to the loaded rules (a reload replaces them). */
  takeUnsaved(live: Map<string, LiveRule>): ChangedGroups {
    const out: ChangedGroups = new Map();
    for (const [k, v] of this.unsaved) if (live.get(v.lr.rule.name) === v.lr && v.lr.groups.get(v.key) === v.g) out.set(k, v);
    this.unsaved = new Map();
    this.lastSave = this.opts.clock();
    return out;
  }

  /** Logs events, saves changed state, then tells listeners and queues notifications. */
  async commit(changed: ChangedGroups, events: AlertEvent[]): Promise<void> {
    await annotateProviderIncidents(this.opts.connection, events, this.opts.logger);
    const rows = events.flatMap(logRows);
    const now = this.opts.clock();
    try {
      await this.opts.store.insertAlerts(rows);
      await this.opts.store.saveStates([...changed.values()].map(({ lr, key, g }) => ({ rule: lr.rule.name, groupKey: key, ruleHash: lr.hash, data: g.persisted() })), now);
    } catch (err) {
      this.failed(err);
    }
    for (const e of events) {
      if (e.event === 'repeat') continue;
      this.opts.publish(changeOf(e));
      this.opts.logger?.info({ alert: e.rule, status: e.status, fingerprint: e.fingerprint, labels: e.labels }, `alert ${e.status}`);
    }
    this.opts.notifiers.send(rows);
  }

  /** Deletes saved group states; a failure is counted and logged, never thrown. */
  async deleteStates(refs: StateRef[]): Promise<void> {
    await this.opts.store.deleteStates(refs).catch((err: unknown) => this.failed(err));
  }

  recordDelivery(u: DeliveryUpdate): void {
    void this.opts.store.updateDeliveries([u]).catch((err: unknown) => this.failed(err));
  }

  failed(err: unknown): void {
    this.opts.stats.persist_errors++;
    this.opts.logger?.error({ err }, 'alert state could not be saved');
  }

  /**
   * Loads persisted group state, reconciles it with the last logged event of each alert (a crash
   * between the two writes leaves the log as the truth), resolves alerts of rules that are gone or
   * changed, and re-queues notifications that were never delivered.
   */
  async recover(evaluation: RuleEvaluation, config: RulesConfig): Promise<void> {
    const store = this.opts.store;
    const now = this.opts.clock();
    const changed: ChangedGroups = new Map();
    const events: AlertEvent[] = [];
    const retired: StateRef[] = [];
    for (const row of await store.loadStates()) {
      const lr = evaluation.live.get(row.rule);
      if (lr && lr.hash === row.ruleHash) lr.groups.set(row.groupKey, new GroupEvaluator(lr.rule, row.data, config.reorderWindowMs));
      else retired.push({ rule: row.rule, groupKey: row.groupKey });
    }
    for (const ev of await store.latestEvents()) {
      const lr = evaluation.live.get(ev.rule);
      const key = lr ? groupKeyOf(lr.rule, ev.labels) : undefined;
      const owned = lr && key !== undefined && lr.hash === ev.rule_hash && alertIdOf(lr.rule.name, key) === ev.fingerprint;
      const g = owned ? lr.groups.get(key) : undefined;
      if (ev.status === 'firing' && owned && g?.data.phase !== 'firing') {
        const group = g ?? evaluation.createGroup(lr, key, groupLabelsOf(lr.rule, ev.labels), now);
        if (!group) continue;
        group.data.phase = 'firing';
        group.data.firingSince = ev.starts_at;
        group.data.firingValue = ev.value;
        markChanged(changed, lr, key, group);
      } else if (ev.status === 'firing' && !owned) {
        events.push(retiredEvent(evaluation.nextSeq(), ev, config, now));
      } else if (ev.status === 'resolved' && g?.data.phase === 'firing' && (g.data.firingSince ?? 0) <= ev.starts_at) {
        g.data.phase = 'inactive';
        markChanged(changed, lr as LiveRule, key as string, g);
      }
    }
    if (retired.length) await store.deleteStates(retired);
    await this.commit(changed, events);
    await this.requeueUndelivered();
  }

  private async requeueUndelivered(): Promise<void> {
    const failed: DeliveryUpdate[] = [];
    const pending: AlertLogRow[] = [];
    for (const row of await this.opts.store.undelivered()) {
      if (row.notifier !== null && this.opts.notifiers.has(row.notifier)) pending.push(row);
      else failed.push({ id: row.id, delivery: 'failed', attempts: row.attempts, last_error: 'notifier no longer configured', delivered_at: null });
    }
    this.opts.notifiers.send(pending);
    if (failed.length) await this.opts.store.updateDeliveries(failed);
  }
}

/** The resolved event of a logged firing alert whose rule was removed or changed while the engine was down. */
function retiredEvent(seq: number, ev: AlertLogRow, config: RulesConfig, now: number): AlertEvent {
  const rule = config.rules.find((r) => r.name === ev.rule);
  const notifiers = (rule ? notifiersOf(rule, config.notifiers) : config.notifiers).map((n) => n.name);
  const alert = {
    rule: ev.rule,
    ruleHash: ev.rule_hash,
    fingerprint: ev.fingerprint,
    severity: ev.severity,
    labels: ev.labels,
    annotations: { ...ev.annotations, resolved_reason: 'the rule was removed or changed' },
    startsAt: ev.starts_at,
    value: ev.value,
  };
  return alertEvent(seq, 'resolved', now, alert, notifiers);
}

function groupKeyOf(rule: Rule, labels: Record<string, string>): string {
  return rule.groupBy.length === 0 ? '' : JSON.stringify(rule.groupBy.map((f) => labels[f] ?? ''));
}

function groupLabelsOf(rule: Rule, labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of rule.groupBy) if (labels[f] !== undefined) out[f] = labels[f];
  return out;
}
