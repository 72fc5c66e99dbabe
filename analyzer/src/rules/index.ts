export { RuleEngine, ruleHash, type RuleEngineOptions, type RuleEngineStats } from './engine.js';
export type { AlertChange, AlertRow, RuleState, GroupStateView, NotificationView, NotifierSummary, Rule, RulesConfig, NotifierConfig } from './types.js';
export { loadRulesFile, parseRulesText, defaultRules } from './load.js';
export { defaultRulesFile, defaultRulesYaml } from './defaults.js';
export { RulesErrorCode, RulesInvalidError, formatProblem, type RulesProblem } from './errors.js';
export { parseDuration, formatDuration } from './duration.js';
export type { CatalogLookup } from './events.js';
