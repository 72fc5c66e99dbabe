import type { Component, Exporter } from '@claude-errors/schemas';
import type { IngestSink } from '@claude-errors/analyzer';
import { KafkaExporter } from '@claude-errors/collector';
import type { Logger } from 'pino';
import type { ServiceConfig } from '../options.js';

/** The collector's Kafka exporter, from the service flags. */
export async function kafkaExporter(cfg: ServiceConfig, logger: Logger): Promise<Exporter> {
  if (!cfg.kafka) throw new Error('kafka exporter needs --kafka');
  return new KafkaExporter({ brokers: cfg.kafka, topic: cfg.topic, partitions: cfg.partitions, lanes: cfg.kafkaLanes, compression: cfg.kafkaCompression, logger: logger.child({ component: 'kafka-exporter' }) });
}

/** The analyzer's Kafka receiver, storing into `sink` (rows and offsets in one transaction). */
export async function kafkaReceiver(cfg: ServiceConfig, sink: IngestSink, logger: Logger): Promise<Component> {
  if (!cfg.kafka) throw new Error('kafka receiver needs --kafka');
  const { KafkaReceiver } = await import('@claude-errors/analyzer'); // loaded only by the analyzer's commands (see services.ts)
  return new KafkaReceiver({ brokers: cfg.kafka, topic: cfg.topic, groupId: cfg.group, partitions: cfg.partitions, sink, logger: logger.child({ component: 'kafka-receiver' }) });
}
