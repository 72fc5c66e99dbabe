import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { formatDuration, type ErrorRecord, type Component } from '@claude-errors/schemas';
import type { Logger } from 'pino';
import { incidentsIn } from '../incidents/verdict.js';
import { WebhookNotifier } from '../notify/webhook.js';
import { formatProblem, RulesInvalidError } from './errors.js';
import { alertAnnotations, alertLabels, changeOf, logRows, newEventId, notificationOf, type AlertEvent, type CatalogLookup } from './events.js';
import { GroupEvaluator, newGroupData, type Transition } from './group.js';
import { defaultRules, loadRulesFile } from './load.js';
import { fingerprintOf, groupOf, Verdict, verdict } from './match.js';
import { AlertStore, toAlertRows, type AlertLogRow, type DeliveryUpdate } from './store.js';
import { isStreakKind, type AlertChange, type AlertRow, type Rule, type RulesConfig, type RuleState } from './types.js';
import { notifiersOf, ruleView } from './views.js';
import { watchFile } from './watch.js';

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
  now?: (() => number) | undefined;
  /** How often time-based conditions (for, keep_firing_for, quiet_for, windows, repeat_interval) are evaluated; default 1000 ms; 0 = never (call tick()). */
  tickIntervalMs?: number | undefined;
  /** Watch the rules file and reload on change (default true). */
  watch?: boolean | undefined;
  /** Notifier tuning (defaults: queue 1000 per notifier, backoff 1 s doubling up to 60 s). */
  notify?: { queueLimit?: number; backoffBaseMs?: number; backoffMaxMs?: number } | undefined;
}

interface LiveRule {
  rule: Rule;
  hash: string;
  groups: Map<string, GroupEvaluator>;
}

type Dirty = Map<string, { lr: LiveRule; key: string; g: GroupEvaluator }>;

/** Streak and window progress is saved at most this often; alert state changes are saved at once. */
const SAVE_EVERY_MS = 1000;


export interface RuleEngineStats {
  observed_records: number;
  late_records: number;
  /** Records dated after their arrival at the engine, evaluated as if dated at their arrival. */
  future_records: number;
  groups_refused: number;
  persist_errors: number;
  reloads: number;
  reload_errors: number;
}

/** Hash of what a rule evaluates; state survives reloads only while it is unchanged. */
export function ruleHash(r: Rule): string {
  const def = [r.kind, r.match, r.level, r.threshold, r.windowMs, r.minTotal, r.groupBy];
  return createHash('sha256').update(JSON.stringify(def)).digest('hex').slice(0, 16);
}

/**
 * Evaluates alert rules over records as the ingest path commits them, keeps per-group state in
 * DuckDB, and sends notifications asynchronously. Start order: after the store, before receivers.
 */
export class RuleEngine implements Component {
  private config: RulesConfig | undefined;
  private live = new Map<string, LiveRule>();
  private readonly notifiers = new Map<string, WebhookNotifier>();
  private readonly store: AlertStore;
  private readonly listeners: ((a: AlertChange) => void)[] = [];
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private unwatch: (() => void) | undefined;
  private started = false;
  private ticking = false;
  private seq = 0;
  /** Groups changed since their state was last saved (saved at most every SAVE_EVERY_MS, or with any event). */
  private unsaved: Dirty = new Map();
  private lastSave = 0;
  readonly stats: RuleEngineStats = { observed_records: 0, late_records: 0, future_records: 0, groups_refused: 0, persist_errors: 0, reloads: 0, reload_errors: 0 };

  constructor(private readonly opts: RuleEngineOptions) {
    this.store = new AlertStore(opts.connection);
    this.now = opts.now ?? Date.now;
  }

  async start(): Promise<void> {
    const config = this.opts.rulesFile ? await loadRulesFile(this.opts.rulesFile) : defaultRules();
    await this.store.init();
    this.seq = await this.store.maxSeq();
    this.config = config;
    this.syncNotifiers(config);
    for (const rule of config.rules) this.live.set(rule.name, { rule, hash: ruleHash(rule), groups: new Map() });
    await this.restore(config);
    this.started = true;
    const every = this.opts.tickIntervalMs ?? 1000;
    if (every > 0) this.timer = setInterval(() => void this.tick(), every).unref();
    if (this.opts.rulesFile && this.opts.watch !== false) this.unwatch = watchFile(this.opts.rulesFile, () => void this.reload());
    this.opts.logger?.info({ rules: config.rules.length, notifiers: config.notifiers.length, source: config.source }, 'alert rules loaded');
  }

