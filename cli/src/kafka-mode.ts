// What `collector` and `analyzer` share: each runs one service alone, in Kafka mode only.
import type { Logger } from 'pino';
import type { Command } from './command.js';
import { makeLogger } from './logger.js';
import { optionsUsage, parseServiceConfig, type ServiceConfig } from './options.js';

export type KafkaModeService = 'collector' | 'analyzer';

/** A service config whose --kafka brokers are given. */
export type KafkaModeConfig = ServiceConfig & { kafka: string[] };

/**
 * The command that runs `name` alone: it parses the service options, refuses a run without
 * --kafka, makes the service's logger, and hands both to `start`, which returns the exit code.
 */
export function kafkaModeCommand(name: KafkaModeService, summary: string, start: (cfg: KafkaModeConfig, logger: Logger) => Promise<number>): Command {
  return {
    name,
    summary,
    usage: `Usage: claude-errors ${name} --kafka <brokers> [options]\n\nOptions (flag, env, default, meaning):\n${optionsUsage()}`,
    async run(argv) {
      const cfg = parseServiceConfig(argv);
      const kafka = cfg.kafka;
      if (!kafka) throw new Error(`${name}: --kafka <brokers> (or CE_KAFKA) is required; use \`serve\` for embedded mode`);
      return start({ ...cfg, kafka }, makeLogger(cfg.logLevel, `claude-errors-${name}`, cfg.logFormat));
    },
  };
}
