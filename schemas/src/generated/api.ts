/* Generated from schemas/api.schema.json by schemas/scripts/generate-types.mjs. Do not edit. */
import type {CatalogEntry} from "./catalog.js";

/**
 * All calls and attempts per bucket, failed or not (the denominator).
 */
export type TrendSeries1 = TrendSeries;
export type ErrorRow1 = ErrorRow | null;
/**
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "Severity".
 */
export type Severity = "critical" | "warning" | "info";
/**
 * A failed record on the live stream: the columns of ErrorRow it sends, each as ErrorRow has it.
 *
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "LiveErrorRow".
 */
export type LiveErrorRow = Pick<
  ErrorRow,
  | "time"
  | "kind"
  | "service"
  | "model"
  | "platform"
  | "operation"
  | "status"
  | "error_type"
  | "catalog_id"
  | "message"
  | "message_truncated"
  | "request_id"
  | "trace_id"
  | "span_id"
  | "attempt"
  | "attempts"
  | "outcome"
>;
/**
 * The data of an `alert` event of the live stream (GET /api/v1/live): an alert's state change as it happens.
 *
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "LiveAlert".
 */
export type LiveAlert = Pick<
  Alert,
  "status" | "rule" | "fingerprint" | "severity" | "labels" | "annotations" | "starts_at" | "ends_at" | "value"
>;

/**
 * The 200 answers of the analyzer's report API (/api/v1/*), one property per route. The analyzer validates and serializes each route's answer with its schema here, the OpenAPI document at /api/v1/openapi.json shows them, and the dashboard and the CLI read the types generated from them. The serializer writes the `required` properties first, then the others, each in the order of `properties`: that is the order of the keys in the answers. The $defs LiveRecords and LiveAlert are the data of the live stream's `records` and `alert` events (GET /api/v1/live, server-sent events); the stream writes them with JSON.stringify, so their keys come in the order the analyzer builds them, which `properties` follows too.
 */
export interface ApiResponses {
  "/api/v1/summary": Summary;
  "/api/v1/trends": Trends;
  "/api/v1/errors": ErrorPage;
  "/api/v1/errors/:trace_id/:span_id": ErrorDetail;
  "/api/v1/patterns": Patterns;
  "/api/v1/catalog": CatalogCounts;
  "/api/v1/filters": Filters;
  "/api/v1/alerts": AlertsResponse;
  "/api/v1/rules": RulesResponse;
  "/api/v1/findings": Findings;
  "/api/v1/headroom": Headroom;
  "/api/v1/incidents": IncidentsResponse;
  "/api/v1/info": ServerInfo;
}
/**
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "Summary".
 */
export interface Summary {
  from: string;
  to: string;
  total_calls: number;
  failed_calls: number;
  total_attempts: number;
  failed_attempts: number;
  /**
   * failed_calls / total_calls (0 when there are no calls).
   */
  error_rate: number;
  by_catalog: CatalogShare[];
  /**
   * The same failures rolled up to the rows of the error guide.
   */
  by_guide: GuideShare[];
}
/**
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "CatalogShare".
 */
export interface CatalogShare {
  catalog_id: string;
  title: string;
  /**
   * Calls that ended in this error (after the SDK gave up retrying).
   */
  failed_calls: number;
  /**
   * HTTP attempts that met this error, including ones a retry rescued.
   */
  failed_attempts: number;
  /**
   * The error guide's row this entry rolls up to (itself for a guide row), null when the guide has none.
   */
  guide_id: string | null;
  status: number | null;
  error_type: string | null;
  /**
   * failed_attempts / all failed attempts in the range.
   */
  share: number;
  first_seen: string;
  last_seen: string;
  fix: string;
}
/**
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "GuideShare".
 */
export interface GuideShare {
  /**
   * A row of the published Claude API error guide; null gathers the entries the guide has no row for.
   */
  guide_id: string | null;
  title: string;
  failed_calls: number;
  failed_attempts: number;
  /**
   * failed_attempts / all failed attempts in the range.
   */
  share: number;
  /**
   * The catalog entries rolled up into this row.
   */
  catalog_ids: string[];
}
/**
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "Trends".
 */
