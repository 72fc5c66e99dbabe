import type { FastifyInstance } from 'fastify';
import { guideIdOf } from '@claude-errors/schemas';
import type { CatalogShare, GuideShare } from '@claude-errors/schemas/api';
import { catalogEntry } from '../../processor/classify/index.js';
import { query } from '../../store/query.js';
import type { ApiContext } from '../context.js';
import { Where } from '../record-filter.js';
import { getReport } from './report-route.js';

/** GET /api/v1/summary — totals and the breakdown by catalog entry and by error-guide row. */
export function registerSummary(app: FastifyInstance, ctx: ApiContext): void {
  getReport(app, ctx, '/api/v1/summary', { summary: 'Calls, attempts and failures in a time range, broken down by catalog entry' }, async (q, range) => {
    const where = new Where(range, q);
    const [totals] = await query(
      ctx.reader,
      `SELECT count(*) FILTER (WHERE kind = 'call') AS total_calls,
              count(*) FILTER (WHERE kind = 'call' AND outcome = 'error') AS failed_calls,
              count(*) FILTER (WHERE kind = 'attempt') AS total_attempts,
              count(*) FILTER (WHERE kind = 'attempt' AND outcome = 'error') AS failed_attempts
       FROM records ${where.sql}`,
      where.params,
    );
    const errWhere = new Where(range, q).add("outcome = 'error'").add('catalog_id IS NOT NULL');
    const groups = await query(
      ctx.reader,
      `SELECT catalog_id,
              count(*) FILTER (WHERE kind = 'call') AS failed_calls,
              count(*) FILTER (WHERE kind = 'attempt') AS failed_attempts,
              mode(http_status) AS status, mode(error_type) AS error_type,
              min(time) AS first_seen, max(time) AS last_seen
       FROM records ${errWhere.sql}
       GROUP BY catalog_id ORDER BY failed_attempts DESC, failed_calls DESC, catalog_id`,
      errWhere.params,
    );
    const t = totals ?? {};
    const totalCalls = Number(t.total_calls ?? 0);
    const failedCalls = Number(t.failed_calls ?? 0);
    const failedAttempts = Number(t.failed_attempts ?? 0);
    const byCatalog = groups.map((g): CatalogShare => {
      const entry = catalogEntry(String(g.catalog_id));
      return {
        // status, error_type, first_seen and last_seen as the query reads them
        ...(g as Pick<CatalogShare, 'status' | 'error_type' | 'first_seen' | 'last_seen'>),
        catalog_id: String(g.catalog_id),
        failed_calls: Number(g.failed_calls),
        failed_attempts: Number(g.failed_attempts),
        guide_id: guideIdOf(String(g.catalog_id)),
        title: entry?.title ?? String(g.catalog_id),
        fix: entry?.fix ?? '',
        share: failedAttempts ? Number(g.failed_attempts) / failedAttempts : 0,
      };
    });
    return {
      from: new Date(range.from).toISOString(),
      to: new Date(range.to).toISOString(),
      total_calls: totalCalls,
      failed_calls: failedCalls,
      total_attempts: Number(t.total_attempts ?? 0),
      failed_attempts: failedAttempts,
      error_rate: totalCalls ? failedCalls / totalCalls : 0,
      by_catalog: byCatalog,
      by_guide: rollUpToGuide(byCatalog, failedAttempts),
    };
  });
}

/** Sums the per-entry groups into one row per guide row (null last), largest first. */
function rollUpToGuide(groups: CatalogShare[], failedAttempts: number): GuideShare[] {
  const rows = new Map<string | null, GuideShare>();
  for (const g of groups) {
    let row = rows.get(g.guide_id);
    if (!row) {
      const title = g.guide_id === null ? 'No row in the error guide' : (catalogEntry(g.guide_id)?.title ?? g.guide_id);
      rows.set(g.guide_id, (row = { guide_id: g.guide_id, title, failed_calls: 0, failed_attempts: 0, share: 0, catalog_ids: [] }));
    }
    row.failed_calls += g.failed_calls;
    row.failed_attempts += g.failed_attempts;
    row.catalog_ids.push(g.catalog_id);
  }
  for (const row of rows.values()) row.share = failedAttempts ? row.failed_attempts / failedAttempts : 0;
  return [...rows.values()].sort(
    (a, b) => Number(a.guide_id === null) - Number(b.guide_id === null) || b.failed_attempts - a.failed_attempts || b.failed_calls - a.failed_calls,
  );
}
