import type { DuckDBConnection } from '@duckdb/node-api';
import type { FastifyInstance } from 'fastify';
import type { ApiResponses } from '@claude-errors/schemas/api';
import { analyzerError, ErrorCodes } from '../../errors.js';
import { catalogEntry } from '../../processor/classify/index.js';
import { query } from '../../store/query.js';
import type { ApiContext } from '../context.js';
import { Where } from '../record-filter.js';
import { badParameter } from '../time-range.js';
import { errorRowColumns, MAX_LIST_MESSAGE_CHARS, toErrorRow } from './error-rows.js';
import { getReport, routeSchema, type FilterQuery } from './report-route.js';

type ErrorsQuery = FilterQuery & {
  catalog_id?: string;
  status?: number;
  error_type?: string;
  kind?: 'call' | 'attempt';
  limit?: number;
  cursor?: string;
};

/** Cursor: the (time, row key) of the last row served, opaque to clients. */
function encodeCursor(timeMs: number, key: string): string {
  return Buffer.from(`${timeMs}:${key}`).toString('base64url');
}

function decodeCursor(cursor: string): { timeMs: bigint; key: bigint } {
  const m = /^(\d{1,16}):(\d{1,20})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw badParameter('cursor', 'is not a cursor this API returned');
  return { timeMs: BigInt(m[1]!), key: BigInt(m[2]!) };
}

/** GET /api/v1/errors (drill-down, newest first, cursor pagination) and one call's detail. */
export function registerErrors(app: FastifyInstance, ctx: ApiContext): void {
  getReport<'/api/v1/errors', ErrorsQuery>(
    app,
    ctx,
    '/api/v1/errors',
    {
      summary: `Failed calls and attempts, newest first, with a cursor for the next page (messages cut to ${MAX_LIST_MESSAGE_CHARS} characters)`,
      query: {
        catalog_id: { type: 'string', maxLength: 128 },
        status: { type: 'integer', minimum: 100, maximum: 599 },
        error_type: { type: 'string', maxLength: 128 },
        kind: { type: 'string', enum: ['call', 'attempt'], description: 'Only call rows or only attempt rows (default both).' },
        limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
        cursor: { type: 'string', maxLength: 200 },
      },
    },
    async (q, range) => {
      const where = new Where(range, q).add("outcome = 'error'");
      if (q.kind) where.add('kind = ?', q.kind);
      if (q.cursor) {
        const c = decodeCursor(q.cursor);
        where.add('(epoch_ms(time) < ? OR (epoch_ms(time) = ? AND dedupe_key < ?::UBIGINT))', c.timeMs, c.timeMs, c.key.toString());
      }
      const limit = q.limit ?? 50;
      const rows = await newestRows(ctx.reader, where, limit + 1);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        rows: page.map(toErrorRow),
        next_cursor: rows.length > limit && last ? encodeCursor(Number(last.time_ms), String(last.row_key)) : null,
      };
    },
  );

  const detail = '/api/v1/errors/:trace_id/:span_id';
  app.get<{ Params: { trace_id: string; span_id: string }; Reply: ApiResponses[typeof detail] }>(
    detail,
    {
      schema: routeSchema(detail, {
        summary: 'One call with all its attempts and its catalog entry',
        params: {
          type: 'object',
          required: ['trace_id', 'span_id'],
          properties: { trace_id: { type: 'string', pattern: '^[0-9a-f]{32}$' }, span_id: { type: 'string', pattern: '^[0-9a-f]{16}$' } },
        },
      }),
    },
    async (req) => {
      const rows = await query(
        ctx.reader,
        `SELECT ${errorRowColumns()} FROM records WHERE trace_id = $1 AND span_id = $2 ORDER BY attempt`,
        [req.params.trace_id, req.params.span_id],
      );
      if (rows.length === 0) throw analyzerError('not_found', ErrorCodes.NOT_FOUND, `no call with trace ${req.params.trace_id} and span ${req.params.span_id}`);
      const mapped = rows.map(toErrorRow);
      const call = mapped.find((r) => r.kind === 'call') ?? null;
      const id = call?.catalog_id ?? mapped.find((r) => r.catalog_id)?.catalog_id;
      return { call, attempts: mapped.filter((r) => r.kind === 'attempt'), catalog: id ? (catalogEntry(id) ?? null) : null };
    },
  );
}

/**
 * The newest `n` rows matching `where` (which it extends), in two steps: the top n of (time, dedupe_key) alone — a
 * scan of two narrow columns — then the full rows of just those keys, within their time span so
 * DuckDB's zone maps skip the rest of the file. Selecting all ~30 columns in the top-n query made
 * DuckDB carry every wide row through the sort (about 375 ms over 10M rows, see
 * docs/benchmarks.md).
 */
async function newestRows(conn: DuckDBConnection, where: Where, n: number): Promise<Record<string, unknown>[]> {
  const order = 'ORDER BY time DESC, dedupe_key DESC';
  const top = await query(conn, `SELECT epoch_ms(time) AS t, dedupe_key::VARCHAR AS k FROM records ${where.sql} ${order} LIMIT ${n}`, where.params);
  if (top.length === 0) return [];
  // The keys come from DuckDB (UBIGINT as text), checked as digits before they are spliced in.
  const keys = top.map((r) => String(r['k']));
  if (!keys.every((k) => /^\d{1,20}$/.test(k))) throw new Error('unexpected dedupe_key text');
  where
    .add('time >= epoch_ms(?::BIGINT)', BigInt(Number(top[top.length - 1]!['t'])))
    .add('time <= epoch_ms(?::BIGINT)', BigInt(Number(top[0]!['t'])))
    .add(`dedupe_key IN (${keys.map((k) => `${k}::UBIGINT`).join(', ')})`);
  return query(conn, `SELECT ${errorRowColumns(MAX_LIST_MESSAGE_CHARS)} FROM records ${where.sql} ${order} LIMIT ${n}`, where.params);
}
