import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import type { LiveHub } from './live.js';

/** A component that reports numbers for /metrics (Kafka receiver, rules engine, …). */
interface StatsSource {
  stats?: (() => Record<string, unknown>) | Record<string, unknown>;
}

function numeric(prefix: string, obj: Record<string, unknown>, out: string[]): void {
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'number' && Number.isFinite(v)) out.push(`${prefix}_${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)} ${v}`);
  }
}

/**
 * GET /metrics (Prometheus text) and GET /readyz (DuckDB answers; receivers ready). /readyz is
 * public; /metrics needs the API token (when one is set) unless `publicMetrics`. Both expose
 * counts only, never record content.
 */
export function registerOps(app: FastifyInstance, ctx: ApiContext, opts: { publicMetrics: boolean; live: LiveHub }): void {
  app.get('/metrics', { config: { public: opts.publicMetrics }, schema: { hide: true } }, async (_req, reply) => {
    const s = ctx.ingest.stats;
    const lines = [
      '# TYPE analyzer_ingest_batches_total counter',
      `analyzer_ingest_batches_total ${s.batches}`,
      '# TYPE analyzer_received_records_total counter',
      `analyzer_received_records_total ${s.received}`,
      '# TYPE analyzer_stored_records_total counter',
      `analyzer_stored_records_total ${s.stored}`,
      '# HELP analyzer_duplicate_records_total Records already stored (replays), skipped.',
      '# TYPE analyzer_duplicate_records_total counter',
      `analyzer_duplicate_records_total ${s.duplicates}`,
      '# TYPE analyzer_dead_letters_total counter',
      `analyzer_dead_letters_total ${s.deadLetters}`,
      '# HELP analyzer_ingest_lag_seconds Now minus the newest record time of the last committed batch.',
      '# TYPE analyzer_ingest_lag_seconds gauge',
      `analyzer_ingest_lag_seconds ${s.lagSeconds}`,
      '# HELP analyzer_commit_seconds Classify + DuckDB transaction time of the last batch.',
      '# TYPE analyzer_commit_seconds gauge',
      `analyzer_commit_seconds ${s.lastCommitMs / 1000}`,
      ...liveMetrics(opts.live),
    ];
    for (const [name, c] of Object.entries(ctx.components ?? {})) {
      const src = c as StatsSource;
      const stats = typeof src.stats === 'function' ? src.stats() : src.stats;
      if (stats) numeric(`analyzer_${name}`, stats, lines);
    }
    return reply.type('text/plain; version=0.0.4').send(lines.join('\n') + '\n');
  });

  app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    const checks: Record<string, string> = {};
    try {
      await ctx.reader.run('SELECT 1');
      checks.duckdb = 'ok';
    } catch (err) {
      // Public route: the reason goes to the log, not to whoever asks.
      req.log.error({ err }, 'readiness: DuckDB does not answer');
      checks.duckdb = 'failed';
    }
    for (const [name, c] of Object.entries(ctx.components ?? {})) {
      const r = (c as { ready?: () => boolean }).ready;
      if (typeof r === 'function') checks[name] = r.call(c) ? 'ok' : 'not ready';
    }
    const ok = Object.values(checks).every((v) => v === 'ok');
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', checks });
  });
}

function liveMetrics(live: LiveHub): string[] {
  const l = live.stats();
  const metrics: [string, 'gauge' | 'counter', number, string][] = [
    ['analyzer_live_clients', 'gauge', l.clients, 'Connected live-stream clients.'],
    ['analyzer_live_dropped_clients_total', 'counter', l.droppedClients, 'Live-stream clients disconnected for leaving more than the buffer bound unread.'],
    ['analyzer_live_max_buffered_bytes', 'gauge', l.maxBufferedBytes, 'The most bytes one live-stream client had unsent after a write.'],
  ];
  return metrics.flatMap(([name, type, value, help]) => [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`]);
}
