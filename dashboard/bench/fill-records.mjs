// Fills a DuckDB file with N calls spread evenly over the 7 days before `now`, each with its HTTP
// attempt rows, in time order (as ingestion writes them). Generated in one INSERT … SELECT from
// range() so a million calls take seconds, not minutes of appends.
//
// Per 1000 calls:  850 succeed first time (1 attempt)
//                   65 succeed after one failed attempt (2 attempts)
//                   40 succeed after two failed attempts (3 attempts)
//                   25 fail after three failed attempts (retries exhausted)
//                   20 fail at once with a 400 (not retried)
// so 4.5 % of calls fail and ~0.24 failed attempts happen per call, most retried away.
// Retryable failures: 55 % 529 overloaded, 25 % 429 per-minute requests, 12 % 500, 8 % 429 tokens.
import { Analyzer } from '@claude-errors/analyzer';

const WEEK_MS = 604_800_000;

/** Retryable failures by `e` (0–99): [upper bound, catalog_id, status, error_type, message]. */
const RETRYABLE = [
  [55, 'overloaded', 529, 'overloaded_error', 'Overloaded'],
  [80, 'rate-limit-requests', 429, 'rate_limit_error', 'This request would exceed the rate limit for your organization of 50 requests per minute.'],
  [92, 'internal-server-error', 500, 'api_error', 'Internal server error'],
  [100, 'rate-limit-tokens', 429, 'rate_limit_error', 'This request would exceed the rate limit for your organization of 80,000 input tokens per minute.'],
];
/** 400s by `e % 5`. */
const BAD_REQUEST = [
  ['first-message-not-user', 'messages: first message must use the "user" role'],
  ['max-tokens-exceeded', 'max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for claude-sonnet-4-5'],
  ['context-window-exceeded', 'prompt is too long: 214871 tokens > 200000 maximum'],
  ['tool-result-missing', 'messages.2: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_01XFDUDYJgAACzvnptvVoYEL'],
  ['unknown', 'messages.1.content.0.citations: citation settings differ between documents 3 and 7 in this request'],
];

const sqlString = (s) => `'${String(s).replaceAll("'", "''")}'`;
const caseOf = (pairs, otherwise = 'NULL') => `CASE ${pairs.map(([when, then]) => `WHEN ${when} THEN ${then}`).join(' ')} ELSE ${otherwise} END`;

function retryable(field) {
  const col = { catalog: 1, status: 2, type: 3, message: 4 }[field];
  return caseOf(RETRYABLE.map((r) => [`e < ${r[0]}`, typeof r[col] === 'number' ? r[col] : sqlString(r[col])]));
}

function badRequest(field) {
  const col = field === 'catalog' ? 0 : 1;
  return caseOf(BAD_REQUEST.map((r, i) => [`e % 5 = ${i}`, sqlString(r[col])]));
}

