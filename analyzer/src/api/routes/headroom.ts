import type { FastifyInstance } from 'fastify';
import type { HeadroomSeries } from '@claude-errors/schemas/api';
import { query } from '../../store/query.js';
import type { ApiContext } from '../context.js';
import { Where } from '../record-filter.js';
import { getReport, type FilterQuery } from './report-route.js';

/**
 * The limits the API reports in anthropic-ratelimit-* headers, as the instrumentation names them:
 * HeadroomSeries.kind's enum in schemas/api.schema.json (a test checks they are the same).
 */
export const LIMIT_KINDS = ['requests', 'tokens', 'input_tokens', 'output_tokens'] as const satisfies readonly HeadroomSeries['kind'][];
const BUCKETS = { '1m': 60_000, '5m': 300_000, '1h': 3_600_000 } as const;
/** The trend behind "time to exhaustion" is fitted over this much of the newest data (seconds_to_exhaustion's description says so). */
export const EXHAUSTION_FIT_MS = 10 * 60_000;

/** A JSON path into `attributes` for one rate-limit field; kinds and fields come from fixed lists only. */
const attr = (kind: string, field: 'limit' | 'remaining' | 'reset') => `json_extract_string(attributes, '$."anthropic.ratelimit.${kind}.${field}"')`;

/**
 * GET /api/v1/headroom — rate-limit headroom per service, model and limit kind, from the
 * anthropic-ratelimit-* headers of every response (successes too), lowest first.
 */
export function registerHeadroom(app: FastifyInstance, ctx: ApiContext): void {
  getReport<'/api/v1/headroom', FilterQuery & { bucket?: keyof typeof BUCKETS }>(
    app,
    ctx,
    '/api/v1/headroom',
    {
      summary: 'Rate-limit headroom: remaining against limit over time per service, model and limit kind, with time to exhaustion',
      query: { bucket: { type: 'string', enum: Object.keys(BUCKETS) } },
    },
    async (q, range) => {
      const bucket = q.bucket ?? (range.to - range.from <= 3 * 3_600_000 ? '1m' : range.to - range.from <= 2 * 86_400_000 ? '5m' : '1h');
      const size = BUCKETS[bucket];
      const where = new Where(range, q).add("kind = 'attempt'");
      const samples = LIMIT_KINDS.map(
        (k) =>
          `SELECT service, model, '${k}' AS kind, time, TRY_CAST(${attr(k, 'limit')} AS DOUBLE) AS lim, TRY_CAST(${attr(k, 'remaining')} AS DOUBLE) AS rem, ${attr(k, 'reset')} AS reset
           FROM records ${where.sql} AND ${attr(k, 'remaining')} IS NOT NULL`,
      );
      const rows = await query(
        ctx.reader,
        `WITH s AS (${samples.join(' UNION ALL ')}), v AS (SELECT * FROM s WHERE lim > 0 AND rem >= 0),
         newest AS (
           SELECT service, model, kind, arg_max(lim, time) AS lim, arg_max(rem, time) AS rem, arg_max(reset, time) AS reset, max(time) AS last
           FROM v GROUP BY ALL),
         fit AS (
           SELECT v.service, v.model, v.kind, regr_slope(v.rem, epoch_ms(v.time) / 1000.0) AS slope
           FROM v JOIN newest n USING (service, model, kind)
           WHERE v.time >= n.last - to_milliseconds(${EXHAUSTION_FIT_MS}) GROUP BY ALL),
         pts AS (
           SELECT service, model, kind, (epoch_ms(time) // ${size})::BIGINT AS b, min(rem / lim) AS f FROM v GROUP BY ALL)
         SELECT n.service, n.model, n.kind, n.lim, n.rem, n.reset, fit.slope,
                list({'b': pts.b, 'f': pts.f} ORDER BY pts.b) AS points
         FROM newest n LEFT JOIN fit USING (service, model, kind) LEFT JOIN pts USING (service, model, kind)
         GROUP BY ALL ORDER BY min(n.rem / n.lim), n.service, n.model, n.kind`,
        where.params, // $n placeholders: each union part reuses the same values
      );
      return {
        from: new Date(range.from).toISOString(),
        to: new Date(range.to).toISOString(),
        bucket,
        series: rows.map((r) => {
          const limit = Number(r.lim);
          const remaining = Number(r.rem);
          const slope = r.slope === null || r.slope === undefined ? null : Number(r.slope);
          const points = (r.points as Array<{ b: unknown; f: unknown }> | null) ?? [];
          return {
            service: String(r.service),
            model: r.model === null ? null : String(r.model),
            kind: r.kind as HeadroomSeries['kind'],
            limit,
            remaining,
            fraction: remaining / limit,
            reset: r.reset === null ? null : String(r.reset),
            seconds_to_exhaustion: slope !== null && slope < 0 ? Math.round(remaining / -slope) : null,
            points: points.map((p) => ({ time: new Date(Number(p.b) * size).toISOString(), fraction: Number(p.f) })),
          };
        }),
      };
    },
  );
}
