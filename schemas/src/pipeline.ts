import type { ErrorRecord } from './generated/record.js';

/**
 * The one lifecycle every pipeline component has. Components are started in pipeline order
 * (storage, then consumers, then receivers) and shut down in reverse, so that nothing is accepted
 * that cannot be handed on.
 */
export interface Component {
  start(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * The edge between two stages. `consume` resolves only once the batch has been durably handed off
 * (Kafka acks=-1, or committed to DuckDB). A rejected promise is backpressure or failure: the caller
 * must not acknowledge the batch upstream. Rejections should be CeErrors that say whether a retry
 * can succeed.
 */
export interface RecordConsumer {
  consume(records: ErrorRecord[]): Promise<void>;
}

/** A collector-side exporter: where accepted records go (Kafka or the embedded queue). */
export interface Exporter extends Component, RecordConsumer {
  readonly name: string;
  /** true while the exporter can accept work (used by /readyz). */
  ready(): boolean;
  /**
   * Self-telemetry for /metrics: running totals and current values (a boolean counts as 0 or 1).
   * Only numbers declared in collector/src/metrics.ts, each with its metric name and type
   * (counter or gauge), are rendered: a new number must be declared there.
   */
  stats?(): Record<string, number | boolean>;
}

/**
 * The service.name of the test spans `claude-errors doctor` sends through the pipeline. They prove
 * the pipeline works, not that an application is connected: the analyzer's `has_records` skips them.
 */
export const DOCTOR_SERVICE = 'claude-errors-doctor';