/** The INSERT that writes `calls` calls ending at `nowMs`. */
export function fillSql(calls, nowMs) {
  return `
INSERT INTO records (dedupe_key, ingested_at, kind, time, duration_ms, trace_id, span_id, parent_span_id, attempt, attempts,
                     service, source, sdk, sdk_version, platform, model, operation, stream, outcome, http_status,
                     error_type, error_message, request_id, retry_after_ms, should_retry, catalog_id, fingerprint)
WITH c AS (
  SELECT i,
         ${nowMs - WEEK_MS}::BIGINT + (i * ${WEEK_MS}::BIGINT) // ${calls} AS t_ms,
         hash(i, 'r') % 1000 AS r,
         hash(i, 'e') % 100 AS e,
         ['checkout', 'search', 'support-bot', 'batch'][1 + (hash(i, 's') % 4)::BIGINT] AS service,
         ['claude-sonnet-4-5', 'claude-opus-4-1', 'claude-haiku-4-5', 'claude-sonnet-4', 'claude-3-5-haiku'][1 + (hash(i, 'm') % 5)::BIGINT] AS model,
         CASE WHEN hash(i, 'p') % 50 = 0 THEN 'bedrock' WHEN hash(i, 'p') % 50 = 1 THEN 'vertex' ELSE 'first_party' END AS platform,
         hash(i, 'st') % 5 = 0 AS stream
  FROM range(${calls}) t(i)
), c2 AS (
  SELECT *,
         CASE WHEN r < 20 THEN 1 WHEN r < 85 THEN 3 WHEN r < 150 THEN 2 ELSE 1 END AS n,
         r < 45 AS failed,
         r < 20 AS bad_request
  FROM c
), rows AS (
  SELECT *, unnest(range(0, n + 1)) AS a FROM c2
), r2 AS (
  SELECT *,
         -- attempt 0 is the call; attempts 1..n; an attempt fails unless it is the last of a call that succeeded
         CASE WHEN a = 0 THEN failed ELSE (a < n OR failed) END AS is_error,
         lpad(printf('%x', i), 32, '0') AS trace_id
  FROM rows
)
SELECT hash(trace_id, lpad(printf('%x', i * 8 + a), 16, '0'), a::INTEGER),
       epoch_ms(t_ms + 400 * n),
       CASE WHEN a = 0 THEN 'call' ELSE 'attempt' END,
       epoch_ms(t_ms + 400 * a),
       CASE WHEN a = 0 THEN 400.0 * n ELSE 80 + hash(i, a) % 900 END,
       trace_id,
       lpad(printf('%x', i * 8 + a), 16, '0'),
       CASE WHEN a = 0 THEN NULL ELSE lpad(printf('%x', i * 8), 16, '0') END,
       a::INTEGER,
       CASE WHEN a = 0 THEN n::INTEGER ELSE NULL END,
       service, 'claude-errors', '@anthropic-ai/sdk', '0.71.0', platform, model, 'messages.create', stream,
       CASE WHEN is_error THEN 'error' ELSE 'success' END,
       CASE WHEN NOT is_error THEN 200 WHEN bad_request THEN 400 ELSE ${retryable('status')} END,
       CASE WHEN NOT is_error THEN NULL WHEN bad_request THEN 'invalid_request_error' ELSE ${retryable('type')} END,
       CASE WHEN NOT is_error THEN NULL WHEN bad_request THEN ${badRequest('message')} ELSE ${retryable('message')} END,
       CASE WHEN a = 0 THEN NULL ELSE 'req_011C' || printf('%016x', hash(i, a)) END,
       CASE WHEN is_error AND a > 0 AND NOT bad_request AND e >= 55 AND e < 80 THEN 1000.0 ELSE NULL END,
       CASE WHEN is_error AND a > 0 THEN NOT bad_request ELSE NULL END,
       CASE WHEN NOT is_error THEN NULL WHEN bad_request THEN ${badRequest('catalog')} ELSE ${retryable('catalog')} END,
       CASE WHEN is_error AND bad_request AND e % 5 = 4 THEN 'fp-citations-differ' ELSE NULL END
FROM r2
ORDER BY 4`;
}

/** Creates (migrates) the DuckDB file in `dir` and writes the rows; returns row counts and seconds. */
export async function fillRecords(dir, calls, nowMs = Date.now()) {
  const analyzer = new Analyzer({ dataDir: dir, port: 0, rulesFile: false });
  await analyzer.start();
  const conn = await analyzer.store.connect();
  const t0 = performance.now();
  await conn.run(fillSql(calls, nowMs));
  await conn.run('CHECKPOINT');
  const seconds = (performance.now() - t0) / 1000;
  const counts = (await conn.runAndReadAll(`SELECT kind, count(*), count(*) FILTER (WHERE outcome = 'error') FROM records GROUP BY kind ORDER BY kind`)).getRows();
  conn.closeSync();
  await analyzer.shutdown();
  return { seconds, counts: Object.fromEntries(counts.map(([kind, total, errors]) => [kind, { total: Number(total), errors: Number(errors) }])) };
}
