import type { Command } from '../command.js';
import { makeLogger } from '../logger.js';
import { optionsUsage, parseServiceConfig } from '../options.js';
import { startServe, untilSignal } from '../services.js';

export const command: Command = {
  name: 'serve',
  summary: 'Collector and analyzer in one process (embedded queue; --kafka to go through Kafka)',
  usage: `Usage: claude-errors serve [options]\n\nOptions (flag, env, default, meaning):\n${optionsUsage()}`,
  async run(argv) {
    const cfg = parseServiceConfig(argv);
    const logger = makeLogger(cfg.logLevel, 'claude-errors', cfg.logFormat);
    const running = await startServe(cfg, logger);
    const mode = cfg.kafka ? `kafka (${cfg.kafka.join(',')}, topic ${cfg.topic})` : 'embedded';
    process.stdout.write(
      [
        `claude-errors serving (${mode} mode), data in ${running.analyzer!.store.path}`,
        `  OTLP/HTTP receiver: ${running.collector!.url}/v1/traces`,
        `  Dashboard:          ${running.analyzer!.url}/`,
        `  API:                ${running.analyzer!.url}/api/v1/summary`,
        `  Is it connected?    npx claude-errors doctor --url ${running.analyzer!.url}${cfg.apiToken ? ' --api-token <token>' : ''}${cfg.ingestToken ? ' --ingest-token <token>' : ''}`,
        '',
      ].join('\n'),
    );
    return untilSignal(running, logger);
  },
};
