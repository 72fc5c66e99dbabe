import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { AnalyzerMetrics } from '../metrics.js';
import type { LiveHub } from './live.js';

/**
 * GET /metrics (Prometheus text; the metrics are declared in ../metrics.ts) and GET /readyz
 * (DuckDB answers; receivers ready). /readyz is public; /metrics needs the API token (when one is
 * set) unless `publicMetrics`. Both expose counts only, never record content.
 */
export function registerOps(app: FastifyInstance, ctx: ApiContext, opts: { publicMetrics: boolean; live: LiveHub }): void {
  const metrics = new AnalyzerMetrics(ctx, opts.live);
  app.get('/metrics', { config: { public: opts.publicMetrics }, schema: { hide: true } }, async (_req, reply) => reply.type(metrics.contentType).send(await metrics.render()));

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
