// Response shapes of the analyzer's report API (/api/v1/*): the types generated from
// schemas/api.schema.json, the schemas the analyzer serializes its answers with. Type-only imports:
// nothing of the schemas package reaches the bundle. Alerts and rules are the rules engine's own
// objects, which the schema passes through unlisted; the page's view of them is below.
import type { ApiResponses, ErrorRow } from '@claude-errors/schemas/api';

export type {
  CatalogShare,
  ErrorDetail,
  ErrorPage,
  ErrorRow,
  Filters,
  Finding,
  HeadroomSeries,
  Incident,
  IncidentsResponse,
  Pattern,
  ServerInfo,
  Summary,
  TrendSeries,
  Trends,
} from '@claude-errors/schemas/api';

/** GET /api/v1/catalog: a catalog entry with its live counts. */
export type CatalogEntry = ApiResponses['/api/v1/catalog']['entries'][number];

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

/** GET /api/v1/alerts. */
export type AlertsResponse = Record<keyof ApiResponses['/api/v1/alerts'], Alert[]>;

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

/** A row of a `records` event of the live stream: the list row's columns the stream sends. */
export type LiveErrorRow = Pick<
  ErrorRow,
  | 'time'
  | 'kind'
  | 'service'
  | 'model'
  | 'platform'
  | 'operation'
  | 'status'
  | 'error_type'
  | 'catalog_id'
  | 'message'
  | 'message_truncated'
  | 'request_id'
  | 'trace_id'
  | 'span_id'
  | 'attempt'
  | 'attempts'
  | 'outcome'
>;

export interface LiveRecords {
  count: number;
  errors: LiveErrorRow[];
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
