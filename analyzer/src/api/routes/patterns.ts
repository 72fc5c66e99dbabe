import type { FastifyInstance } from 'fastify';
import { query, type ApiContext } from '../context.js';
import { FILTER_QUERY_PROPERTIES, Where } from '../record-filter.js';
import { parseRange } from '../time-range.js';
import { MAX_LIST_MESSAGE_CHARS } from './error-rows.js';

/** GET /api/v1/patterns — unknown errors grouped by fingerprint, newest patterns first. */
export function registerPatterns(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { from?: string; to?: string; service?: string; model?: string; platform?: string; limit?: number } }>(
    '/api/v1/patterns',
    {
      schema: {
        summary: 'Unknown-error fingerprints with counts, first seen and a sample message',
        querystring: { type: 'object', additionalProperties: false, properties: { ...FILTER_QUERY_PROPERTIES, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } } },
        response: {
          200: {
            type: 'object',
            properties: {
              patterns: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    fingerprint: { type: 'string' },
                    count: { type: 'integer' },
                    calls: { type: 'integer' },
                    first_seen: { type: 'string' },
                    last_seen: { type: 'string' },
                    sample: { type: ['string', 'null'], description: `The newest message, at most ${MAX_LIST_MESSAGE_CHARS} characters.` },
                    status: { type: ['integer', 'null'] },
                    error_type: { type: ['string', 'null'] },
                  },
                },
              },
            },
          },
        },
      },
    },
    async (req) => {
      const range = parseRange(req.query, ctx.now(), 30 * 86_400_000);
      const where = new Where(range, req.query).add("catalog_id = 'unknown'").add('fingerprint IS NOT NULL');
      const rows = await query(
        ctx.reader,
        `SELECT fingerprint, count(*) AS count, count(*) FILTER (WHERE kind = 'call') AS calls,
                epoch_ms(min(time)) AS first_ms, epoch_ms(max(time)) AS last_ms,
                left(arg_max(error_message, time), ${MAX_LIST_MESSAGE_CHARS}) AS sample, mode(http_status) AS status, mode(error_type) AS error_type
         FROM records ${where.sql} GROUP BY fingerprint ORDER BY first_ms DESC LIMIT ${req.query.limit ?? 100}`,
        where.params,
      );
      return {
        patterns: rows.map(({ first_ms, last_ms, ...r }) => ({ ...r, first_seen: new Date(Number(first_ms)).toISOString(), last_seen: new Date(Number(last_ms)).toISOString() })),
      };
    },
  );
}
