/* Generated from schemas/api.schema.json by schemas/scripts/generate-types.mjs. Do not edit. */
import type {CatalogEntry} from "./catalog.js";

/**
 * All calls and attempts per bucket, failed or not (the denominator).
 */
export type TrendSeries1 = TrendSeries;
export type ErrorRow1 = ErrorRow | null;

/**
 * The 200 answers of the analyzer's report API (/api/v1/*), one property per route. The analyzer validates and serializes each route's answer with its schema here, the OpenAPI document at /api/v1/openapi.json shows them, and the dashboard and the CLI read the types generated from them. The serializer writes the `required` properties first, then the others, each in the order of `properties`: that is the order of the keys in the answers.
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
  active: {
    [k: string]: unknown | undefined;
  }[];
  history: {
    [k: string]: unknown | undefined;
  }[];
}
/**
 * This interface was referenced by `ApiResponses`'s JSON-Schema
 * via the `definition` "RulesResponse".
 */
export interface RulesResponse {
  rules: {
    [k: string]: unknown | undefined;
  }[];
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
