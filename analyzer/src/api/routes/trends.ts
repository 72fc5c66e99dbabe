import type { FastifyInstance } from 'fastify';
import type { TrendSeries } from '@claude-errors/schemas/api';
import { incidentsIn } from '../../incidents/verdict.js';
import { byteOrder, query } from '../../store/query.js';
import { reportSource } from '../../store/rollup.js';
import type { ApiContext } from '../context.js';
import { GUIDE_ID_SQL } from '../guide-sql.js';
import { badParameter } from '../time-range.js';
import { getReport, type FilterQuery } from './report-route.js';

const BUCKETS = { '1m': 60_000, '5m': 300_000, '1h': 3_600_000, '1d': 86_400_000 } as const;
/** Group-by values map to column names from this fixed list only; user text never reaches SQL. */
const BY_COLUMNS = { catalog_id: 'catalog_id', guide_id: GUIDE_ID_SQL, status: 'http_status', error_type: 'error_type', model: 'model', service: 'service', platform: 'platform' } as const;
const MAX_BUCKETS = 2000;

type TrendsQuery = FilterQuery & { bucket?: keyof typeof BUCKETS; by?: keyof typeof BY_COLUMNS };

/** GET /api/v1/trends — zero-filled failure series per bucket, grouped by a record field. */
export function registerTrends(app: FastifyInstance, ctx: ApiContext): void {
  getReport<'/api/v1/trends', TrendsQuery>(
    app,
    ctx,
    '/api/v1/trends',
    {
      summary: 'Zero-filled time series of failed calls and attempts, grouped by a field',
      query: { bucket: { type: 'string', enum: Object.keys(BUCKETS) }, by: { type: 'string', enum: Object.keys(BY_COLUMNS) } },
    },
    async (q, range) => {
      const bucket = q.bucket ?? pickBucket(range.to - range.from);
      const by = q.by ?? 'catalog_id';
      const size = BUCKETS[bucket];
      const first = Math.floor(range.from / size) * size;
      const n = Math.ceil((range.to - first) / size);
      if (n > MAX_BUCKETS) throw badParameter('bucket', `${bucket} buckets over this range make ${n} points (at most ${MAX_BUCKETS}); pick a larger bucket`);
      // The whole minutes from the per-minute rollup (store/rollup.ts), the partial ones from records:
      // first_time is a row's time, or the first time of a rollup row's minute (in one bucket).
      const src = reportSource(range, q, { bucketMs: size });
      const rows = await query(
        ctx.reader,
        `SELECT (epoch_ms(first_time) // ${size})::BIGINT AS b, coalesce(${BY_COLUMNS[by]}::VARCHAR, '(none)') AS key,
                sum(n) FILTER (WHERE kind = 'call' AND is_error) AS calls,
                sum(n) FILTER (WHERE kind = 'attempt' AND is_error) AS attempts,
                sum(n) FILTER (WHERE kind = 'call') AS all_calls,
                sum(n) FILTER (WHERE kind = 'attempt') AS all_attempts
         FROM (${src.sql}) GROUP BY ALL`,
        src.params,
      );
      const firstIndex = first / size;
      const total: TrendSeries = { key: 'total', calls: new Array<number>(n).fill(0), attempts: new Array<number>(n).fill(0) };
      const byKey = new Map<string, TrendSeries>();
      for (const r of rows) {
        const i = Number(r.b) - firstIndex;
        if (i < 0 || i >= n) continue;
        total.calls[i]! += Number(r.all_calls);
        total.attempts[i]! += Number(r.all_attempts);
        if (Number(r.calls) === 0 && Number(r.attempts) === 0) continue;
        const key = String(r.key);
        let s = byKey.get(key);
        if (!s) byKey.set(key, (s = { key, calls: new Array<number>(n).fill(0), attempts: new Array<number>(n).fill(0) }));
        s.calls[i]! += Number(r.calls);
        s.attempts[i]! += Number(r.attempts);
      }
      return {
        from: new Date(range.from).toISOString(),
        to: new Date(range.to).toISOString(),
        bucket,
        by,
        incidents: await incidentsIn(ctx.reader, range),
        buckets: Array.from({ length: n }, (_, i) => new Date(first + i * size).toISOString()),
        series: [...byKey.values()].sort((a, b) => sum(b.attempts) + sum(b.calls) - sum(a.attempts) - sum(a.calls) || byteOrder(a.key, b.key)),
        total,
      };
    },
  );
}

function pickBucket(spanMs: number): keyof typeof BUCKETS {
  if (spanMs <= 3 * 3_600_000) return '1m';
  if (spanMs <= 2 * 86_400_000) return '5m';
  if (spanMs <= 30 * 86_400_000) return '1h';
  return '1d';
}

function sum(a: number[]): number {
  let s = 0;
  for (const x of a) s += x;
  return s;
}