  async shutdown(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    clearInterval(this.timer);
    this.unwatch?.();
    await Promise.all([...this.notifiers.values()].map((n) => n.shutdown()));
    const all: Dirty = new Map();
    for (const lr of this.live.values()) for (const [key, g] of lr.groups) all.set(`${lr.rule.name}\u0000${key}`, { lr, key, g });
    await this.commit(all, []);
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
    const latest = this.latestTime(now);
    const timeOf = (r: ErrorRecord): number => Math.min(r.time, latest);
    const sorted = records.length > 1 ? [...records].sort((a, b) => timeOf(a) - timeOf(b)) : records;
    const dirty: Dirty = new Map();
    const events: AlertEvent[] = [];
    let late = 0;
    for (const lr of this.live.values()) {
      for (const r of sorted) {
        if (r.kind !== lr.rule.level) continue;
        const v = verdict(lr.rule, r);
        const { key, labels } = groupOf(lr.rule, r);
        const g = lr.groups.get(key) ?? (v === Verdict.Other && isStreakKind(lr.rule.kind) ? undefined : this.createGroup(lr, key, labels, now));
        if (!g) continue;
        const lateBefore = g.data.lateRecords;
        const tr = g.apply({ t: timeOf(r), v, c: v === Verdict.Match ? (r.catalog_id ?? null) : null }, now);
        late += g.data.lateRecords - lateBefore;
        dirty.set(`${lr.rule.name}\u0000${key}`, { lr, key, g });
        if (tr) events.push(this.eventOf(lr, g, tr));
      }
    }
    this.stats.observed_records += records.length;
    for (const r of records) if (r.time > latest) this.stats.future_records++;
    this.stats.late_records += late;
    for (const [k, v] of dirty) this.unsaved.set(k, v);
    if (events.length > 0 || Date.now() - this.lastSave >= SAVE_EVERY_MS) await this.commit(this.takeUnsaved(), events);
  }

  /**
   * The latest time a record is evaluated at: its arrival here (the later of the engine's clock and
   * the wall clock, since `now` may be a simulated clock running behind). A record dated later (a
   * producer clock running ahead) is evaluated as if dated at its arrival, so the records that
   * arrive after it sort after it: it can neither push them out of its group's reorder window nor
   * cancel their streak from the future. The collector already sets times beyond its
   * --max-clock-skew to the receive time; this also covers smaller skews and any other producer.
   */
  private latestTime(now: number): number {
    return Math.max(now, Date.now());
  }

  /** The unsaved groups that still belong to the loaded rules (a reload replaces them). */
  private takeUnsaved(): Dirty {
    const out: Dirty = new Map();
    for (const [k, v] of this.unsaved) if (this.live.get(v.lr.rule.name) === v.lr && v.lr.groups.get(v.key) === v.g) out.set(k, v);
    this.unsaved = new Map();
    this.lastSave = Date.now();
    return out;
  }

  /** Evaluates time-based conditions and repeat intervals now (the timer calls this every second). */
  async tick(): Promise<void> {
    if (!this.started || this.ticking || !this.config) return;
    this.ticking = true;
    try {
      const now = this.now();
      const dirty: Dirty = new Map();
      const events: AlertEvent[] = [];
      const evicted: { rule: string; groupKey: string }[] = [];
      for (const lr of this.live.values()) {
        const idleMs = Math.max(3_600_000, lr.rule.windowMs, this.config.reorderWindowMs);
        for (const [key, g] of lr.groups) {
          const before = `${g.data.phase}|${g.data.pendingSince}|${g.data.resolveSince}`;
          const tr = g.evaluate(now);
          if (tr) events.push(this.eventOf(lr, g, tr));
          const repeats = this.repeatEvents(lr, g, now);
          events.push(...repeats);
          if (tr || repeats.length || before !== `${g.data.phase}|${g.data.pendingSince}|${g.data.resolveSince}`) {
            dirty.set(`${lr.rule.name}\u0000${key}`, { lr, key, g });
          } else if (g.idle(now, idleMs)) {
            lr.groups.delete(key);
            evicted.push({ rule: lr.rule.name, groupKey: key });
          }
        }
      }
      if (evicted.length) await this.store.deleteStates(evicted).catch((err: unknown) => this.persistFailed(err));
      for (const [k, v] of this.takeUnsaved()) dirty.set(k, v);
      await this.commit(dirty, events);
    } finally {
      this.ticking = false;
    }
  }

