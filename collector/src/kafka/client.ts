import { Kafka, logLevel } from 'kafkajs';
import { useKafkaCodecs } from './codecs.js';
import { useKafkaChecksum } from './checksum.js';
import { bridgeLogs } from './log-bridge.js';
import type { KafkaLogger } from './logger.js';

export interface KafkaClientOptions {
  /** Bootstrap brokers, already checked by checkBrokers (options.ts). */
  brokers: string[];
  clientId: string;
  /** Where kafkajs' WARN and ERROR lines go (see bridgeLogs); none: they are dropped. */
  logger?: KafkaLogger | undefined;
  /**
   * How often kafkajs retries a failed request (connect, metadata, join, …) and the longest wait
   * between two tries; the first wait is 100 ms and grows from there. Each component picks its own.
   */
  retry: { retries: number; maxRetryTime: number };
}

let codecsSet = false;

/**
 * The kafkajs client the Kafka exporter and receiver build their producers, consumer and admin
 * from: WARN level and above bridged to our logger, connections given up after 3 s, and this
 * project's codecs (codecs.ts: gzip level 1 unless the exporter sets another, zstd) and record-batch
 * checksum (checksum.ts) set once.
 */
export function createKafka(opts: KafkaClientOptions): Kafka {
  if (!codecsSet) {
    useKafkaCodecs();
    useKafkaChecksum();
    codecsSet = true;
  }
  return new Kafka({
    brokers: opts.brokers,
    clientId: opts.clientId,
    logLevel: logLevel.WARN,
    logCreator: bridgeLogs(opts.logger),
    connectionTimeout: 3_000,
    retry: { retries: opts.retry.retries, initialRetryTime: 100, maxRetryTime: opts.retry.maxRetryTime },
  });
}
