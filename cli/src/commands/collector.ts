import cluster from 'node:cluster';
import type { Logger } from 'pino';
import { relaunchCollector } from '../collector-launch.js';
import { kafkaModeCommand } from '../kafka-mode.js';
import { createCollector, shutdownAll, untilSignal } from '../services.js';

export const command = kafkaModeCommand('collector', 'The OTLP collector alone, producing to Kafka (--kafka required)', async (cfg, logger) => {
  // Once the options are known to be valid: the process becomes itself with the collector's Node
  // flags (collector-launch.ts); a relaunched process and cluster workers carry them already.
  if (cluster.isPrimary) relaunchCollector();
  const announce = (url: string): void => {
    process.stdout.write(`claude-errors collector: ${url}/v1/traces -> kafka ${cfg.kafka.join(',')} topic ${cfg.topic}\n`);
  };
  if (cfg.collectorProcesses > 1 && cluster.isPrimary) return superviseProcesses(cfg.collectorProcesses, logger, announce);
  // A worker tells the primary when a signal reached it directly (Ctrl-C signals the whole
  // process group), so the primary does not send it a second one (a second signal exits at once).
  if (cluster.isWorker) for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.send?.('stopping'));
  const collector = await createCollector(cfg, logger);
  await collector.start();
  if (cluster.isPrimary) announce(collector.url);
  const code = await untilSignal({ collector, shutdown: () => shutdownAll([collector]) }, logger);
  if (cluster.isWorker) cluster.worker?.disconnect(); // the channel to the primary would keep this process alive
  return code;
});

/**
 * `--collector-processes N`: N collector processes (node:cluster workers, each the command above
 * with its own exporter and producers) share the OTLP port; the primary only hands connections
 * out and relays SIGINT/SIGTERM, after which every worker drains and commits as a single
 * collector does. A worker that exits on its own is replaced. Each worker's /metrics counts its
 * own requests only.
 */
function superviseProcesses(count: number, logger: Logger, announce: (url: string) => void): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    let announced = false;
    const signalled = new Set<number>();
    const fork = (): void => {
      const worker = cluster.fork();
      worker.on('message', (msg) => {
        if (msg === 'stopping') signalled.add(worker.id);
      });
      worker.once('listening', (address) => {
        if (announced) return;
        announced = true;
        const host = address.address.includes(':') ? `[${address.address}]` : address.address;
        logger.info({ processes: count }, 'collector processes started');
        announce(`http://${host}:${address.port}`);
      });
    };
    cluster.on('exit', (worker, code, signal) => {
      if (stopping) {
        if (Object.keys(cluster.workers ?? {}).length === 0) resolve(0);
        return;
      }
      logger.error({ pid: worker.process.pid, code, signal }, 'collector process exited; starting another');
      fork();
    });
    for (let i = 0; i < count; i++) fork();
    const stop = (sig: NodeJS.Signals): void => {
      if (stopping) process.exit(130);
      stopping = true;
      logger.info({ signal: sig }, 'shutting down collector processes');
      // Workers the same signal did not reach (a `kill <primary pid>`) get it from here.
      setTimeout(() => {
        for (const worker of Object.values(cluster.workers ?? {})) if (worker && !signalled.has(worker.id)) worker.process.kill(sig);
      }, 200);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