export interface Trends {
  from: string;
  to: string;
  bucket: string;
  by: string;
  buckets: string[];
  series: TrendSeries[];
  total: TrendSeries1;
  /**
   * Provider incidents of the status feed that overlap the range, to mark on the chart.
   */
  incidents?: Incident[];
}
/**
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "TrendSeries".
 */
export interface TrendSeries {
  key: string;
  /**
   * Failed calls per bucket.
   */
  calls: number[];
  /**
   * Failed attempts per bucket (retried-away ones included).
   */
  attempts: number[];
}
/**
 * A provider incident read from the status feed.
 *
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "Incident".
 */
export interface Incident {
  id: string;
  name: string;
  /**
   * investigating, identified, monitoring, resolved, postmortem
   */
  status: string;
  /**
   * none, minor, major, critical
   */
  impact: string;
  from: string;
  /**
   * null while unresolved
   */
  to: string | null;
  components: string[];
  url: string | null;
}
/**
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "ErrorPage".
 */
export interface ErrorPage {
  rows: ErrorRow[];
  next_cursor: string | null;
}
/**
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "ErrorRow".
 */
export interface ErrorRow {
  time: string;
  kind: "call" | "attempt";
  service: string;
  model: string | null;
  platform: string;
  operation: string | null;
  stream: boolean | null;
  status: number | null;
  error_type: string | null;
  catalog_id: string | null;
  fingerprint: string | null;
  /**
   * In lists, at most 2000 characters (see message_truncated); whole in the detail route.
   */
  message: string | null;
  /**
   * True when a list cut the message; GET /api/v1/errors/{trace_id}/{span_id} has it whole.
   */
  message_truncated: boolean;
  exception_type: string | null;
  request_id: string | null;
  trace_id: string;
  span_id: string;
  attempt: number;
  attempts: number | null;
  outcome: string;
  retry_after_ms: number | null;
  should_retry: boolean | null;
  wait_ms: number | null;
  duration_ms: number | null;
  source: string;
  sdk: string | null;
  sdk_version: string | null;
  attributes: {
    [k: string]: unknown | undefined;
  } | null;
  surface: "messages" | "batch" | "session" | "mcp";
}
/**
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "ErrorDetail".
 */
export interface ErrorDetail {
  call: ErrorRow1;
  attempts: ErrorRow[];
  /**
   * The catalog entry of the call's catalog_id (schemas/catalog.schema.json).
   */
  catalog: CatalogEntry | null;
}
/**
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "Patterns".
 */
export interface Patterns {
  patterns: Pattern[];
}
/**
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "Pattern".
 */
export interface Pattern {
  fingerprint: string;
  count: number;
  calls: number;
  first_seen: string;
  last_seen: string;
  /**
   * The newest message, at most 2000 characters.
   */
  sample: string | null;
  status: number | null;
  error_type: string | null;
}
/**
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "CatalogCounts".
 */
export interface CatalogCounts {
  entries: (CatalogEntry & CatalogCount)[];
}
/**
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "Filters".
 */
export interface Filters {
  services: string[];
  models: string[];
  platforms: string[];
}
/**
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "AlertsResponse".
 */
export interface AlertsResponse {
  /**
   * The alerts firing now, each as its latest firing event, newest first.
   */
  active: Alert[];
  /**
   * The latest alert events, newest first (at most `limit`).
   */
  history: Alert[];
}
/**
 * One alert event (firing, resolved or a repeated notification) with its notifications, from the rules engine's `alerts` table.
 *
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "Alert".
 */
