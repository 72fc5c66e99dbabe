import type { FastifyInstance } from 'fastify';
import { allCatalogEntries } from '../../processor/classify/index.js';
import { query, type ApiContext } from '../context.js';
import { FILTER_QUERY_PROPERTIES, Where } from '../record-filter.js';
import { parseRange } from '../time-range.js';

/** GET /api/v1/catalog — every catalog entry with live counts over the range. */
export function registerCatalog(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { from?: string; to?: string; service?: string; model?: string; platform?: string } }>(
    '/api/v1/catalog',
    {
      schema: {
        summary: 'The error catalog with live counts',
        querystring: { type: 'object', additionalProperties: false, properties: FILTER_QUERY_PROPERTIES },
        response: {
          200: {
            type: 'object',
            properties: {
              entries: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: true,
                  properties: { id: { type: 'string' }, count: { type: 'integer' }, failed_calls: { type: 'integer' }, failed_attempts: { type: 'integer' }, last_seen: { type: ['string', 'null'] } },
                },
              },
            },
          },
        },
      },
    },
    async (req) => {
      const range = parseRange(req.query, ctx.now());
      const where = new Where(range, req.query).add("outcome = 'error'");
      const rows = await query(
        ctx.reader,
        `SELECT catalog_id, count(*) FILTER (WHERE kind = 'call') AS failed_calls, count(*) FILTER (WHERE kind = 'attempt') AS failed_attempts, epoch_ms(max(time)) AS last_ms
         FROM records ${where.sql} GROUP BY catalog_id`,
        where.params,
      );
      const counts = new Map(rows.map((r) => [String(r.catalog_id), r]));
      return {
        entries: allCatalogEntries().map((e) => {
          const c = counts.get(e.id);
          const failedCalls = Number(c?.failed_calls ?? 0);
          const failedAttempts = Number(c?.failed_attempts ?? 0);
          return {
            ...e,
            count: Math.max(failedCalls, failedAttempts),
            failed_calls: failedCalls,
            failed_attempts: failedAttempts,
            last_seen: c ? new Date(Number(c.last_ms)).toISOString() : null,
          };
        }),
      };
    },
  );
}