  /** Re-reads the rules file; a bad file keeps the current rules (logged) and returns false. */
  async reload(): Promise<boolean> {
    if (!this.opts.rulesFile || !this.started) return false;
    let config: RulesConfig;
    try {
      config = await loadRulesFile(this.opts.rulesFile);
    } catch (err) {
      this.stats.reload_errors++;
      const problems = err instanceof RulesInvalidError ? err.problems.map(formatProblem) : [(err as Error).message];
      this.opts.logger?.error({ code: (err as { code?: string }).code, file: this.opts.rulesFile, problems }, 'rules file reload failed; keeping the current rules');
      return false;
    }
    await this.applyConfig(config);
    this.stats.reloads++;
    this.opts.logger?.info({ rules: config.rules.length, notifiers: config.notifiers.length }, 'alert rules reloaded');
    return true;
  }

  rules(): RuleState[] {
    const config = this.config;
    if (!config) return [];
    const now = this.now();
    return [...this.live.values()].map((lr) => ruleView(lr.rule, lr.groups.values(), config.notifiers, config.source, now));
  }

  async alerts(opts: { active?: boolean; limit?: number } = {}): Promise<AlertRow[]> {
    const limit = Math.min(Math.max(opts.limit ?? 100, 1), 1000);
    const firing = new Set<string>();
    for (const lr of this.live.values()) for (const g of lr.groups.values()) if (g.data.phase === 'firing') firing.add(g.data.fingerprint);
    if (opts.active === true) return toAlertRows(await this.store.activeEvents([...firing]), firing).slice(0, limit);
    const rows = toAlertRows(await this.store.recentEvents(limit), firing);
    return opts.active === false ? rows.filter((r) => !r.active) : rows;
  }

  /** Delivery counters per notifier (for /metrics). */
  notifierStats(): Record<string, WebhookNotifier['stats']> {
    return Object.fromEntries([...this.notifiers].map(([name, n]) => [name, { ...n.stats }]));
  }

  private createGroup(lr: LiveRule, key: string, labels: Record<string, string>, now: number): GroupEvaluator | undefined {
    const config = this.config as RulesConfig;
    if (lr.groups.size >= config.maxGroupsPerRule && !this.evictOne(lr)) {
      this.stats.groups_refused++;
      return undefined;
    }
    const g = new GroupEvaluator(lr.rule, newGroupData(labels, fingerprintOf(lr.rule.name, key), now), config.reorderWindowMs);
    lr.groups.set(key, g);
    return g;
  }

  /** Drops the least recently seen non-firing group of a rule that is at its group limit. */
  private evictOne(lr: LiveRule): boolean {
    let oldest: [string, GroupEvaluator] | undefined;
    for (const entry of lr.groups) {
      if (entry[1].data.phase === 'firing') continue;
      if (!oldest || entry[1].data.lastSeen < oldest[1].data.lastSeen) oldest = entry;
    }
    if (!oldest) return false;
    lr.groups.delete(oldest[0]);
    void this.store.deleteStates([{ rule: lr.rule.name, groupKey: oldest[0] }]).catch((err: unknown) => this.persistFailed(err));
    return true;
  }

  private eventOf(lr: LiveRule, g: GroupEvaluator, tr: Transition): AlertEvent {
    const rule = lr.rule;
    const notifiers = notifiersOf(rule, this.config?.notifiers ?? []).map((n) => n.name);
    if (tr.to === 'firing') for (const n of notifiers) g.data.lastNotified[n] = tr.at;
    return {
      eventId: newEventId(),
      seq: ++this.seq,
      event: tr.to,
      status: tr.to,
      rule: rule.name,
      ruleHash: lr.hash,
      fingerprint: g.data.fingerprint,
      severity: rule.severity,
      labels: alertLabels(rule, g.data.labels),
      annotations: alertAnnotations(rule, g, g.data.firingValue, this.opts.catalogEntry, formatDuration(rule.windowMs)),
      startsAt: g.data.firingSince ?? tr.at,
      endsAt: tr.to === 'resolved' ? tr.at : null,
      value: tr.value,
      time: tr.at,
      notifiers,
    };
  }

  private repeatEvents(lr: LiveRule, g: GroupEvaluator, now: number): AlertEvent[] {
    if (g.data.phase !== 'firing') return [];
    const out: AlertEvent[] = [];
    for (const n of notifiersOf(lr.rule, this.config?.notifiers ?? [])) {
      const last = g.data.lastNotified[n.name] ?? g.data.firingSince ?? now;
      if (now - last < n.repeatIntervalMs) continue;
      g.data.lastNotified[n.name] = now;
      const base = this.eventOf(lr, g, { to: 'firing', at: now, value: g.condition(now).value });
      out.push({ ...base, event: 'repeat', notifiers: [n.name] });
    }
    return out;
  }

