import { checkBrokers, checkTopic, nonNegativeInt, type KafkaLogger } from '../../kafka/index.js';

/** Minimal structured logger (pino satisfies it). */
export type ExporterLogger = KafkaLogger;

export interface KafkaExporterOptions {
  /** Bootstrap brokers, e.g. ['127.0.0.1:9092']. */
  brokers: string[];
  /** Topic to produce to (created at start if missing). */
  topic: string;
  /** Partitions of the topic when this exporter creates it. Default 3. */
  partitions?: number;
  /** Replication factor when this exporter creates the topic. Default: the broker's default. */
  replicationFactor?: number;
  clientId?: string;
  /**
   * 'zstd' (default: Kafka's codec since 2.1, read by every Kafka client and by this analyzer; less
   * CPU and smaller values than gzip level 1, docs/kafka.md), 'gzip' (for consumers without zstd:
   * kafkajs needs a codec registered for it, `useKafkaCodecs`) or 'none'. Compression runs on
   * libuv's thread pool, off the event loop.
   */
  compression?: 'gzip' | 'zstd' | 'none';
  /** zlib level of gzip, 1 (fastest) to 9. Default 1 (see useKafkaCodecs in kafka/codecs.ts). */
  gzipLevel?: number;
  /** How long the first record of a batch waits for others to join it. Default 5 ms. */
  lingerMs?: number;
  /**
   * Sends in flight at once: idempotent producers ("lanes"), each with one send in flight, partition
   * p sent by lane p mod lanes. Capped at the topic's partition count. Default 1: on a loopback
   * broker and a busy 2-core machine more lanes cost CPU per span and bought no throughput
   * (docs/kafka.md); they pay where the broker's acknowledgement takes long (remote brokers,
   * replication) and CPU is free.
   */
  lanes?: number;
  /**
   * Records per send of one lane (callers are never split across sends). Default 4,000 (about
   * 1.8 MB of JSON, one produce request): against 10,000, 7 % less collector CPU per span at 16
   * connections on this project's machine, the same throughput (docs/benchmarks.md); 2,000 cost
   * more CPU and a quarter of the throughput.
   */
  maxBatchRecords?: number;
  /** Largest message value; bigger key groups are split. Default 512 KiB (broker limit ~1 MiB). */
  maxMessageBytes?: number;
  /**
   * Largest produce request, in bytes of message keys and values before compression; a batch is
   * sent as several requests, one after another. Default 900 KiB without compression and 4 MiB
   * with gzip or zstd (JSON records compress 10–17×), so each partition's batch stays under the
   * broker's default message.max.bytes of 1 MiB. A broker that still refuses a request as too
   * large gets it again split in two.
   */
  maxRequestBytes?: number;
  /** Records waiting for their turn (not yet in flight); beyond it consume() answers BUSY. Default 50,000. */
  maxPendingRecords?: number;
  /** A consume() not acknowledged by then is rejected as KAFKA_UNAVAILABLE. Default 10 s. */
  sendTimeoutMs?: number;
  /** Retry-After hint on retryable errors. Default 5 s. */
  retryAfterSeconds?: number;
  logger?: ExporterLogger;
}

export type ResolvedExporterOptions = Required<Omit<KafkaExporterOptions, 'replicationFactor' | 'logger'>> &
  Pick<KafkaExporterOptions, 'replicationFactor' | 'logger'>;

const WHO = 'kafka exporter';
const intOption = (name: string, value: number | undefined, fallback: number): number => nonNegativeInt(WHO, name, value, fallback);

/** Applies defaults and validates; throws a TypeError naming the bad option. */
export function resolveExporterOptions(opts: KafkaExporterOptions): ResolvedExporterOptions {
  const brokers = checkBrokers(WHO, opts.brokers);
  const topic = checkTopic(WHO, opts.topic);
  const compression = opts.compression ?? 'zstd';
  if (compression !== 'gzip' && compression !== 'zstd' && compression !== 'none') throw new TypeError(`${WHO}: compression must be gzip, zstd or none`);
  const resolved: ResolvedExporterOptions = {
    brokers,
    topic,
    partitions: Math.max(1, intOption('partitions', opts.partitions, 3)),
    clientId: opts.clientId ?? 'claude-errors-collector',
    compression,
    lingerMs: intOption('lingerMs', opts.lingerMs, 5),
    lanes: Math.max(1, intOption('lanes', opts.lanes, 1)),
    gzipLevel: intOption('gzipLevel', opts.gzipLevel, 1),
    maxBatchRecords: Math.max(1, intOption('maxBatchRecords', opts.maxBatchRecords, 4_000)),
    maxMessageBytes: Math.max(1024, intOption('maxMessageBytes', opts.maxMessageBytes, 512 * 1024)),
    maxRequestBytes: Math.max(1024, intOption('maxRequestBytes', opts.maxRequestBytes, compression === 'none' ? 900 * 1024 : 4 * 1024 * 1024)),
    maxPendingRecords: Math.max(1, intOption('maxPendingRecords', opts.maxPendingRecords, 50_000)),
    sendTimeoutMs: Math.max(1, intOption('sendTimeoutMs', opts.sendTimeoutMs, 10_000)),
    retryAfterSeconds: Math.max(1, intOption('retryAfterSeconds', opts.retryAfterSeconds, 5)),
  };
  if (resolved.gzipLevel < 1 || resolved.gzipLevel > 9) throw new TypeError(`${WHO}: gzipLevel must be 1 to 9, got ${resolved.gzipLevel}`);
  if (opts.replicationFactor !== undefined) resolved.replicationFactor = intOption('replicationFactor', opts.replicationFactor, 1);
  if (opts.logger !== undefined) resolved.logger = opts.logger;
  return resolved;
}
