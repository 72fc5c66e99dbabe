/** Normalized rules and notifiers (durations in ms, lists always arrays) and the engine's public shapes. */
import type { AlertEventKind, DeliveryState, Severity } from '../notify/notification.js';
import type { NotifierConfig, NotifierSummary } from '../notify/config.js';
import type { AlertStateJson } from '../notify/format-json.js';

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

export interface GroupStateView {
  labels: Record<string, string>;
  fingerprint: string;
  state: 'inactive' | 'pending' | 'firing';
  /** streak: current consecutive matches; rate: matching/total in the window; count: matches in the window. */
  value: number;
  matching: number;
  total: number;
  threshold: number;
  consecutive_successes: number;
  last_match: string | null;
  pending_since: string | null;
  firing_since: string | null;
  late_records: number;
}

/** One loaded rule and the state of each of its groups (GET /api/v1/rules). */
export interface RuleState {
  name: string;
  kind: RuleKind;
  level: 'attempt' | 'call';
  match: RuleMatch;
  threshold: number;
  window: string | null;
  min_total: number | null;
  group_by: string[];
  resolve: { successes: number } | { quiet_for: string } | { condition: true };
  for: string;
  keep_firing_for: string;
  severity: Severity;
  notifiers: NotifierSummary[];
  source: string;
  groups: GroupStateView[];
}

export interface NotificationView {
  notifier: string;
  delivery: DeliveryState;
  attempts: number;
  last_error: string | null;
  delivered_at: string | null;
}

/** A firing/resolved state change, for the live stream. */
export type AlertChange = AlertStateJson;

/** One alert event (firing, resolved or a repeat) with its notifications (GET /api/v1/alerts). */
export interface AlertRow extends AlertChange {
  event_id: string;
  event: AlertEventKind;
  time: string;
  /** true while this alert (fingerprint) is still firing. */
  active: boolean;
  notifications: NotificationView[];
}
