import type { FastifyInstance } from 'fastify';
import type { Finding } from '@claude-errors/schemas/api';
import { query } from '../../store/query.js';
import type { ApiContext } from '../context.js';
import { Where } from '../record-filter.js';
import { getReport } from './report-route.js';

/**
 * Retry hygiene: what the attempt rows say about how each service retries. Each kind of finding
 * is one documented rule over the rows (thresholds below), reported per service with a count, the
 * newest example call and the fix.
 */
export const FINDING_RULES = {
  'retry-before-retry-after': {
    title: 'Retried sooner than retry-after',
    fix: 'Wait at least the retry-after (or retry-after-ms) the server sent before the next attempt; the SDKs do when they retry themselves, so a shorter wait comes from a retry loop of your own.',
  },
  'retry-without-backoff': {
    title: 'Retried with no backoff',
    fix: 'Back off exponentially with jitter between attempts (e.g. 0.5 s, 1 s, 2 s …); immediate retries add load to an overloaded or rate-limited API and rarely succeed.',
  },
  'retry-after-should-retry-false': {
    title: 'Retried although x-should-retry was false',
    fix: 'Honour the x-should-retry: false response header: the same request will fail the same way, so fix it instead of resending it.',
  },
  'no-retries': {
    title: 'Retryable failures never retried (max_retries 0?)',
    fix: 'Let the SDK retry 429, 5xx and 529 answers (max_retries / maxRetries ≥ 2, the default), or retry them yourself with backoff; only the failure reaches your users today.',
  },
  'long-non-streamed': {
    title: 'Non-streamed requests near the 10-minute limit',
    fix: 'Use streaming for requests that may take longer than a few minutes (the API and SDKs refuse or time out non-streamed requests expected to exceed 10 minutes), or lower max_tokens.',
  },
  'retry-storm': {
    title: 'Retry storm',
    fix: 'Many retries to one model within a minute: add jitter, cap concurrent retries (a token bucket or a circuit breaker after a few consecutive 5xx/529), and move non-urgent work to the Message Batches API.',
  },
} as const satisfies Record<FindingId, { title: string; fix: string }>;
/** A finding's id: the enum of Finding.id in schemas/api.schema.json, one rule above each. */
export type FindingId = Finding['id'];

/** A retry counts as "no backoff" below this wait, unless the server asked for less. */
export const NO_BACKOFF_MS = 100;
/** Waits this much shorter than retry-after still count as honouring it (clock and timer slack). */
export const RETRY_AFTER_SLACK_MS = 50;
/** Non-streamed calls longer than this are "near the 10-minute limit". */
export const LONG_NON_STREAMED_MS = 8 * 60_000;
/** Retries to one model within one minute that make a storm. */
export const STORM_RETRIES_PER_MINUTE = 50;
/** Statuses a retry can fix (what the SDKs themselves retry). */
const RETRYABLE = '(408, 409, 429, 500, 502, 503, 504, 529)';

interface FindingRow {
  id: FindingId;
  service: string | null;
  model: string | null;
  count: number;
  last_seen: string | null;
  trace_id: string | null;
  span_id: string | null;
}

/** GET /api/v1/findings — retry hygiene per service, from the attempt rows. */
export function registerFindings(app: FastifyInstance, ctx: ApiContext): void {
  getReport(
    app,
    ctx,
    '/api/v1/findings',
    { summary: 'Retry hygiene: retries sooner than retry-after, without backoff, after x-should-retry: false, never retried, long non-streamed calls, retry storms' },
    async (q, range) => {
      const rows = await findingRows(ctx, new Where(range, q));
      return {
        from: new Date(range.from).toISOString(),
        to: new Date(range.to).toISOString(),
        findings: rows.map((r) => ({
          id: r.id,
          title: FINDING_RULES[r.id].title,
          service: r.service,
          model: r.model,
          count: r.count,
          last_seen: r.last_seen,
          example: r.trace_id && r.span_id ? { trace_id: r.trace_id, span_id: r.span_id } : null,
          fix: FINDING_RULES[r.id].fix,
        })),
      };
    },
  );
}

