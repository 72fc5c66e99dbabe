import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { Incident, Verdict } from '@claude-errors/schemas/api';
import { query } from '../store/query.js';

/** Statuses and types that put a failure on the provider's side. */
const PROVIDER_SIDE = "(http_status IN (500, 502, 503, 504, 529) OR error_type IN ('overloaded_error', 'api_error', 'timeout_error'))";
/** A service "fails" when at least this many of its attempts in the window failed on the provider's side… */
export const FAILING_MIN_ATTEMPTS = 3;
/** …and they are at least this share of its attempts. */
export const FAILING_SHARE = 0.2;

/** Incidents of the status feed that overlap [from, to) (epoch ms), newest first, as the API shows them. */
export async function incidentsIn(reader: DuckDBConnection, range: { from: number; to: number }): Promise<Incident[]> {
  const rows = await query(
    reader,
    `SELECT id, name, status, impact, started_at, resolved_at, components, url FROM incidents
     WHERE started_at < epoch_ms($2::BIGINT) AND coalesce(resolved_at, epoch_ms($2::BIGINT)) >= epoch_ms($1::BIGINT)
     ORDER BY started_at DESC LIMIT 100`,
    [BigInt(Math.floor(range.from)), BigInt(Math.ceil(range.to))],
  );
  return rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    status: String(r.status),
    impact: String(r.impact),
    from: String(r.started_at),
    to: r.resolved_at === null ? null : String(r.resolved_at),
    components: safeList(r.components),
    url: r.url === null ? null : String(r.url),
  }));
}

/**
 * "Is it us or them?" for a window: which services fail on the provider's side while others
 * succeed, and whether a provider incident overlaps. One service failing while the rest are
 * healthy and no incident → us; an incident with failing services, or every active service
 * failing at once → them; a single active service failing with no incident → unclear.
 */
export async function verdictFor(reader: DuckDBConnection, where: { sql: string; params: DuckDBValue[] }, incidents: Incident[]): Promise<Verdict> {
  const rows = await query(
    reader,
    `SELECT service, count(*) FILTER (WHERE kind = 'attempt') AS attempts,
            count(*) FILTER (WHERE kind = 'attempt' AND outcome = 'error' AND ${PROVIDER_SIDE}) AS provider_failures,
            count(*) FILTER (WHERE kind = 'attempt' AND outcome = 'error' AND NOT ${PROVIDER_SIDE}) AS other_failures
     FROM records ${where.sql} GROUP BY service ORDER BY service`,
    where.params,
  );
  const failing: string[] = [];
  const healthy: string[] = [];
  let callerFailures = 0;
  for (const r of rows) {
    const attempts = Number(r.attempts);
    const pf = Number(r.provider_failures);
    callerFailures += Number(r.other_failures);
    if (pf >= FAILING_MIN_ATTEMPTS && pf / Math.max(1, attempts) >= FAILING_SHARE) failing.push(String(r.service));
    else if (attempts > 0) healthy.push(String(r.service));
  }
  const base = { services: rows.length, failing_services: failing, healthy_services: healthy };
  const open = incidents.map((i) => `${i.name} (${i.impact}${i.to ? '' : ', unresolved'})`);
  if (failing.length === 0) {
    const reasons = ['no service fails on the provider side in this window'];
    if (callerFailures > 0) reasons.push(`${callerFailures} failed attempts were refusals of the requests themselves (4xx): those are ours to fix`);
    if (open.length) reasons.push(`provider incident in the window: ${open.join('; ')}`);
    return { verdict: callerFailures > 0 ? 'us' : 'none', reasons, ...base };
  }
  if (open.length) {
    return { verdict: 'them', reasons: [`provider incident in the window: ${open.join('; ')}`, `${failing.length} of ${rows.length} services fail on the provider side`], ...base };
  }
  if (healthy.length > 0) {
    return {
      verdict: 'us',
      reasons: [`${failing.join(', ')} fail${failing.length === 1 ? 's' : ''} while ${healthy.join(', ')} succeed${healthy.length === 1 ? 's' : ''}, and no provider incident is posted`],
      ...base,
    };
  }
  if (failing.length >= 2) {
    return { verdict: 'them', reasons: [`every active service (${failing.length}) fails on the provider side at once; no incident is posted yet`], ...base };
  }
  return { verdict: 'unclear', reasons: [`only ${failing[0]} sends calls in this window and it fails; no provider incident is posted`], ...base };
}

function safeList(v: unknown): string[] {
  try {
    const parsed = JSON.parse(String(v)) as unknown;
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
