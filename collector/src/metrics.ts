import { Counter, Gauge, Registry } from 'prom-client';
import type { Exporter } from '@claude-errors/schemas';

type Unit = 'spans' | 'log_records';

/**
 * The exporter's numbers (`Exporter.stats()`, and the embedded queue's depth), each declared here
 * with its metric name and type. A number an exporter reports that is not declared here is not
 * rendered: a counter or gauge is never guessed from its name.
 */
type Declared = Record<string, [name: string, help: string]>;
/** Running totals the exporter keeps, mirrored as counters. */
const EXPORTER_COUNTERS: Declared = {
  sentRecords: ['exporter_sent_records_total', 'Records the broker acknowledged.'],
  sentMessages: ['exporter_sent_messages_total', 'Kafka messages the broker acknowledged.'],
  sentBatches: ['exporter_sent_batches_total', 'Batches handed to Kafka and acknowledged.'],
  sentRequests: ['exporter_sent_requests_total', 'Produce requests the broker acknowledged.'],
  splitRequests: ['exporter_split_requests_total', 'Produce requests the broker refused as too large, split in two and resent.'],
  failedSends: ['exporter_failed_sends_total', 'Produce requests that failed (their callers got an error).'],
  refusedRecords: ['exporter_refused_records_total', 'Records refused at consume(): the pending queue was full or Kafka unavailable.'],
  replacedSessions: ['exporter_replaced_sessions_total', 'Idempotent producer sessions replaced after a failed send.'],
};
/** Current values. */
const EXPORTER_GAUGES: Declared = {
  pendingRecords: ['exporter_pending_records', 'Records waiting behind the produce requests in flight.'],
  inFlightRecords: ['exporter_in_flight_records', 'Records in produce requests not yet acknowledged.'],
  available: ['exporter_available', '1 while the broker acknowledges sends, else 0.'],
  queuedRecords: ['exporter_queue_depth_records', 'Embedded mode: records waiting for storage.'],
};

/**
 * The collector's self-telemetry, declared by name and type with prom-client and rendered in the
 * Prometheus text format at /metrics. The request handler only increments (per request or batch,
 * never per record log line); the exporter's numbers are read when /metrics is scraped. A refusal
 * is counted once per request answered with an error: a resent request is counted again, as the
 * Collector's own receiver counts it.
 */
export class CollectorMetrics {
  readonly registry = new Registry();
  readonly acceptedRecords = this.counter('receiver_accepted_records_total', 'Records accepted and durably handed to the exporter.');
  readonly ignored: Record<Unit, Counter> = {
    spans: this.counter('receiver_ignored_spans_total', 'Spans that are not Claude API calls (ignored, not errors).'),
    log_records: this.counter('receiver_ignored_log_records_total', 'Log records without a Claude API error.'),
  };
  /** By reason: `invalid` (dropped from a partial success), or the kind of the error the whole request was refused with. */
  readonly refused: Record<Unit, Counter<'reason'>> = {
    spans: this.counter('receiver_refused_spans_total', 'Spans refused: invalid (partial success), or the whole decoded request refused (by the error kind).', ['reason']),
    log_records: this.counter('receiver_refused_log_records_total', 'Log records refused with the whole decoded request (by the error kind).', ['reason']),
  };
  readonly requestsRefused = this.counter('receiver_requests_refused_total', 'Requests answered with an error, by code.', ['code']);
  readonly droppedValues = this.counter('receiver_dropped_values_total', 'Numbers outside their column range, dropped from the record (by record field).', ['field']);
  readonly decodeThreadsReplaced = this.counter('receiver_decode_threads_replaced_total', 'Decode threads that stopped (an uncaught error, out of memory) and were replaced.');
  readonly adjustedTimes = this.counter('receiver_adjusted_times_total', 'Event times set to the receive time: beyond the allowed clock skew in the future, or invalid (by reason).', ['reason']);

  private exporterValues: Record<string, unknown> = {};

  constructor(private readonly exporter: Exporter) {}

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text: every declared metric, with the exporter's numbers as of now. */
  async render(): Promise<string> {
    const queue = (this.exporter as unknown as { queuedRecords?: unknown }).queuedRecords;
    this.exporterValues = { ...this.exporter.stats?.(), ...(typeof queue === 'number' ? { queuedRecords: queue } : {}) };
    for (const key of Object.keys(this.exporterValues)) this.declareExporterMetric(key);
    return this.registry.metrics();
  }

  private counter<L extends string = never>(name: string, help: string, labelNames: L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** Declared on the first scrape that sees the number, so each mode shows only its exporter's metrics. */
  private declareExporterMetric(key: string): void {
    const gauge = EXPORTER_GAUGES[key];
    const counter = EXPORTER_COUNTERS[key];
    const [name, help] = gauge ?? counter ?? [];
    if (!name || !help || this.registry.getSingleMetric(name)) return;
    const value = (): number => Number(this.exporterValues[key] ?? 0);
    const registers = [this.registry];
    if (gauge) {
      new Gauge({ name, help, registers, collect() { this.set(value()); } });
    } else {
      // The exporter keeps the running total; the counter mirrors it at each scrape.
      new Counter({ name, help, registers, collect() { this.reset(); this.inc(value()); } });
    }
  }
}
