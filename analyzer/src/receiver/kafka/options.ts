import { checkBrokers, checkTopic, nonNegativeInt, type KafkaLogger } from '@claude-errors/collector/kafka';
import type { IngestSink } from '../../ingest-sink.js';

/** Minimal structured logger (pino satisfies it). */
export type ReceiverLogger = KafkaLogger;

export interface KafkaReceiverOptions {
  /** Bootstrap brokers, e.g. ['127.0.0.1:9092']. */
  brokers: string[];
  topic: string;
  /** Consumer group. Analyzers sharing a group split the partitions (one DuckDB file each). */
  groupId: string;
  /** Where records, dead letters and consumed offsets are stored together. */
  sink: IngestSink;
  logger?: ReceiverLogger;
  clientId?: string;
  /** Partitions when this receiver has to create the topic. Default 3. */
  partitions?: number;
  /** Most records handed to one sink.ingest() (one DuckDB transaction). Default 20,000. */
  maxIngestRecords?: number;
  /** Backoff after a failed ingest: doubles from `retryInitialMs` up to `retryMaxMs`. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** Longest a fetch waits on the broker for new data; also bounds how long shutdown() waits for it. Default 1 s. */
  maxWaitTimeMs?: number;
  /** How long start() waits for the first partition assignment. Default 60 s. */
  joinTimeoutMs?: number;
  /**
   * Consumer-group session timeout: how long the broker waits for a silent member before it
   * hands its partitions to another. Also how long an analyzer restarted after a crash waits
   * for its partitions, since the dead member must expire first. Default 10 s (kafkajs: 30 s);
   * heartbeats go every third of it. The broker bounds it (group.min/max.session.timeout.ms,
   * 6 s to 30 min by default).
   */
  sessionTimeoutMs?: number;
}

export type ResolvedReceiverOptions = Required<Omit<KafkaReceiverOptions, 'logger'>> & Pick<KafkaReceiverOptions, 'logger'>;

const WHO = 'kafka receiver';
const intOption = (name: string, value: number | undefined, fallback: number): number => nonNegativeInt(WHO, name, value, fallback);

/** Applies defaults and validates; throws a TypeError naming the bad option. */
export function resolveReceiverOptions(opts: KafkaReceiverOptions): ResolvedReceiverOptions {
  const brokers = checkBrokers(WHO, opts.brokers);
  const topic = checkTopic(WHO, opts.topic);
  if (typeof opts.groupId !== 'string' || opts.groupId === '') throw new TypeError(`${WHO}: groupId must be a non-empty string`);
  if (!opts.sink || typeof opts.sink.ingest !== 'function') throw new TypeError(`${WHO}: sink must be an IngestSink`);
  const resolved: ResolvedReceiverOptions = {
    brokers,
    topic,
    groupId: opts.groupId,
    sink: opts.sink,
    clientId: opts.clientId ?? 'claude-errors-analyzer',
    partitions: Math.max(1, intOption('partitions', opts.partitions, 3)),
    maxIngestRecords: Math.max(1, intOption('maxIngestRecords', opts.maxIngestRecords, 20_000)),
    retryInitialMs: Math.max(1, intOption('retryInitialMs', opts.retryInitialMs, 200)),
    retryMaxMs: Math.max(1, intOption('retryMaxMs', opts.retryMaxMs, 10_000)),
    maxWaitTimeMs: Math.max(10, intOption('maxWaitTimeMs', opts.maxWaitTimeMs, 1_000)),
    joinTimeoutMs: Math.max(1, intOption('joinTimeoutMs', opts.joinTimeoutMs, 60_000)),
    sessionTimeoutMs: Math.max(1, intOption('sessionTimeoutMs', opts.sessionTimeoutMs, 10_000)),
  };
  if (opts.logger !== undefined) resolved.logger = opts.logger;
  return resolved;
}
