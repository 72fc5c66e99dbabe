import { Counter, Gauge, Registry } from 'prom-client';
import type { ApiContext } from './context.js';
import type { LiveHub } from './routes/live.js';

type Kind = 'counter' | 'gauge';

/**
 * The numbers of the named components (`ApiContext.components`), each declared with its type and
 * help, rendered as `analyzer_<component>_<snake_case key>`. A number a component reports that is
 * not declared here is not rendered: a counter or gauge is never guessed from its name.
 */
const COMPONENT_METRICS: Record<string, Record<string, [Kind, string]>> = {
  kafka: {
    consumedRecords: ['counter', 'Records read from Kafka, handed to the store and committed.'],
    consumedMessages: ['counter', 'Kafka messages read and committed.'],
    deadLetters: ['counter', 'Kafka messages or elements stored as dead letters.'],
    ingestBatches: ['counter', 'Chunks handed to the store.'],
    ingestFailures: ['counter', 'Failed store calls (each retried; nothing skipped).'],
    skippedMessages: ['counter', 'Messages skipped because the store already held them.'],
    lag: ['gauge', 'Messages behind the high watermark over the assigned partitions, as of the last batch.'],
  },
  status_feed: {
    polls: ['counter', 'Polls of the provider status feed.'],
    failedPolls: ['counter', 'Polls that failed (unreachable, an error answer, not a Statuspage document).'],
    notModified: ['counter', 'Polls answered 304 Not Modified.'],
    skippedIncidents: ['counter', 'Incidents of the feed skipped as malformed.'],
    incidents: ['gauge', 'Incidents in the last answer of the feed.'],
    reachable: ['gauge', '1 when the last poll succeeded, else 0.'],
  },
  rules: {
    observed_records: ['counter', 'Records the alert rules evaluated.'],
    late_records: ['counter', 'Records older than their group\'s newest record, left out of streaks.'],
    future_records: ['counter', 'Records dated after their arrival, evaluated as if dated at their arrival.'],
    groups_refused: ['counter', 'Groups not created because a rule had reached its group limit.'],
    persist_errors: ['counter', 'Failed saves of the alert state.'],
    reloads: ['counter', 'Reloads of the rules file.'],
    reload_errors: ['counter', 'Reloads refused (the rules in force stay).'],
  },
};

/** A component that reports numbers for /metrics (Kafka receiver, rules engine, …). */
interface StatsSource {
  stats?: (() => Record<string, unknown>) | Record<string, unknown>;
}

/**
 * The analyzer's self-telemetry, declared by name and type with prom-client (which also escapes
 * label values) and rendered in the Prometheus text format at GET /metrics. Every value is read
 * from its owner when /metrics is scraped: ingest and the live stream only increment their own
 * fields.
 */
export class AnalyzerMetrics {
  readonly registry = new Registry();
  private componentValues = new Map<string, Record<string, unknown>>();

  constructor(
    private readonly ctx: ApiContext,
    live: LiveHub,
  ) {
    const ingest = (): ApiContext['ingest']['stats'] => ctx.ingest.stats;
    this.declare('counter', 'analyzer_ingest_batches_total', 'Batches committed to DuckDB.', () => ingest().batches);
    this.declare('counter', 'analyzer_received_records_total', 'Records received for storage.', () => ingest().received);
    this.declare('counter', 'analyzer_stored_records_total', 'Records stored (new rows).', () => ingest().stored);
    this.declare('counter', 'analyzer_duplicate_records_total', 'Records already stored (replays), skipped.', () => ingest().duplicates);
    this.declare('counter', 'analyzer_dead_letters_total', 'Records or messages kept as dead letters.', () => ingest().deadLetters);
    this.declare('gauge', 'analyzer_ingest_lag_seconds', 'Now minus the newest record time of the last committed batch.', () => ingest().lagSeconds);
    this.declare('gauge', 'analyzer_commit_seconds', 'Classify + DuckDB transaction time of the last batch.', () => ingest().lastCommitMs / 1000);
    this.declare('gauge', 'analyzer_live_clients', 'Connected live-stream clients.', () => live.stats().clients);
    this.declare('counter', 'analyzer_live_dropped_clients_total', 'Live-stream clients disconnected for leaving more than the buffer bound unread.', () => live.stats().droppedClients);
    this.declare('gauge', 'analyzer_live_max_buffered_bytes', 'The most bytes one live-stream client had unsent after a write.', () => live.stats().maxBufferedBytes);
    for (const [component, metrics] of Object.entries(COMPONENT_METRICS)) {
      if (!ctx.components?.[component]) continue;
      for (const [key, [kind, help]] of Object.entries(metrics)) {
        const name = `analyzer_${component}_${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
        this.declare(kind, name, help, () => Number(this.componentValues.get(component)?.[key] ?? 0));
      }
    }
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text, every value as of now. */
  async render(): Promise<string> {
    for (const component of Object.keys(COMPONENT_METRICS)) {
      const src = this.ctx.components?.[component] as StatsSource | undefined;
      const stats = typeof src?.stats === 'function' ? src.stats() : src?.stats;
      if (stats) this.componentValues.set(component, stats);
    }
    return this.registry.metrics();
  }

  /** One metric whose value its owner keeps; a counter mirrors the owner's running total. */
  private declare(kind: Kind, name: string, help: string, read: () => number): void {
    const registers = [this.registry];
    if (kind === 'gauge') new Gauge({ name, help, registers, collect() { this.set(read()); } });
    else new Counter({ name, help, registers, collect() { this.reset(); this.inc(read()); } });
  }
}