export interface Alert {
  event_id: string;
  /**
   * A state change, or a repeated notification of a firing alert.
   */
  event: "firing" | "resolved" | "repeat";
  /**
   * When the event happened.
   */
  time: string;
  /**
   * The rule's name (the `alertname` label).
   */
  rule: string;
  /**
   * The alert's identity: one rule and one group of it, stable across restarts.
   */
  fingerprint: string;
  /**
   * The alert's state after the event.
   */
  status: "firing" | "resolved";
  severity: Severity;
  labels: Labels;
  annotations: Annotations;
  /**
   * When the alert started firing.
   */
  starts_at: string;
  /**
   * When it resolved; null while it fires.
   */
  ends_at: string | null;
  /**
   * The rule's value at the event (streak length, rate or count).
   */
  value: number;
  /**
   * True while this alert (fingerprint) is still firing.
   */
  active: boolean;
  /**
   * One per notifier the event went to; empty when the rule has none.
   */
  notifications: AlertDelivery[];
  /**
   * Provider incidents of the status feed that overlap the alert's time (starts_at to ends_at, or now while it fires).
   */
  incidents: AlertIncident[];
}
/**
 * Label names and values, Alertmanager's way: on an alert `alertname` (the rule), `severity`, the rule's own labels, then its group's fields; on a rule's group only the group's fields.
 *
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "Labels".
 */
export interface Labels {
  [k: string]: string | undefined;
}
/**
 * Text for people: summary, description, value, threshold and, when the alert has a catalog entry, catalog_id, catalog_title, cause and fix.
 *
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "Annotations".
 */
export interface Annotations {
  [k: string]: string | undefined;
}
/**
 * Where the notification of one event to one notifier stands.
 *
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "AlertDelivery".
 */
export interface AlertDelivery {
  notifier: string;
  delivery: "pending" | "sent" | "failed" | "dropped" | "none";
  attempts: number;
  last_error: string | null;
  delivered_at: string | null;
}
/**
 * A provider incident as an alert names it: the fields of Incident that say which it is.
 *
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "AlertIncident".
 */
export interface AlertIncident {
  id: string;
  name: string;
  /**
   * none, minor, major, critical
   */
  impact: string;
  /**
   * investigating, identified, monitoring, resolved, postmortem
   */
  status: string;
  url: string | null;
}
/**
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "RulesResponse".
 */
export interface RulesResponse {
  /**
   * The loaded rules in the order of the rules file.
   */
  rules: Rule[];
}
/**
 * One loaded alert rule, as the rules file set it (durations as text), and the state of its groups. Notifier URLs and headers are redacted.
 *
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "Rule".
 */
export interface Rule {
  name: string;
  kind: "streak" | "rate" | "count" | "headroom";
  level: "attempt" | "call";
  match: RuleMatch;
  /**
   * streak, count and headroom: a number of records; rate: a fraction.
   */
  threshold: number;
  /**
   * rate and count: the sliding window; null for streak and headroom rules.
   */
  window: string | null;
  /**
   * rate: the least number of records in the window before the rate counts; null for other kinds.
   */
  min_total: number | null;
  group_by: string[];
  resolve: ResolveAfterSuccesses | ResolveWhenQuiet | ResolveOnCondition;
  for: string;
  keep_firing_for: string;
  severity: Severity;
  notifiers: NotifierSummary[];
  /**
   * The rules file's path, or "(defaults)".
   */
  source: string;
  /**
   * Firing groups first, then pending, then inactive, each by value, highest first; at most 500.
   */
  groups: RuleGroup[];
}
/**
 * Which failed records count; only the fields the rules file gives, always in this order. Empty: any error.
 *
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "RuleMatch".
 */
export interface RuleMatch {
  status?: number[];
  error_type?: string[];
  catalog_id?: string[];
}
/**
 * The alert resolves after this many consecutive successes in its group.
 *
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "ResolveAfterSuccesses".
 */
export interface ResolveAfterSuccesses {
  successes: number;
}
/**
 * The alert resolves after no matching record for this long.
 *
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "ResolveWhenQuiet".
 */
export interface ResolveWhenQuiet {
  quiet_for: string;
}
/**
 * The alert resolves when the rule's condition no longer holds.
 *
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "ResolveOnCondition".
 */
export interface ResolveOnCondition {
  condition: true;
}
/**
 * A notifier without its secrets.
 *
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "NotifierSummary".
 */
export interface NotifierSummary {
  name: string;
  format: "alertmanager" | "slack" | "json";
  /**
   * scheme://host:port/*** only.
   */
  url: string;
  /**
   * Header names only.
   */
  headers: string[];
  repeat_interval: string;
}
/**
 * One group of a rule (one combination of its group_by fields) and where its condition stands.
 *
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "RuleGroup".
 */
