import type { DuckDBConnection } from '@duckdb/node-api';
import type { Logger } from 'pino';
import type { Component } from '@claude-errors/schemas';
import { INCIDENTS_DDL } from '../store/migrate.js';

/** Anthropic's status page (Statuspage v2 API): the recent incidents, resolved ones included. */
export const DEFAULT_STATUS_FEED = 'https://status.claude.com/api/v2/incidents.json';
export const DEFAULT_STATUS_INTERVAL_MS = 120_000;
/** A feed answer larger than this is refused (a page of 50 incidents is ~100 KB). */
const MAX_FEED_BYTES = 4 * 1024 * 1024;
const MAX_TEXT = 500;

export interface StatusFeedOptions {
  url: string;
  /** Between polls; the first poll runs at start. */
  intervalMs?: number | undefined;
  /** A connection of the analyzer's DuckDB file; the feed owns the `incidents` table. */
  connection: DuckDBConnection;
  logger?: Logger | undefined;
  /** Per request. */
  timeoutMs?: number;
}

export interface Incident {
  id: string;
  name: string;
  status: string;
  impact: string;
  started_at: number;
  resolved_at: number | null;
  components: string[];
  url: string | null;
}

/**
 * Polls a Statuspage v2 JSON feed (incidents.json or summary.json) politely: one request per
 * interval, `If-None-Match` with the last ETag, a timeout, and nothing else while a poll is in
 * flight. Incidents are upserted into DuckDB, so reports and alerts can say whether a window of
 * failures overlaps a provider incident. A feed that cannot be reached or parsed is logged once
 * per change of state and counted; the analyzer keeps working without it.
 */
export class StatusFeed implements Component {
  private timer: NodeJS.Timeout | null = null;
  private etag: string | null = null;
  private inflight: Promise<void> | null = null;
  private abort: AbortController | null = null;
  private lastError: string | null = null;
  private counts = { polls: 0, failedPolls: 0, notModified: 0, incidents: 0, skippedIncidents: 0 };
  private lastOkAt: number | null = null;

  constructor(private readonly opts: StatusFeedOptions) {}

  async start(): Promise<void> {
    await this.opts.connection.run(INCIDENTS_DDL); // also made by the store's migration
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.opts.intervalMs ?? DEFAULT_STATUS_INTERVAL_MS);
    this.timer.unref();
  }

  async shutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.abort?.abort();
    await this.inflight;
  }

  stats(): Record<string, number | boolean> {
    return { ...this.counts, reachable: this.lastError === null && this.lastOkAt !== null };
  }

  /** One poll (skipped while another is in flight). Resolves when it is done; never rejects. */
  poll(): Promise<void> {
    this.inflight ??= this.pollOnce().finally(() => (this.inflight = null));
    return this.inflight;
  }

  private async pollOnce(): Promise<void> {
    this.counts.polls++;
    this.abort = new AbortController();
    const timeout = setTimeout(() => this.abort?.abort(), this.opts.timeoutMs ?? 10_000);
    try {
      const res = await fetch(this.opts.url, {
        headers: { accept: 'application/json', 'user-agent': 'claude-errors status feed', ...(this.etag ? { 'if-none-match': this.etag } : {}) },
        signal: this.abort.signal,
      });
      if (res.status === 304) {
        this.counts.notModified++;
        return this.ok();
      }
      if (!res.ok) throw new Error(`the feed answered HTTP ${res.status}`);
      const text = await res.text();
      if (text.length > MAX_FEED_BYTES) throw new Error(`the feed answered ${text.length} characters (at most ${MAX_FEED_BYTES})`);
      const incidents = parseStatuspage(JSON.parse(text) as unknown, (n) => (this.counts.skippedIncidents += n));
      await this.store(incidents);
      this.counts.incidents = incidents.length;
      this.etag = res.headers.get('etag');
      this.ok();
    } catch (err) {
      this.counts.failedPolls++;
      const why = err instanceof Error ? (err.name === 'AbortError' ? 'timed out' : err.message) : String(err);
      if (why !== this.lastError) this.opts.logger?.warn({ url: this.opts.url, err: why }, 'status feed unavailable; reports go on without provider incidents');
      this.lastError = why;
    } finally {
      clearTimeout(timeout);
    }
  }

  private ok(): void {
    if (this.lastError !== null) this.opts.logger?.info({ url: this.opts.url }, 'status feed reachable again');
    this.lastError = null;
    this.lastOkAt = Date.now();
  }

  private async store(incidents: Incident[]): Promise<void> {
    if (incidents.length === 0) return;
    const c = this.opts.connection;
    await c.run('BEGIN TRANSACTION');
    try {
      for (const i of incidents) {
        await c.run(
          `INSERT OR REPLACE INTO incidents VALUES ($1, $2, $3, $4, epoch_ms($5::BIGINT), CASE WHEN $6::BIGINT IS NULL THEN NULL ELSE epoch_ms($6::BIGINT) END, $7, $8, $9, epoch_ms($10::BIGINT))`,
          [i.id, i.name, i.status, i.impact, BigInt(i.started_at), i.resolved_at === null ? null : BigInt(i.resolved_at), JSON.stringify(i.components), i.url, this.opts.url, BigInt(Date.now())],
        );
      }
      await c.run('COMMIT');
    } catch (err) {
      await c.run('ROLLBACK');
      throw err;
    }
  }
}

/**
 * The incidents of a Statuspage v2 document (`incidents.json`, or `summary.json`, which lists the
 * unresolved ones). An incident without an id or a valid start time is skipped and counted;
 * text is cut to 500 characters.
 */
export function parseStatuspage(doc: unknown, skipped: (n: number) => void = () => undefined): Incident[] {
  const list = isObj(doc) && Array.isArray(doc.incidents) ? doc.incidents : null;
  if (!list) throw new Error('not a Statuspage v2 document: no "incidents" list');
  const out: Incident[] = [];
  let bad = 0;
  for (const raw of list as unknown[]) {
    if (!isObj(raw) || typeof raw.id !== 'string' || raw.id.length === 0 || raw.id.length > 64) {
      bad++;
      continue;
    }
    const started = time(raw.started_at) ?? time(raw.created_at);
    if (started === null) {
      bad++;
      continue;
    }
    const components = Array.isArray(raw.components) ? raw.components.flatMap((c) => (isObj(c) && typeof c.name === 'string' ? [c.name.slice(0, MAX_TEXT)] : [])) : [];
    out.push({
      id: raw.id,
      name: text(raw.name) ?? '(unnamed incident)',
      status: text(raw.status) ?? 'unknown',
      impact: text(raw.impact) ?? 'none',
      started_at: started,
      resolved_at: time(raw.resolved_at),
      components: components.slice(0, 50),
      url: typeof raw.shortlink === 'string' && /^https:\/\//.test(raw.shortlink) ? raw.shortlink.slice(0, MAX_TEXT) : null,
    });
  }
  if (bad) skipped(bad);
  return out;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v.slice(0, MAX_TEXT) : null);
function time(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  return Number.isFinite(t) && t > 0 && t < 8_640_000_000_000_000 ? t : null;
}
