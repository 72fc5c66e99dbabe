import type { FastifyInstance } from 'fastify';
import { query, type ApiContext } from '../context.js';
import { FILTER_QUERY_PROPERTIES, Where } from '../record-filter.js';
import { incidentsIn } from '../../incidents/verdict.js';
import { GUIDE_ID_SQL } from '../guide-sql.js';
import { incidentSchema } from './incidents.js';
import { badParameter, parseRange } from '../time-range.js';

const BUCKETS = { '1m': 60_000, '5m': 300_000, '1h': 3_600_000, '1d': 86_400_000 } as const;
/** Group-by values map to column names from this fixed list only; user text never reaches SQL. */
const BY_COLUMNS = { catalog_id: 'catalog_id', guide_id: GUIDE_ID_SQL, status: 'http_status', error_type: 'error_type', model: 'model', service: 'service', platform: 'platform' } as const;
const MAX_BUCKETS = 2000;

interface TrendsQuery {
  from?: string;
  to?: string;
  service?: string;
  model?: string;
  platform?: string;
  bucket?: keyof typeof BUCKETS;
  by?: keyof typeof BY_COLUMNS;
}

const series = {
  type: 'object',
  required: ['key', 'calls', 'attempts'],
  properties: {
    key: { type: 'string' },
    calls: { type: 'array', items: { type: 'integer' }, description: 'Failed calls per bucket.' },
    attempts: { type: 'array', items: { type: 'integer' }, description: 'Failed attempts per bucket (retried-away ones included).' },
  },
} as const;

/** GET /api/v1/trends — zero-filled failure series per bucket, grouped by a record field. */
export function registerTrends(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: TrendsQuery }>(
    '/api/v1/trends',
    {
      schema: {
        summary: 'Zero-filled time series of failed calls and attempts, grouped by a field',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ...FILTER_QUERY_PROPERTIES, bucket: { type: 'string', enum: Object.keys(BUCKETS) }, by: { type: 'string', enum: Object.keys(BY_COLUMNS) } },
        },
        response: {
          200: {
            type: 'object',
            required: ['from', 'to', 'bucket', 'by', 'buckets', 'series', 'total'],
            properties: {
              from: { type: 'string' },
              to: { type: 'string' },
              bucket: { type: 'string' },
              by: { type: 'string' },
              buckets: { type: 'array', items: { type: 'string', format: 'date-time' } },
              series: { type: 'array', items: series },
              total: { ...series, description: 'All calls and attempts per bucket, failed or not (the denominator).' },
              incidents: { type: 'array', items: incidentSchema, description: 'Provider incidents of the status feed that overlap the range, to mark on the chart.' },
            },
          },
        },
      },
    },
    async (req) => {
      const range = parseRange(req.query, ctx.now());
      const bucket = req.query.bucket ?? pickBucket(range.to - range.from);
      const by = req.query.by ?? 'catalog_id';
      const size = BUCKETS[bucket];
      const first = Math.floor(range.from / size) * size;
      const n = Math.ceil((range.to - first) / size);
      if (n > MAX_BUCKETS) throw badParameter('bucket', `${bucket} buckets over this range make ${n} points (at most ${MAX_BUCKETS}); pick a larger bucket`);
      const where = new Where(range, req.query);
      const bucketExpr = `(epoch_ms(time) // ${size})::BIGINT`;
      const rows = await query(
        ctx.reader,
        `SELECT ${bucketExpr} AS b, coalesce(${BY_COLUMNS[by]}::VARCHAR, '(none)') AS key,
                count(*) FILTER (WHERE kind = 'call' AND outcome = 'error') AS calls,
                count(*) FILTER (WHERE kind = 'attempt' AND outcome = 'error') AS attempts,
                count(*) FILTER (WHERE kind = 'call') AS all_calls,
                count(*) FILTER (WHERE kind = 'attempt') AS all_attempts
         FROM records ${where.sql} GROUP BY ALL`,
        where.params,
      );
      const firstIndex = first / size;
      const total = { key: 'total', calls: new Array<number>(n).fill(0), attempts: new Array<number>(n).fill(0) };
      const byKey = new Map<string, { key: string; calls: number[]; attempts: number[] }>();
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
        series: [...byKey.values()].sort((a, b) => sum(b.attempts) + sum(b.calls) - sum(a.attempts) - sum(a.calls)),
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
