/** Normalized rules and notifiers (durations in ms, lists always arrays) and the engine's public shapes. */
import type { Severity } from '../notify/notification.js';
import type { NotifierConfig } from '../notify/config.js';
import type { AlertStateJson } from '../notify/format-json.js';
import type { Alert, AlertDelivery, Rule as RuleAnswer, RuleGroup } from '@claude-errors/schemas/api';

// The notifier's own shapes live in notify/ (which knows nothing of rules); re-exported for the rules' callers.
export type { AlertEventKind, AlertStatus, AlertSubject, DeliveryState, Severity } from '../notify/notification.js';
export type { NotifierConfig, NotifierSummary, NotifyFormat } from '../notify/config.js';

export type RuleKind = 'streak' | 'rate' | 'count' | 'headroom';

/** Streak-like kinds: consecutive matching records, no window. */
export function isStreakKind(kind: RuleKind): boolean {
  return kind === 'streak' || kind === 'headroom';
}

/** headroom rules: the remaining share of a rate limit, from a response's anthropic-ratelimit-* values. */
export interface HeadroomCondition {
  /** A response counts (matches) when the remaining share of a watched limit is below this. */
  below: number;
  /** A response with every watched limit at or above this share counts as a success (resolves). */
  above: number;
  /** Limit kinds watched: requests, tokens, input_tokens, output_tokens. */
  limits: string[];
}

export interface RuleMatch {
  status?: number[];
  error_type?: string[];
  catalog_id?: string[];
}

export interface Rule {
  name: string;
  kind: RuleKind;
  match: RuleMatch;
  level: 'attempt' | 'call';
  threshold: number;
  windowMs: number; // 0 for streak rules
  minTotal: number; // rate rules; 0 otherwise
  headroom?: HeadroomCondition | undefined; // headroom rules only
  groupBy: string[];
  resolve: { successes: number } | { quietForMs: number } | { condition: true };
  forMs: number;
  keepFiringForMs: number;
  severity: Severity;
  summary: string | undefined;
  labels: Record<string, string>;
  notifiers: string[] | undefined; // undefined = all notifiers
}

export interface RulesConfig {
  source: string; // file path, or "(defaults)"
  rules: Rule[];
  notifiers: NotifierConfig[];
  reorderWindowMs: number;
  maxGroupsPerRule: number;
}

// What the API shows of rules and alerts: the types of their answers in schemas/api.schema.json.
/** One group of a rule and where its condition stands (GET /api/v1/rules). */
export type GroupStateView = RuleGroup;

/** One loaded rule and the state of each of its groups (GET /api/v1/rules). */
export type RuleState = RuleAnswer;

export type NotificationView = AlertDelivery;

/** A firing/resolved state change, for the live stream. */
export type AlertChange = AlertStateJson;

/** One alert event (firing, resolved or a repeat) with its notifications; GET /api/v1/alerts adds `incidents`. */
export type AlertRow = Omit<Alert, 'incidents'>;