  /**
   * A firing alert that overlaps a provider incident of the status feed says so: annotation
   * `provider_incident`. Never fails the commit (no feed, no table: no annotation).
   */
  private async annotateIncidents(events: AlertEvent[]): Promise<void> {
    const firing = events.filter((e) => e.status === 'firing');
    if (firing.length === 0) return;
    try {
      const from = Math.min(...firing.map((e) => e.startsAt));
      const to = Math.max(...firing.map((e) => e.time)) + 1;
      const incidents = await incidentsIn(this.opts.connection, { from, to });
      for (const e of firing) {
        const hit = incidents.filter((i) => Date.parse(i.from) <= e.time && (i.to === null || Date.parse(i.to) >= e.startsAt));
        if (hit.length) e.annotations = { ...e.annotations, provider_incident: hit.map((i) => `${i.name} (${i.impact}, ${i.status}${i.url ? `, ${i.url}` : ''})`).join('; ') };
      }
    } catch (err) {
      this.opts.logger?.debug({ err }, 'provider incidents not looked up');
    }
  }

  /** Logs events, saves changed state, then tells listeners and queues notifications. */
  private async commit(dirty: Dirty, events: AlertEvent[]): Promise<void> {
    await this.annotateIncidents(events);
    const rows = events.flatMap(logRows);
    const now = this.now();
    try {
      await this.store.insertAlerts(rows);
      await this.store.saveStates([...dirty.values()].map(({ lr, key, g }) => ({ rule: lr.rule.name, groupKey: key, ruleHash: lr.hash, data: g.persisted() })), now);
    } catch (err) {
      this.persistFailed(err);
    }
    for (const e of events) {
      if (e.event === 'repeat') continue;
      const change = changeOf(e);
      for (const fn of this.listeners) {
        try {
          fn(change);
        } catch (err) {
          this.opts.logger?.warn({ err }, 'alert change listener threw');
        }
      }
      this.opts.logger?.info({ alert: e.rule, status: e.status, fingerprint: e.fingerprint, labels: e.labels }, `alert ${e.status}`);
    }
    for (const row of rows) if (row.notifier !== null) this.notifiers.get(row.notifier)?.enqueue(notificationOf(row));
  }

  private persistFailed(err: unknown): void {
    this.stats.persist_errors++;
    this.opts.logger?.error({ err }, 'alert state could not be saved');
  }

  private recordDelivery(u: DeliveryUpdate): void {
    void this.store.updateDeliveries([u]).catch((err: unknown) => this.persistFailed(err));
  }

  private syncNotifiers(config: RulesConfig): void {
    const wanted = new Set(config.notifiers.map((n) => n.name));
    for (const [name, n] of this.notifiers) {
      if (wanted.has(name)) continue;
      void n.shutdown();
      this.notifiers.delete(name);
    }
    for (const cfg of config.notifiers) {
      const existing = this.notifiers.get(cfg.name);
      if (existing) {
        existing.config = cfg;
        continue;
      }
      const tuning = this.opts.notify ?? {};
      this.notifiers.set(
        cfg.name,
        new WebhookNotifier(cfg, {
          logger: this.opts.logger,
          now: this.now,
          onResult: (u) => this.recordDelivery(u),
          queueLimit: tuning.queueLimit,
          backoffBaseMs: tuning.backoffBaseMs,
          backoffMaxMs: tuning.backoffMaxMs,
        }),
      );
    }
  }

