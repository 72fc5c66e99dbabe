import type { FastifyInstance } from 'fastify';
import { allCatalogEntries } from '../../processor/classify/index.js';
import { query } from '../../store/query.js';
import type { ApiContext } from '../context.js';
import { Where } from '../record-filter.js';
import { getReport } from './report-route.js';

/** GET /api/v1/catalog — every catalog entry with live counts over the range. */
export function registerCatalog(app: FastifyInstance, ctx: ApiContext): void {
  getReport(app, ctx, '/api/v1/catalog', { summary: 'The error catalog with live counts' }, async (q, range) => {
    const where = new Where(range, q).add("outcome = 'error'");
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
  });
}
