/* Generated from schemas/rules.schema.json by schemas/scripts/generate-types.mjs. Do not edit. */

export type Rule = {
  /**
   * Unique rule name; becomes the `alertname` label.
   */
  name: string;
  /**
   * streak: N consecutive matching records with no success in between; rate: matching/total over a window >= threshold; count: >= threshold matching records in a window; headroom: N consecutive responses whose remaining share of a rate limit is below `below` (resolves on a response with every watched limit at or above `above`).
   */
  kind: "streak" | "rate" | "count" | "headroom";
  match?: Match;
  /**
   * attempt: every HTTP attempt (including ones the SDK retried away); call: the SDK call's final outcome.
   */
  level?: "attempt" | "call";
  /**
   * streak and count: a whole number of records; rate: a fraction in (0, 1], e.g. 0.2 for 20%.
   */
  threshold: number;
  /**
   * rate and count: the sliding window.
   */
  window?: string;
  /**
   * rate: the least number of records (calls or attempts, per level) in the window before the rate counts.
   */
  min_total?: number;
  /**
   * headroom: a response counts when remaining/limit of a watched limit is below this share (default 0.2).
   */
  below?: number;
  /**
   * headroom: a response with every watched limit at or above this share is a success (default twice `below`, at most 1).
   */
  above?: number;
  /**
   * headroom: the limits watched (default all four).
   *
   * @minItems 1
   */
  limits?: [
    "requests" | "tokens" | "input_tokens" | "output_tokens",
    ...("requests" | "tokens" | "input_tokens" | "output_tokens")[]
  ];
  /**
   * Record fields; each distinct combination has its own state and alert.
   */
  group_by?: string[];
  resolve?: Resolve;
  /**
   * A duration such as 500ms, 30s, 5m, 4h, 1h30m, 7d or 1w.
   */
  for?: string;
  /**
   * A duration such as 500ms, 30s, 5m, 4h, 1h30m, 7d or 1w.
   */
  keep_firing_for?: string;
  severity?: "critical" | "warning" | "info";
  /**
   * Annotation summary; {placeholders}: {value}, {threshold}, {group} and any group_by field.
   */
  summary?: string;
  /**
   * Extra labels on the alert. Names are Alertmanager/Prometheus label names: letters, digits and _, not starting with a digit.
   */
  labels?: {
    [k: string]: string | undefined;
  };
  /**
   * Names of the notifiers this rule uses; all notifiers when absent.
   */
  notifiers?: string[];
};
/**
 * A duration such as 500ms, 30s, 5m, 4h, 1h30m, 7d or 1w.
 */
export type Duration = string;

/**
 * The alert rules file (`--rules <file>`, YAML). Rules are evaluated in the analyzer's ingest path as records arrive; notifiers receive one notification per state change. Values of `url` and `headers` may reference environment variables as ${NAME}.
 */
export interface RulesFile {
  /**
   * Alert rules. Names must be unique.
   */
  rules: Rule[];
  /**
   * Where notifications go. Names must be unique.
   */
  notifiers?: Notifier[];
  settings?: Settings;
}
/**
 * Which failed records count. A record matches when its outcome is `error` and every field given here matches (a list means any of its values). An empty match means any error.
 */
export interface Match {
  /**
   * HTTP status code(s), e.g. [529] or [500, 529].
   */
  status?: number | [number, ...number[]];
  /**
   * Anthropic error type(s), e.g. overloaded_error.
   */
  error_type?: string | [string, ...string[]];
  /**
   * Catalog entry id(s) the classifier assigned.
   */
  catalog_id?: string | [string, ...string[]];
}
/**
 * When a firing alert resolves: after N consecutive successes in its group, or after no matching record for a duration. Without it, streak rules resolve on the first success and rate/count rules when the condition no longer holds.
 */
export interface Resolve {
  successes?: number;
  quiet_for?: Duration;
}
export interface Notifier {
  name: string;
  type: "webhook";
  /**
   * http(s) URL the notification is POSTed to, with a host and without user:password@ (send credentials in `headers`). Checked after ${ENV} expansion. Never echoed back by the API.
   */
  url: string;
  format?: "alertmanager" | "slack" | "json";
  /**
   * Extra request headers (e.g. Authorization). Names are RFC 7230 tokens, other than the ones the HTTP client sets (Connection, Content-Length, Expect, Host, Keep-Alive, Transfer-Encoding, Upgrade); values (after ${ENV} expansion) hold no CR, LF, NUL or other control characters. Never echoed back by the API.
   */
  headers?: {
    [k: string]: string | undefined;
  };
  /**
   * A duration such as 500ms, 30s, 5m, 4h, 1h30m, 7d or 1w.
   */
  repeat_interval?: string;
  /**
   * Notification grouping, as Alertmanager's: alerts whose labels agree on these names (alertname = the rule) are sent together, one message listing them all with a count. Absent: each alert alone (unless group_wait is set, which groups by alertname).
   */
  group_by?: string[];
  /**
   * A duration such as 500ms, 30s, 5m, 4h, 1h30m, 7d or 1w.
   */
  group_wait?: string;
  /**
   * A duration such as 500ms, 30s, 5m, 4h, 1h30m, 7d or 1w.
   */
  group_interval?: string;
  /**
   * A duration such as 500ms, 30s, 5m, 4h, 1h30m, 7d or 1w.
   */
  timeout?: string;
  /**
   * Delivery attempts before a notification is marked failed (default 8; backoff 1s doubling up to 60s).
   */
  max_attempts?: number;
}
export interface Settings {
  /**
   * A duration such as 500ms, 30s, 5m, 4h, 1h30m, 7d or 1w.
   */
  reorder_window?: string;
  /**
   * Most groups a rule tracks; idle groups are evicted first (default 10000).
   */
  max_groups_per_rule?: number;
}
