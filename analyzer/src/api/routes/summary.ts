import type { FastifyInstance } from 'fastify';
import { guideIdOf } from '@claude-errors/schemas';
import type { CatalogShare, GuideShare } from '@claude-errors/schemas/api';
import { catalogEntry } from '../../processor/classify/index.js';
import { byteOrder, query } from '../../store/query.js';
import { reportSource } from '../../store/rollup.js';
import type { ApiContext } from '../context.js';
import { getReport } from './report-route.js';

/** GET /api/v1/summary — totals and the breakdown by catalog entry and by error-guide row. */
export function registerSummary(app: FastifyInstance, ctx: ApiContext): void {
  getReport(app, ctx, '/api/v1/summary', { summary: 'Calls, attempts and failures in a time range, broken down by catalog entry' }, async (q, range) => {
    // One pass over the range's rows, the whole minutes from the per-minute rollup (store/rollup.ts):
    // counts per kind, outcome and error dimensions, summed here.
    const src = reportSource(range, q);
    const rows = await query(
      ctx.reader,
      `SELECT kind, is_error, catalog_id, http_status, error_type, sum(n) AS n, epoch_ms(min(first_time)) AS first_ms, epoch_ms(max(last_time)) AS last_ms
       FROM (${src.sql}) GROUP BY ALL`,
      src.params,
    );
    let totalCalls = 0;
    let failedCalls = 0;
    let totalAttempts = 0;
    let failedAttempts = 0;
    const errors = new Map<string, CatalogTally>();
    for (const r of rows) {
      const n = Number(r.n);
      const isError = r.is_error === true;
      if (r.kind === 'call') {
        totalCalls += n;
        if (isError) failedCalls += n;
      } else if (r.kind === 'attempt') {
        totalAttempts += n;
        if (isError) failedAttempts += n;
      }
      if (isError && r.catalog_id !== null) tally(errors, r, n);
    }
    const byCatalog = [...errors.values()]
      .sort((a, b) => b.attempts - a.attempts || b.calls - a.calls || byteOrder(a.id, b.id))
      .map((g): CatalogShare => {
        const entry = catalogEntry(g.id);
        return {
          status: mostFrequent(g.statuses, (a, b) => a - b),
          error_type: mostFrequent(g.errorTypes, byteOrder),
          first_seen: new Date(g.first).toISOString(),
          last_seen: new Date(g.last).toISOString(),
          catalog_id: g.id,
          failed_calls: g.calls,
          failed_attempts: g.attempts,
          guide_id: guideIdOf(g.id),
          title: entry?.title ?? g.id,
          fix: entry?.fix ?? '',
          share: failedAttempts ? g.attempts / failedAttempts : 0,
        };
      });
    return {
      from: new Date(range.from).toISOString(),
      to: new Date(range.to).toISOString(),
      total_calls: totalCalls,
      failed_calls: failedCalls,
      total_attempts: totalAttempts,
      failed_attempts: failedAttempts,
      error_rate: totalCalls ? failedCalls / totalCalls : 0,
      by_catalog: byCatalog,
      by_guide: rollUpToGuide(byCatalog, failedAttempts),
    };
  });
}

/** Failed rows of one catalog entry: counts, status and error type frequencies, first and last time. */
interface CatalogTally {
  id: string;
  calls: number;
  attempts: number;
  statuses: Map<number, number>;
  errorTypes: Map<string, number>;
  first: number;
  last: number;
}

function tally(groups: Map<string, CatalogTally>, r: Record<string, unknown>, n: number): void {
  const id = String(r.catalog_id);
  let g = groups.get(id);
  if (!g) groups.set(id, (g = { id, calls: 0, attempts: 0, statuses: new Map(), errorTypes: new Map(), first: Infinity, last: -Infinity }));
  if (r.kind === 'call') g.calls += n;
  else if (r.kind === 'attempt') g.attempts += n;
  if (r.http_status !== null) g.statuses.set(Number(r.http_status), (g.statuses.get(Number(r.http_status)) ?? 0) + n);
  if (r.error_type !== null) g.errorTypes.set(String(r.error_type), (g.errorTypes.get(String(r.error_type)) ?? 0) + n);
  g.first = Math.min(g.first, Number(r.first_ms));
  g.last = Math.max(g.last, Number(r.last_ms));
}

/** The most frequent value (ties: the first in `order`), or null when there is none: SQL's mode() with a fixed tie-break. */
function mostFrequent<T>(counts: Map<T, number>, order: (a: T, b: T) => number): T | null {
  let best: T | null = null;
  let most = 0;
  for (const [v, c] of counts) {
    if (c > most || (c === most && best !== null && order(v, best) < 0)) {
      best = v;
      most = c;
    }
  }
  return best;
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
