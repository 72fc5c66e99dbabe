// What `collector` and `analyzer` share: each runs one service alone, in Kafka mode only.
import type { Logger } from 'pino';
import { makeLogger } from './logger.js';
import { optionsUsage, parseServiceConfig, type ServiceConfig } from './options.js';

export type KafkaModeService = 'collector' | 'analyzer';

/** A service config whose --kafka brokers are given. */
export type KafkaModeConfig = ServiceConfig & { kafka: string[] };

export function kafkaModeUsage(name: KafkaModeService): string {
  return `Usage: claude-errors ${name} --kafka <brokers> [options]\n\nOptions (flag, env, default, meaning):\n${optionsUsage()}`;
}

/** Parses the service options, refuses a run without --kafka, and makes the service's logger. */
export function kafkaModeSetup(name: KafkaModeService, argv: string[]): { cfg: KafkaModeConfig; logger: Logger } {
  const cfg = parseServiceConfig(argv);
  const kafka = cfg.kafka;
  if (!kafka) throw new Error(`${name}: --kafka <brokers> (or CE_KAFKA) is required; use \`serve\` for embedded mode`);
  return { cfg: { ...cfg, kafka }, logger: makeLogger(cfg.logLevel, `claude-errors-${name}`, cfg.logFormat) };
}