  /**
   * Loads persisted group state, reconciles it with the last logged event of each alert (a crash
   * between the two writes leaves the log as the truth), resolves alerts of rules that are gone or
   * changed, and re-queues notifications that were never delivered.
   */
  private async restore(config: RulesConfig): Promise<void> {
    const now = this.now();
    const dirty: Dirty = new Map();
    const events: AlertEvent[] = [];
    const retired: { rule: string; groupKey: string }[] = [];
    for (const row of await this.store.loadStates()) {
      const lr = this.live.get(row.rule);
      if (lr && lr.hash === row.ruleHash) lr.groups.set(row.groupKey, new GroupEvaluator(lr.rule, row.data, config.reorderWindowMs));
      else retired.push({ rule: row.rule, groupKey: row.groupKey });
    }
    for (const ev of await this.store.latestEvents()) {
      const lr = this.live.get(ev.rule);
      const key = lr ? groupKeyOf(lr.rule, ev.labels) : undefined;
      const owned = lr && key !== undefined && lr.hash === ev.rule_hash && fingerprintOf(lr.rule.name, key) === ev.fingerprint;
      const g = owned ? lr.groups.get(key) : undefined;
      if (ev.status === 'firing' && owned && g?.data.phase !== 'firing') {
        const group = g ?? this.createGroup(lr, key, groupLabelsOf(lr.rule, ev.labels), now);
        if (!group) continue;
        group.data.phase = 'firing';
        group.data.firingSince = ev.starts_at;
        group.data.firingValue = ev.value;
        dirty.set(`${lr.rule.name}\u0000${key}`, { lr, key, g: group });
      } else if (ev.status === 'firing' && !owned) {
        events.push(this.retiredEvent(ev, config, now));
      } else if (ev.status === 'resolved' && g?.data.phase === 'firing' && (g.data.firingSince ?? 0) <= ev.starts_at) {
        g.data.phase = 'inactive';
        dirty.set(`${ev.rule}\u0000${key}`, { lr: lr as LiveRule, key: key as string, g });
      }
    }
    if (retired.length) await this.store.deleteStates(retired);
    await this.commit(dirty, events);
    await this.requeueUndelivered();
  }

  private retiredEvent(ev: AlertLogRow, config: RulesConfig, now: number): AlertEvent {
    const rule = config.rules.find((r) => r.name === ev.rule);
    const notifiers = (rule ? notifiersOf(rule, config.notifiers) : config.notifiers).map((n) => n.name);
    return {
      eventId: newEventId(),
      seq: ++this.seq,
      event: 'resolved',
      status: 'resolved',
      rule: ev.rule,
      ruleHash: ev.rule_hash,
      fingerprint: ev.fingerprint,
      severity: ev.severity,
      labels: ev.labels,
      annotations: { ...ev.annotations, resolved_reason: 'the rule was removed or changed' },
      startsAt: ev.starts_at,
      endsAt: now,
      value: ev.value,
      time: now,
      notifiers,
    };
  }

  private async requeueUndelivered(): Promise<void> {
    const failed: DeliveryUpdate[] = [];
    for (const row of await this.store.undelivered()) {
      const n = row.notifier === null ? undefined : this.notifiers.get(row.notifier);
      if (n) n.enqueue(notificationOf(row));
      else failed.push({ id: row.id, delivery: 'failed', attempts: row.attempts, last_error: 'notifier no longer configured', delivered_at: null });
    }
    if (failed.length) await this.store.updateDeliveries(failed);
  }

  /** Applies a new configuration: unchanged rules keep their state; removed or changed rules resolve their alerts. */
  private async applyConfig(config: RulesConfig): Promise<void> {
    await this.commit(this.takeUnsaved(), []);
    const now = this.now();
    const old = this.live;
    const next = new Map<string, LiveRule>();
    for (const rule of config.rules) {
      const hash = ruleHash(rule);
      const prev = old.get(rule.name);
      const groups = new Map<string, GroupEvaluator>();
      if (prev && prev.hash === hash) {
        for (const [k, g] of prev.groups) groups.set(k, new GroupEvaluator(rule, g.data, config.reorderWindowMs));
        old.delete(rule.name);
      }
      next.set(rule.name, { rule, hash, groups });
    }
    this.config = config;
    this.syncNotifiers(config);
    const events: AlertEvent[] = [];
    const removed: { rule: string; groupKey: string }[] = [];
    for (const lr of old.values()) {
      for (const [key, g] of lr.groups) {
        removed.push({ rule: lr.rule.name, groupKey: key });
        if (g.data.phase !== 'firing') continue;
        const e = this.eventOf(lr, g, { to: 'resolved', at: now, value: g.condition(now).value });
        const kept = notifiersOf(lr.rule, config.notifiers).map((n) => n.name);
        events.push({ ...e, notifiers: kept, annotations: { ...e.annotations, resolved_reason: 'the rule was removed or changed' } });
      }
    }
    this.live = next;
    if (removed.length) await this.store.deleteStates(removed).catch((err: unknown) => this.persistFailed(err));
    await this.commit(new Map(), events);
  }
}

function groupKeyOf(rule: Rule, labels: Record<string, string>): string {
  return rule.groupBy.length === 0 ? '' : JSON.stringify(rule.groupBy.map((f) => labels[f] ?? ''));
}

function groupLabelsOf(rule: Rule, labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of rule.groupBy) if (labels[f] !== undefined) out[f] = labels[f];
  return out;
}
