import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Component, Exporter } from '@claude-errors/schemas';
import { buildCollectorApp } from './app.js';
import type { CollectorMetrics } from './metrics.js';

export interface CollectorOptions {
  exporter: Exporter;
  host?: string;
  port?: number;
  maxBodyBytes?: number | undefined;
  ingestToken?: string | undefined;
  /** How far in the future an event time may lie before it is set to the receive time (default 5 min). */
  maxClockSkewMs?: number | undefined;
  /** Worker threads decoding requests for the Kafka exporter; 0 (default): on the event loop (docs/collector.md). */
  decodeThreads?: number | undefined;
  logger?: Logger | false;
}

/**
 * The collector as one component. start: exporter first, then the listener (nothing is accepted
 * before it can be handed on). shutdown: stop accepting and finish in-flight requests (the decode
 * threads stop after them), then shut the exporter down.
 */
export class Collector implements Component {
  readonly app: FastifyInstance;
  readonly metrics: CollectorMetrics;
  private address = '';

  constructor(private readonly opts: CollectorOptions) {
    const built = buildCollectorApp({ exporter: opts.exporter, maxBodyBytes: opts.maxBodyBytes, ingestToken: opts.ingestToken, maxClockSkewMs: opts.maxClockSkewMs, decodeThreads: opts.decodeThreads, ...(opts.logger !== undefined ? { logger: opts.logger } : {}) });
    this.app = built.app;
    this.metrics = built.metrics;
  }

  get url(): string {
    return this.address;
  }

  async start(): Promise<void> {
    await this.opts.exporter.start();
    this.address = await this.app.listen({ host: this.opts.host ?? '127.0.0.1', port: this.opts.port ?? 4318 });
  }

  async shutdown(): Promise<void> {
    await this.app.close();
    await this.opts.exporter.shutdown();
  }
}
