// Response shapes of the analyzer's report API (/api/v1/*): the types generated from
// schemas/api.schema.json, the schemas the analyzer serializes its answers with. Type-only imports:
// nothing of the schemas package reaches the bundle. The live stream's events are described there
// too (LiveRecords, LiveAlert).
import type { ApiResponses } from '@claude-errors/schemas/api';

export type {
  Alert,
  AlertsResponse,
  CatalogShare,
  ErrorDetail,
  ErrorPage,
  ErrorRow,
  Filters,
  Finding,
  HeadroomSeries,
  Incident,
  IncidentsResponse,
  LiveAlert,
  LiveErrorRow,
  LiveRecords,
  Pattern,
  Rule,
  RuleGroup,
  RulesResponse,
  ServerInfo,
  Summary,
  TrendSeries,
  Trends,
} from '@claude-errors/schemas/api';

/** GET /api/v1/catalog: a catalog entry with its live counts. */
export type CatalogEntry = ApiResponses['/api/v1/catalog']['entries'][number];
