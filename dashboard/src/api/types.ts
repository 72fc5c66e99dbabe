// Response shapes of the analyzer's report API (/api/v1/*). Fields the page does not need are
// left out; optional ones are read defensively because older analyzers may not send them.

export interface CatalogShare {
  catalog_id: string;
  title: string;
  status: number | null;
  error_type: string | null;
  failed_calls: number;
  failed_attempts: number;
  share: number;
  first_seen: string | null;
  last_seen: string | null;
  fix: string | null;
}

export interface Summary {
  from: string;
  to: string;
  total_calls: number;
  failed_calls: number;
  total_attempts: number;
  failed_attempts: number;
  error_rate: number;
  by_catalog: CatalogShare[];
}

export interface TrendSeries {
  key: string | null;
  calls: number[];
  attempts: number[];
}

export interface Trends {
  from: string;
  to: string;
  bucket: string;
  by: string;
  buckets: string[];
  series: TrendSeries[];
  /** Provider incidents overlapping the range (absent from older analyzers). */
  incidents?: Incident[];
}

/** A provider incident read from the status feed. */
export interface Incident {
  id: string;
  name: string;
  status: string;
  impact: string;
  from: string;
  to: string | null;
  components?: string[];
  url: string | null;
}

/** GET /api/v1/incidents. */
export interface IncidentsResponse {
  incidents: Incident[];
  verdict: { verdict: 'none' | 'us' | 'them' | 'unclear'; reasons: string[]; services: number; failing_services: string[]; healthy_services: string[] };
}

/** GET /api/v1/headroom: one series per service, model and limit kind. */
export interface HeadroomSeries {
  service: string;
  model: string | null;
  kind: string;
  limit: number;
  remaining: number;
  fraction: number;
  reset: string | null;
  seconds_to_exhaustion: number | null;
  points: { time: string; fraction: number }[];
}

/** GET /api/v1/findings: retry hygiene. */
export interface Finding {
  id: string;
  title: string;
  service: string | null;
  model: string | null;
  count: number;
  last_seen: string | null;
  example: { trace_id: string; span_id: string } | null;
  fix: string;
}

export interface ErrorRow {
  time: string;
  service: string;
  model: string | null;
  platform: string | null;
  operation: string | null;
  status: number | null;
  error_type: string | null;
  catalog_id: string | null;
  message: string | null;
  request_id: string | null;
  trace_id: string;
  span_id: string;
  attempt: number;
  attempts: number | null;
  outcome: string;
  retry_after_ms: number | null;
  attributes?: Record<string, unknown> | null;
  kind?: string;
}

export interface ErrorPage {
  rows: ErrorRow[];
  next_cursor: string | null;
}

export interface CatalogEntry {
  id: string;
  status: number | null;
  error_type: string | null;
  title: string;
  cause: string | null;
  fix: string | null;
  retryable: boolean | string | null;
  fault: string | null;
  references: (string | { title?: string; url: string })[] | null;
  /** Code per language, e.g. { ts: "...", python: "..." }. */
  snippets?: Record<string, string> | null;
  count: number;
  failed_calls?: number;
  failed_attempts?: number;
  last_seen?: string | null;
}

export interface ErrorDetail {
  call: ErrorRow | null;
  attempts: ErrorRow[];
  catalog: CatalogEntry | null;
}

export interface Pattern {
  fingerprint: string;
  count: number;
  first_seen: string;
  last_seen: string;
  sample: string;
}

/** An alert as the analyzer reports it; only `rule` is relied on, the rest shown when present. */
export interface Alert {
  rule?: string;
  name?: string;
  state?: string;
  status?: string;
  severity?: string;
  labels?: Record<string, unknown>;
  since?: string;
  starts_at?: string;
  started_at?: string;
  ends_at?: string | null;
  resolved_at?: string | null;
  at?: string;
  time?: string;
  summary?: string;
  annotations?: Record<string, string>;
  fingerprint?: string;
  event?: string;
  count?: number;
  [key: string]: unknown;
}

export interface AlertsResponse {
  active: Alert[];
  history: Alert[];
}

/** One group of a rule. `value` is the streak length (streak), matching/total (rate) or matches (count). */
export interface RuleGroup {
  labels: Record<string, unknown>;
  fingerprint?: string;
  state: string;
  value?: number;
  /** Older analyzers: the same as `value`. */
  count?: number;
  matching?: number;
  total?: number;
  firing_since?: string | null;
  pending_since?: string | null;
  last_match?: string | null;
  since?: string | null;
}

export interface Rule {
  name: string;
  kind: string;
  threshold: number;
  severity: string;
  groups: RuleGroup[];
}

export interface Filters {
  services: string[];
  models: string[];
  platforms: string[];
}

export interface LiveRecords {
  count: number;
  errors: ErrorRow[];
}

/** An alert state change on the live stream (`status` in current analyzers, `state` in older ones). */
export interface LiveAlert {
  rule: string;
  status?: string;
  state?: string;
  fingerprint?: string;
  severity?: string;
  labels: Record<string, unknown>;
  annotations?: Record<string, string>;
  starts_at?: string;
  ends_at?: string | null;
  at?: string;
}

/** GET /api/v1/info: where applications send spans, and whether any has arrived. */
export interface ServerInfo {
  version: string;
  otlp_url: string | null;
  otlp_traces_url: string | null;
  ingest_token_required: boolean;
  has_records: boolean;
}
