import type { FastifyInstance } from 'fastify';
import type { Pattern } from '@claude-errors/schemas/api';
import { query } from '../../store/query.js';
import type { ApiContext } from '../context.js';
import { Where } from '../record-filter.js';
import { MAX_LIST_MESSAGE_CHARS } from './error-rows.js';
import { getReport, type FilterQuery } from './report-route.js';

/** GET /api/v1/patterns — unknown errors grouped by fingerprint, newest patterns first. */
export function registerPatterns(app: FastifyInstance, ctx: ApiContext): void {
  getReport<'/api/v1/patterns', FilterQuery & { limit?: number }>(
    app,
    ctx,
    '/api/v1/patterns',
    {
      summary: 'Unknown-error fingerprints with counts, first seen and a sample message',
      query: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
      defaultSpanMs: 30 * 86_400_000,
    },
    async (q, range) => {
      const where = new Where(range, q).add("catalog_id = 'unknown'").add('fingerprint IS NOT NULL');
      const rows = await query(
        ctx.reader,
        `SELECT fingerprint, count(*) AS count, count(*) FILTER (WHERE kind = 'call') AS calls,
                epoch_ms(min(time)) AS first_ms, epoch_ms(max(time)) AS last_ms,
                left(arg_max(error_message, time), ${MAX_LIST_MESSAGE_CHARS}) AS sample, mode(http_status) AS status, mode(error_type) AS error_type
         FROM records ${where.sql} GROUP BY fingerprint ORDER BY first_ms DESC LIMIT ${q.limit ?? 100}`,
        where.params,
      );
      return {
        patterns: rows.map(({ first_ms, last_ms, ...r }) => ({
          // fingerprint, count, calls, sample, status and error_type as the query names them
          ...(r as Omit<Pattern, 'first_seen' | 'last_seen'>),
          first_seen: new Date(Number(first_ms)).toISOString(),
          last_seen: new Date(Number(last_ms)).toISOString(),
        })),
      };
    },
  );
}