export interface RuleGroup {
  labels: Labels;
  /**
   * The identity of the group's alert.
   */
  fingerprint: string;
  state: "inactive" | "pending" | "firing";
  /**
   * streak and headroom: the current consecutive matches; rate: matching/total in the window; count: matches in the window.
   */
  value: number;
  matching: number;
  total: number;
  threshold: number;
  consecutive_successes: number;
  last_match: string | null;
  pending_since: string | null;
  firing_since: string | null;
  /**
   * Records that arrived after the reorder window and were counted late.
   */
  late_records: number;
}
/**
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "Findings".
 */
export interface Findings {
  from: string;
  to: string;
  findings: Finding[];
}
/**
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "Finding".
 */
export interface Finding {
  id:
    | "retry-before-retry-after"
    | "retry-without-backoff"
    | "retry-after-should-retry-false"
    | "no-retries"
    | "long-non-streamed"
    | "retry-storm";
  title: string;
  /**
   * The service the finding is about (null for a storm across services).
   */
  service: string | null;
  /**
   * Attempts (retry findings), calls (no-retries, long-non-streamed) or retries (storm) that show it.
   */
  count: number;
  fix: string;
  model: string | null;
  last_seen: string | null;
  /**
   * The newest call that shows it: open it at /api/v1/errors/{trace_id}/{span_id}.
   */
  example: {
    trace_id: string;
    span_id: string;
  } | null;
}
/**
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "Headroom".
 */
export interface Headroom {
  from: string;
  to: string;
  bucket: string;
  series: HeadroomSeries[];
}
/**
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "HeadroomSeries".
 */
export interface HeadroomSeries {
  service: string;
  model: string | null;
  kind: "requests" | "tokens" | "input_tokens" | "output_tokens";
  /**
   * The newest limit the API reported.
   */
  limit: number;
  /**
   * The newest remaining value.
   */
  remaining: number;
  /**
   * remaining / limit of the newest response (0..1).
   */
  fraction: number;
  /**
   * Per bucket: the lowest remaining fraction seen.
   */
  points: {
    time: string;
    fraction: number;
  }[];
  /**
   * When the API said the limit resets (the newest response).
   */
  reset: string | null;
  /**
   * At the rate remaining fell over the last 10 minutes, seconds until it reaches 0; null when it is not falling.
   */
  seconds_to_exhaustion: number | null;
}
/**
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "IncidentsResponse".
 */
export interface IncidentsResponse {
  from: string;
  to: string;
  incidents: Incident[];
  verdict: Verdict;
}
/**
 * Us or them: whether the window's failures look like ours or the provider's.
 *
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "Verdict".
 */
export interface Verdict {
  verdict: "none" | "us" | "them" | "unclear";
  reasons: string[];
  services: number;
  failing_services: string[];
  healthy_services: string[];
}
/**
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "ServerInfo".
 */
export interface ServerInfo {
  /**
   * The analyzer version.
   */
  version: string;
  /**
   * OTLP/HTTP base URL of the collector (OTEL_EXPORTER_OTLP_ENDPOINT); null when the collector runs as its own process.
   */
  otlp_url: string | null;
  /**
   * otlp_url + /v1/traces (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or the exporter's `url`).
   */
  otlp_traces_url: string | null;
  /**
   * OTLP requests need `Authorization: Bearer <ingest token>`.
   */
  ingest_token_required: boolean;
  /**
   * At least one call or attempt of an application (not of `claude-errors doctor`) has been stored: something is connected.
   */
  has_records: boolean;
}
/**
 * A catalog entry (schemas/catalog.schema.json, all its fields) with its live counts.
 *
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "CatalogCount".
 */
export interface CatalogCount {
  id: string;
  count: number;
  failed_calls: number;
  failed_attempts: number;
  last_seen: string | null;
  [k: string]: unknown | undefined;
}
/**
 * The data of a `records` event of the live stream (GET /api/v1/live): at most one per 500 ms.
 *
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "LiveRecords".
 */
export interface LiveRecords {
  /**
   * Records stored since the previous event, failed or not.
   */
  count: number;
  /**
   * The newest failed ones, newest first, at most 50.
   */
  errors: LiveErrorRow[];
}
