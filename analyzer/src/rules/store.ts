import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { AlertEventKind, AlertStatus, AlertSubject, DeliveryUpdate } from '../notify/notification.js';
import type { GroupData } from './group.js';
import type { AlertRow, NotificationView } from './types.js';

/** One row of the `alerts` table: one notification of one event (or the event alone, without notifiers). */
export interface AlertLogRow extends AlertSubject, Omit<DeliveryUpdate, 'id'> {
  id: string;
  seq: number; // per-event order, increasing across restarts
  event_id: string;
  event: AlertEventKind;
  time: number;
  rule_hash: string;
  status: AlertStatus;
  starts_at: number;
  ends_at: number | null;
  notifier: string | null;
}

const DDL = [
  `CREATE TABLE IF NOT EXISTS alert_state (
    rule VARCHAR NOT NULL,
    group_key VARCHAR NOT NULL,
    rule_hash VARCHAR NOT NULL,
    state JSON NOT NULL,
    updated_at TIMESTAMP_MS NOT NULL,
    PRIMARY KEY (rule, group_key)
  )`,
  `CREATE TABLE IF NOT EXISTS alerts (
    id VARCHAR PRIMARY KEY,
    seq BIGINT NOT NULL,
    event_id VARCHAR NOT NULL,
    event VARCHAR NOT NULL,
    time TIMESTAMP_MS NOT NULL,
    rule VARCHAR NOT NULL,
    rule_hash VARCHAR NOT NULL,
    fingerprint VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,
    labels JSON,
    annotations JSON,
    starts_at TIMESTAMP_MS NOT NULL,
    ends_at TIMESTAMP_MS,
    value DOUBLE,
    notifier VARCHAR,
    delivery VARCHAR NOT NULL,
    attempts INTEGER NOT NULL,
    last_error VARCHAR,
    delivered_at TIMESTAMP_MS
  )`,
];

const ALERT_COLUMNS = `id, seq::DOUBLE AS seq, event_id, event, epoch_ms(time)::DOUBLE AS time, rule, rule_hash, fingerprint, status, severity,
  labels::VARCHAR AS labels, annotations::VARCHAR AS annotations, epoch_ms(starts_at)::DOUBLE AS starts_at,
  epoch_ms(ends_at)::DOUBLE AS ends_at, value, notifier, delivery, attempts, last_error,
  epoch_ms(delivered_at)::DOUBLE AS delivered_at`;

const ts = (ms: number | null): DuckDBValue => (ms === null ? null : BigInt(Math.round(ms)));

/**
 * The engine's two tables. Every write is one self-contained statement, and state rows are full
 * snapshots, so a write that is lost (e.g. rolled back with a caller's transaction on a shared
 * connection) is repaired by the next one.
 */
