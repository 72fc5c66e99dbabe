import { fileURLToPath } from 'node:url';
import type { Component } from '@claude-errors/schemas';
// The analyzer (and DuckDB's native library, ~35 MiB resident) loads only where one is created:
// `claude-errors collector` never maps it.
import type { Analyzer } from '@claude-errors/analyzer';
import { Collector, EmbeddedQueue } from '@claude-errors/collector';
import type { Logger } from 'pino';
import type { ServiceConfig } from './options.js';
import { kafkaExporter, kafkaReceiver } from './wiring/kafka.js';

export const DASHBOARD_DIR = fileURLToPath(new URL('../../dashboard/dist', import.meta.url));

export interface Running {
  collector?: Collector;
  analyzer?: Analyzer;
  /** Stops everything in order: stop accepting, drain and commit, close storage. */
  shutdown(): Promise<void>;
}

/**
 * The analyzer half: DuckDB, rules, receivers (embedded queue or Kafka), API. `otlpUrl` tells the
 * dashboard where applications send spans (the collector of `serve`; unknown in Kafka mode unless
 * --public-otlp-url names it, which also wins over the bound address behind a proxy).
 */
export async function createAnalyzer(cfg: ServiceConfig, logger: Logger, queue?: EmbeddedQueue, otlpUrl: () => string | null = () => null): Promise<Analyzer> {
  const { Analyzer, EmbeddedReceiver } = await import('@claude-errors/analyzer');
  const connect = () => ({ otlpUrl: cfg.publicOtlpUrl ?? otlpUrl(), ingestTokenRequired: cfg.ingestToken !== undefined });
  const analyzer = new Analyzer({ dataDir: cfg.data, host: cfg.host, port: cfg.port, apiToken: cfg.apiToken, publicMetrics: cfg.metricsAuth === 'none', allowedHosts: cfg.allowedHosts, dashboardDir: DASHBOARD_DIR, rulesFile: cfg.rules, logger, connect,
    statusFeed: cfg.statusFeed ? { url: cfg.statusFeed, intervalMs: cfg.statusFeedIntervalMs } : undefined,
  });
  if (queue) analyzer.attach(new EmbeddedReceiver(queue, analyzer.ingest, { logger }), 'embedded');
  else if (cfg.kafka) analyzer.attach(await kafkaReceiver(cfg, analyzer.ingest, logger), 'kafka');
  return analyzer;
}

export async function createCollector(cfg: ServiceConfig, logger: Logger, queue?: EmbeddedQueue): Promise<Collector> {
  const exporter = queue ?? (await kafkaExporter(cfg, logger));
  return new Collector({ exporter, host: cfg.host, port: cfg.otlpPort, maxBodyBytes: cfg.maxBodyBytes, ingestToken: cfg.ingestToken, maxClockSkewMs: cfg.maxClockSkewMs, decodeThreads: cfg.decodeThreads, logger });
}

/** `serve`: both halves in one process, joined by the embedded queue unless --kafka is given. */
export async function startServe(cfg: ServiceConfig, logger: Logger): Promise<Running> {
  const queue = cfg.kafka ? undefined : new EmbeddedQueue({ maxRecords: cfg.queueRecords });
  // The collector listens after the analyzer: its URL is known once it has started.
  const analyzer = await createAnalyzer(cfg, logger, queue, () => collector.url || null);
  const collector = await createCollector(cfg, logger, queue);
  await startAll([analyzer, collector]);
  return { analyzer, collector, shutdown: () => shutdownAll([collector, analyzer]) };
}

export async function startAll(components: Component[]): Promise<void> {
  const started: Component[] = [];
  try {
    for (const c of components) {
      await c.start();
      started.push(c);
    }
  } catch (err) {
    await shutdownAll(started.reverse()).catch(() => undefined);
    throw err;
  }
}

export async function shutdownAll(components: Component[]): Promise<void> {
  for (const c of components) await c.shutdown();
}

/** Runs until SIGINT/SIGTERM, then shuts down gracefully (a second signal exits at once). */
export function untilSignal(running: Running, logger: Logger): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (sig: string): void => {
      if (stopping) process.exit(130);
      stopping = true;
      logger.info({ signal: sig }, 'shutting down: draining and committing');
      running.shutdown().then(
        () => resolve(0),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
