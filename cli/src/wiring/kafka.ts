import type { Component, Exporter } from '@claude-errors/schemas';
import type { IngestSink } from '@claude-errors/analyzer';
import type { Logger } from 'pino';
import type { ServiceConfig } from '../options.js';

/** Kafka edges (wired once the Kafka exporter and receiver exist). */
export async function kafkaExporter(_cfg: ServiceConfig, _logger: Logger): Promise<Exporter> {
  throw new Error('Kafka mode is not wired yet');
}

export async function kafkaReceiver(_cfg: ServiceConfig, _sink: IngestSink, _logger: Logger): Promise<Component> {
  throw new Error('Kafka mode is not wired yet');
}