/** One query per rule family; each returns rows of FindingRow's shape, largest count first. */
async function findingRows(ctx: ApiContext, where: Where): Promise<FindingRow[]> {
  const attempts = new Where().add("kind = 'attempt'");
  const calls = new Where().add("kind = 'call'");
  const w = (extra: Where): { sql: string; params: Where['params'] } => {
    const all = [...where.clauses, ...extra.clauses];
    return { sql: all.length ? `WHERE ${all.join(' AND ')}` : '', params: where.params };
  };
  const a = w(attempts);
  const c = w(calls);
  const newest = (cond: string) =>
    `count(*) FILTER (WHERE ${cond}) AS n, max(time) FILTER (WHERE ${cond}) AS last_seen,
     arg_max(trace_id, time) FILTER (WHERE ${cond}) AS trace_id, arg_max(span_id, time) FILTER (WHERE ${cond}) AS span_id`;
  const retryRules: Array<[FindingId, string]> = [
    ['retry-before-retry-after', `attempt > 1 AND prev_retry_after IS NOT NULL AND wait_ms IS NOT NULL AND wait_ms + ${RETRY_AFTER_SLACK_MS} < prev_retry_after`],
    ['retry-without-backoff', `attempt > 1 AND prev_outcome = 'error' AND wait_ms IS NOT NULL AND wait_ms < ${NO_BACKOFF_MS} AND coalesce(prev_retry_after, ${NO_BACKOFF_MS}) >= ${NO_BACKOFF_MS}`],
    ['retry-after-should-retry-false', 'attempt > 1 AND prev_should_retry = false'],
  ];
  const out: FindingRow[] = [];
  for (const [id, cond] of retryRules) {
    const rows = await query(
      ctx.reader,
      `WITH a AS (
         SELECT service, model, trace_id, span_id, attempt, outcome, wait_ms, time,
                lag(retry_after_ms) OVER w AS prev_retry_after, lag(should_retry) OVER w AS prev_should_retry, lag(outcome) OVER w AS prev_outcome
         FROM records ${a.sql}
         WINDOW w AS (PARTITION BY trace_id, span_id ORDER BY attempt))
       SELECT service, NULL AS model, ${newest(cond)} FROM a GROUP BY service HAVING n > 0`,
      a.params,
    );
    out.push(...rows.map((r) => row(id, r)));
  }
  // Services whose retryable failures all ended after one attempt, none ever retried.
  const noRetries = await query(
    ctx.reader,
    `SELECT service, NULL AS model, ${newest(`outcome = 'error' AND attempts = 1 AND http_status IN ${RETRYABLE}`)}, max(attempts) AS most
     FROM records ${c.sql} GROUP BY service HAVING n > 0 AND most = 1`,
    c.params,
  );
  out.push(...noRetries.map((r) => row('no-retries', r)));
  const long = await query(
    ctx.reader,
    `SELECT service, model, ${newest(`stream = false AND duration_ms >= ${LONG_NON_STREAMED_MS}`)} FROM records ${c.sql} GROUP BY service, model HAVING n > 0`,
    c.params,
  );
  out.push(...long.map((r) => row('long-non-streamed', r)));
  const storms = await query(
    ctx.reader,
    `WITH m AS (
       SELECT model, count(*) AS retries, max(time) AS last_seen, arg_max(trace_id, time) AS trace_id, arg_max(span_id, time) AS span_id
       FROM records ${a.sql} AND attempt > 1 GROUP BY model, time_bucket(INTERVAL 1 MINUTE, time) HAVING retries >= ${STORM_RETRIES_PER_MINUTE})
     SELECT NULL AS service, model, sum(retries) AS n, max(last_seen) AS last_seen, arg_max(trace_id, last_seen) AS trace_id, arg_max(span_id, last_seen) AS span_id
     FROM m GROUP BY model`,
    a.params,
  );
  out.push(...storms.map((r) => row('retry-storm', r)));
  return out.sort((x, y) => y.count - x.count || x.id.localeCompare(y.id));
}

function row(id: FindingId, r: Record<string, unknown>): FindingRow {
  const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  return { id, service: s(r.service), model: s(r.model), count: Number(r.n), last_seen: s(r.last_seen), trace_id: s(r.trace_id), span_id: s(r.span_id) };
}