export class AlertStore {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly conn: DuckDBConnection) {}

  /** Serializes the engine's own statements on the connection. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Resolves once no statement of the engine runs or waits on the connection (those queued meanwhile included). */
  async idle(): Promise<void> {
    for (let queued = this.chain; ; queued = this.chain) {
      await queued;
      if (queued === this.chain) return;
    }
  }

  async init(): Promise<void> {
    for (const sql of DDL) await this.serial(() => this.conn.run(sql));
  }

  async maxSeq(): Promise<number> {
    const reader = await this.serial(() => this.conn.runAndReadAll('SELECT coalesce(max(seq), 0)::DOUBLE AS s FROM alerts'));
    return Number(reader.getRowObjectsJS()[0]?.['s'] ?? 0);
  }

  async loadStates(): Promise<{ rule: string; groupKey: string; ruleHash: string; data: GroupData }[]> {
    const reader = await this.serial(() => this.conn.runAndReadAll('SELECT rule, group_key, rule_hash, state::VARCHAR AS state FROM alert_state'));
    return reader.getRowObjectsJS().map((r) => ({
      rule: String(r['rule']),
      groupKey: String(r['group_key']),
      ruleHash: String(r['rule_hash']),
      data: JSON.parse(String(r['state'])) as GroupData,
    }));
  }

  async saveStates(rows: { rule: string; groupKey: string; ruleHash: string; data: GroupData }[], now: number): Promise<void> {
    if (rows.length === 0) return;
    const values: DuckDBValue[] = [];
    for (const r of rows) values.push(r.rule, r.groupKey, r.ruleHash, JSON.stringify(r.data), ts(now));
    const placeholders = rows.map(() => '(?, ?, ?, ?::JSON, epoch_ms(?::BIGINT))').join(', ');
    await this.serial(() => this.conn.run(`INSERT OR REPLACE INTO alert_state VALUES ${placeholders}`, values));
  }

  async deleteStates(keys: { rule: string; groupKey: string }[]): Promise<void> {
    for (const k of keys) {
      await this.serial(() => this.conn.run('DELETE FROM alert_state WHERE rule = ? AND group_key = ?', [k.rule, k.groupKey]));
    }
  }

  async insertAlerts(rows: AlertLogRow[]): Promise<void> {
    if (rows.length === 0) return;
    const values: DuckDBValue[] = [];
    for (const r of rows) {
      values.push(r.id, r.seq, r.event_id, r.event, ts(r.time), r.rule, r.rule_hash, r.fingerprint, r.status, r.severity);
      values.push(JSON.stringify(r.labels), JSON.stringify(r.annotations), ts(r.starts_at), ts(r.ends_at), r.value);
      values.push(r.notifier, r.delivery, r.attempts, r.last_error, ts(r.delivered_at));
    }
    const one = `(?, ?::BIGINT, ?, ?, epoch_ms(?::BIGINT), ?, ?, ?, ?, ?, ?::JSON, ?::JSON, epoch_ms(?::BIGINT), epoch_ms(?::BIGINT), ?::DOUBLE, ?, ?, ?::INTEGER, ?, epoch_ms(?::BIGINT))`;
    await this.serial(() => this.conn.run(`INSERT INTO alerts VALUES ${rows.map(() => one).join(', ')}`, values));
  }

  async updateDeliveries(updates: DeliveryUpdate[]): Promise<void> {
    for (const u of updates) {
      await this.serial(() =>
        this.conn.run(
          'UPDATE alerts SET delivery = ?, attempts = ?::INTEGER, last_error = ?, delivered_at = epoch_ms(?::BIGINT) WHERE id = ?',
          [u.delivery, u.attempts, u.last_error, ts(u.delivered_at), u.id],
        ),
      );
    }
  }

  /** Notifications not yet delivered when the process stopped (re-queued on start). */
  async undelivered(): Promise<AlertLogRow[]> {
    return this.select(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE delivery = 'pending' ORDER BY seq, id`, []);
  }

  /** The latest event of each fingerprint (restores firing status if a crash came between writes). */
  async latestEvents(): Promise<AlertLogRow[]> {
    return this.select(
      `SELECT ${ALERT_COLUMNS} FROM alerts QUALIFY row_number() OVER (PARTITION BY fingerprint ORDER BY seq DESC) = 1`,
      [],
    );
  }

  /** Rows of the latest firing event of each of the given fingerprints. */
  async activeEvents(fingerprints: string[]): Promise<AlertLogRow[]> {
    if (fingerprints.length === 0) return [];
    return this.select(
      `WITH ev AS (SELECT event_id FROM alerts WHERE event = 'firing' AND fingerprint IN (SELECT unnest(?::VARCHAR[]))
                   QUALIFY row_number() OVER (PARTITION BY fingerprint ORDER BY seq DESC) = 1)
       SELECT ${ALERT_COLUMNS} FROM alerts WHERE event_id IN (SELECT event_id FROM ev) ORDER BY seq DESC, notifier`,
      [JSON.stringify(fingerprints)],
    );
  }

  /** Rows of the newest `limit` events (all notifications of each), newest first. */
  async recentEvents(limit: number, onlyFingerprints?: string[]): Promise<AlertLogRow[]> {
    const filter = onlyFingerprints ? `WHERE fingerprint IN (SELECT unnest(?::VARCHAR[]))` : '';
    const params: DuckDBValue[] = [];
    if (onlyFingerprints) params.push(JSON.stringify(onlyFingerprints));
    params.push(limit);
    return this.select(
      `WITH ev AS (SELECT event_id, max(seq) AS s FROM alerts ${filter} GROUP BY event_id ORDER BY s DESC LIMIT ?::INTEGER)
       SELECT ${ALERT_COLUMNS} FROM alerts WHERE event_id IN (SELECT event_id FROM ev) ORDER BY seq DESC, notifier`,
      params,
    );
  }

  private async select(sql: string, params: DuckDBValue[]): Promise<AlertLogRow[]> {
    const reader = await this.serial(() => this.conn.runAndReadAll(sql, params));
    return reader.getRowObjectsJS().map(toLogRow);
  }
}

function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

function toLogRow(r: Record<string, unknown>): AlertLogRow {
  return {
    id: String(r['id']),
    seq: Number(r['seq']),
    event_id: String(r['event_id']),
    event: r['event'] as AlertLogRow['event'],
    time: Number(r['time']),
    rule: String(r['rule']),
    rule_hash: String(r['rule_hash']),
    fingerprint: String(r['fingerprint']),
    status: r['status'] as AlertLogRow['status'],
    severity: r['severity'] as AlertLogRow['severity'],
    labels: JSON.parse(String(r['labels'] ?? '{}')) as Record<string, string>,
    annotations: JSON.parse(String(r['annotations'] ?? '{}')) as Record<string, string>,
    starts_at: Number(r['starts_at']),
    ends_at: num(r['ends_at']),
    value: Number(r['value'] ?? 0),
    notifier: r['notifier'] === null ? null : String(r['notifier']),
    delivery: r['delivery'] as AlertLogRow['delivery'],
    attempts: Number(r['attempts']),
    last_error: r['last_error'] === null ? null : String(r['last_error']),
    delivered_at: num(r['delivered_at']),
  };
}

/** Groups log rows into one AlertRow per event. */
export function toAlertRows(rows: AlertLogRow[], firing: Set<string>): AlertRow[] {
  const byEvent = new Map<string, AlertRow>();
  for (const r of rows) {
    let row = byEvent.get(r.event_id);
    if (!row) {
      row = {
        event_id: r.event_id,
        event: r.event,
        time: iso(r.time),
        rule: r.rule,
        fingerprint: r.fingerprint,
        status: r.status,
        severity: r.severity,
        labels: r.labels,
        annotations: r.annotations,
        starts_at: iso(r.starts_at),
        ends_at: r.ends_at === null ? null : iso(r.ends_at),
        value: r.value,
        active: firing.has(r.fingerprint),
        notifications: [],
      };
      byEvent.set(r.event_id, row);
    }
    if (r.notifier !== null) {
      row.notifications.push({
        notifier: r.notifier,
        delivery: r.delivery,
        attempts: r.attempts,
        last_error: r.last_error,
        delivered_at: r.delivered_at === null ? null : iso(r.delivered_at),
      });
    }
  }
  return [...byEvent.values()];
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
