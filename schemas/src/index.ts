export * from './record.js';
export * from './limits.js';
export * from './errors.js';
export * from './pipeline.js';
export { parseDuration, formatDuration, DURATION_RE, DURATION_UNITS_MS, type DurationOptions } from './duration.js';
export { loadPackageJson } from './load-json.js';
export type {
  RulesFile,
  Rule as RulesFileRule,
  Notifier as RulesFileNotifier,
  Match as RulesFileMatch,
  Resolve as RulesFileResolve,
  Settings as RulesFileSettings,
} from './generated/rules.js';
export * from './catalog.js';
export { bearerMatches, secretEquals } from './token.js';
