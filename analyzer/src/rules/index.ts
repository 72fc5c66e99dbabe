export { RuleEngine, ruleHash, type RuleEngineOptions, type RuleEngineStats } from './engine.js';
export type { AlertChange, AlertRow, RuleState, GroupStateView, NotificationView, NotifierSummary, Rule, RulesConfig, NotifierConfig } from './types.js';
export { loadRulesFile, parseRulesText, defaultRules } from './load.js';
export { defaultRulesFile, defaultRulesYaml } from './defaults.js';
export { RulesErrorCode, RulesInvalidError, formatProblem, type RulesProblem } from './errors.js';
// The one duration parser lives in @claude-errors/schemas; re-exported for the rules' callers.
export { parseDuration, formatDuration } from '@claude-errors/schemas';
export type { CatalogLookup } from './events.js';
