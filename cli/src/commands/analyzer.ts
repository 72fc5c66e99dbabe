import type { Command } from '../command.js';
import { makeLogger } from '../logger.js';
import { optionsUsage, parseServiceConfig } from '../options.js';
import { createAnalyzer, shutdownAll, untilSignal } from '../services.js';

export const command: Command = {
  name: 'analyzer',
  summary: 'The analyzer alone, consuming from Kafka into DuckDB (--kafka required)',
  usage: `Usage: claude-errors analyzer --kafka <brokers> [options]\n\nOptions (flag, env, default, meaning):\n${optionsUsage()}`,
  async run(argv) {
    const cfg = parseServiceConfig(argv);
    if (!cfg.kafka) throw new Error('analyzer: --kafka <brokers> (or CE_KAFKA) is required; use `serve` for embedded mode');
    const logger = makeLogger(cfg.logLevel, 'claude-errors-analyzer', cfg.logFormat);
    const analyzer = await createAnalyzer(cfg, logger);
    await analyzer.start();
    process.stdout.write(`claude-errors analyzer: kafka ${cfg.kafka.join(',')} topic ${cfg.topic} -> ${analyzer.store.path}\n  API: ${analyzer.url}/api/v1/summary\n`);
    return untilSignal({ analyzer, shutdown: () => shutdownAll([analyzer]) }, logger);
  },
};
