import type { Analyzer } from '@claude-errors/analyzer';
import type { Logger } from 'pino';
import type { ServiceConfig } from '../options.js';

/** Attaches the alert rules engine to the analyzer (wired once the engine exists). */
export async function attachRules(_analyzer: Analyzer, cfg: ServiceConfig, logger: Logger): Promise<void> {
  if (cfg.rules) logger.warn({ rules: cfg.rules }, 'alert rules are not wired yet; the file is ignored');
}
