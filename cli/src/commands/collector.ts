import type { Command } from '../command.js';
import { makeLogger } from '../logger.js';
import { optionsUsage, parseServiceConfig } from '../options.js';
import { createCollector, shutdownAll, untilSignal } from '../services.js';

export const command: Command = {
  name: 'collector',
  summary: 'The OTLP collector alone, producing to Kafka (--kafka required)',
  usage: `Usage: claude-errors collector --kafka <brokers> [options]\n\nOptions (flag, env, default, meaning):\n${optionsUsage()}`,
  async run(argv) {
    const cfg = parseServiceConfig(argv);
    if (!cfg.kafka) throw new Error('collector: --kafka <brokers> (or CE_KAFKA) is required; use `serve` for embedded mode');
    const logger = makeLogger(cfg.logLevel, 'claude-errors-collector', cfg.logFormat);
    const collector = await createCollector(cfg, logger);
    await collector.start();
    process.stdout.write(`claude-errors collector: ${collector.url}/v1/traces -> kafka ${cfg.kafka.join(',')} topic ${cfg.topic}\n`);
    return untilSignal({ collector, shutdown: () => shutdownAll([collector]) }, logger);
  },
};
