import type { FastifyInstance } from 'fastify';
import { guideIdOf } from '@claude-errors/schemas';
import { catalogEntry } from '../../processor/classify/index.js';
import { query, type ApiContext } from '../context.js';
import { FILTER_QUERY_PROPERTIES, Where } from '../record-filter.js';
import { parseRange } from '../time-range.js';

interface SummaryQuery {
  from?: string;
  to?: string;
  service?: string;
  model?: string;
  platform?: string;
}

const byCatalogItem = {
  type: 'object',
  required: ['catalog_id', 'title', 'failed_calls', 'failed_attempts'],
  properties: {
    catalog_id: { type: 'string' },
    guide_id: { type: ['string', 'null'], description: "The error guide's row this entry rolls up to (itself for a guide row), null when the guide has none." },
    title: { type: 'string' },
    status: { type: ['integer', 'null'] },
    error_type: { type: ['string', 'null'] },
    failed_calls: { type: 'integer', description: 'Calls that ended in this error (after the SDK gave up retrying).' },
    failed_attempts: { type: 'integer', description: 'HTTP attempts that met this error, including ones a retry rescued.' },
    share: { type: 'number', description: 'failed_attempts / all failed attempts in the range.' },
    first_seen: { type: 'string', format: 'date-time' },
    last_seen: { type: 'string', format: 'date-time' },
    fix: { type: 'string' },
  },
} as const;

const byGuideItem = {
  type: 'object',
  required: ['guide_id', 'title', 'failed_calls', 'failed_attempts', 'share', 'catalog_ids'],
  properties: {
    guide_id: { type: ['string', 'null'], description: 'A row of the published Claude API error guide; null gathers the entries the guide has no row for.' },
    title: { type: 'string' },
    failed_calls: { type: 'integer' },
    failed_attempts: { type: 'integer' },
    share: { type: 'number', description: 'failed_attempts / all failed attempts in the range.' },
    catalog_ids: { type: 'array', items: { type: 'string' }, description: 'The catalog entries rolled up into this row.' },
  },
} as const;

export const summaryResponse = {
  type: 'object',
  required: ['from', 'to', 'total_calls', 'failed_calls', 'total_attempts', 'failed_attempts', 'error_rate', 'by_catalog', 'by_guide'],
  properties: {
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    total_calls: { type: 'integer' },
    failed_calls: { type: 'integer' },
    total_attempts: { type: 'integer' },
    failed_attempts: { type: 'integer' },
    error_rate: { type: 'number', description: 'failed_calls / total_calls (0 when there are no calls).' },
    by_catalog: { type: 'array', items: byCatalogItem },
    by_guide: { type: 'array', items: byGuideItem, description: 'The same failures rolled up to the rows of the error guide.' },
  },
} as const;

/** GET /api/v1/summary — totals and the breakdown by catalog entry and by error-guide row. */
export function registerSummary(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: SummaryQuery }>(
    '/api/v1/summary',
    {
      schema: {
        summary: 'Calls, attempts and failures in a time range, broken down by catalog entry',
        querystring: { type: 'object', additionalProperties: false, properties: FILTER_QUERY_PROPERTIES },
        response: { 200: summaryResponse },
      },
    },
    async (req) => {
      const range = parseRange(req.query, ctx.now());
      const where = new Where(range, req.query);
      const [totals] = await query(
        ctx.reader,
        `SELECT count(*) FILTER (WHERE kind = 'call') AS total_calls,
                count(*) FILTER (WHERE kind = 'call' AND outcome = 'error') AS failed_calls,
                count(*) FILTER (WHERE kind = 'attempt') AS total_attempts,
                count(*) FILTER (WHERE kind = 'attempt' AND outcome = 'error') AS failed_attempts
         FROM records ${where.sql}`,
        where.params,
      );
      const errWhere = new Where(range, req.query).add("outcome = 'error'").add('catalog_id IS NOT NULL');
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
      const byCatalog = groups.map((g) => {
        const entry = catalogEntry(String(g.catalog_id));
        return {
          ...g,
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
    },
  );
}

interface CatalogGroup {
  catalog_id: string;
  guide_id: string | null;
  failed_calls: number;
  failed_attempts: number;
}

/** Sums the per-entry groups into one row per guide row (null last), largest first. */
function rollUpToGuide(groups: CatalogGroup[], failedAttempts: number) {
  const rows = new Map<string | null, { guide_id: string | null; title: string; failed_calls: number; failed_attempts: number; share: number; catalog_ids: string[] }>();
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
