import type { FastifyInstance } from 'fastify';
import { apiResponseSchema, type ApiPath, type ApiResponses } from '@claude-errors/schemas/api';
import type { ApiContext } from '../context.js';
import { FILTER_QUERY_PROPERTIES, type RecordFilter } from '../record-filter.js';
import { parseRange, type TimeRange } from '../time-range.js';

/** The querystring every report over the records takes: its range and the filters of FILTER_QUERY_PROPERTIES. */
export type FilterQuery = { from?: string; to?: string } & Pick<RecordFilter, 'service' | 'model' | 'platform' | 'surface'>;

/** A route's schema without its answer, which routeSchema adds from schemas/api.schema.json. */
export interface RouteSchema {
  summary: string;
  querystring?: Record<string, unknown>;
  params?: Record<string, unknown>;
}

/** Fastify's `schema` of a route: the answer schema of `path` for 200. */
export function routeSchema(path: ApiPath, schema: RouteSchema): RouteSchema & { response: { 200: Record<string, unknown> } } {
  return { ...schema, response: { 200: apiResponseSchema(path) } };
}

export interface ReportOptions {
  summary: string;
  /** Querystring properties the report takes beside the range and the filters. */
  query?: Record<string, unknown>;
  /** The range when `from` is not given: this much before `to` (default 24 h). */
  defaultSpanMs?: number;
}

/**
 * GET `path`, a report over the records: the range and filters as its querystring (plus
 * `opts.query`), the range parsed before the handler runs, and the answer checked against the
 * route's schema by the compiler (the generated type) and at run time (Fastify's serializer).
 */
export function getReport<P extends ApiPath, Q extends FilterQuery = FilterQuery>(
  app: FastifyInstance,
  ctx: ApiContext,
  path: P,
  opts: ReportOptions,
  handler: (query: Q, range: TimeRange) => Promise<ApiResponses[P]>,
): void {
  const querystring = { type: 'object', additionalProperties: false, properties: { ...FILTER_QUERY_PROPERTIES, ...opts.query } };
  app.get(path, { schema: routeSchema(path, { summary: opts.summary, querystring }) }, async (req) => {
    const q = req.query as Q; // as the querystring schema above let it through
    return handler(q, parseRange(q, ctx.now(), opts.defaultSpanMs));
  });
}
