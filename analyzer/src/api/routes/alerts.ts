import type { FastifyInstance } from 'fastify';
import type { Alert, ApiResponses } from '@claude-errors/schemas/api';
import { incidentsIn } from '../../incidents/verdict.js';
import type { ApiContext } from '../context.js';
import { routeSchema } from './report-route.js';

/**
 * Adds `incidents` to each alert: the provider incidents of the status feed that overlap the
 * alert's time (starts_at to ends_at, or now while it fires), so an alert says when it is theirs.
 */
async function withIncidents(ctx: ApiContext, alerts: Omit<Alert, 'incidents'>[]): Promise<Alert[]> {
  const spans = alerts.map((a) => [Date.parse(a.starts_at), a.ends_at ? Date.parse(a.ends_at) : ctx.now()] as const);
  const valid = spans.filter(([f, t]) => Number.isFinite(f) && Number.isFinite(t));
  const all = valid.length === 0 ? [] : await incidentsIn(ctx.reader, { from: Math.min(...valid.map(([f]) => f)), to: Math.max(...valid.map(([, t]) => t)) + 1 });
  return alerts.map((a, i) => {
    const [from, to] = spans[i]!;
    const incidents = all
      .filter((x) => Date.parse(x.from) <= to && (x.to === null || Date.parse(x.to) >= from))
      .map((x) => ({ id: x.id, name: x.name, impact: x.impact, status: x.status, url: x.url }));
    return { ...a, incidents };
  });
}

/** GET /api/v1/alerts and /api/v1/rules — read from the rules engine (empty when none runs). */
export function registerAlerts(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { limit?: number }; Reply: ApiResponses['/api/v1/alerts'] }>(
    '/api/v1/alerts',
    {
      schema: routeSchema('/api/v1/alerts', {
        summary: 'Active alerts and notification history',
        querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } } },
      }),
    },
    async (req) => {
      if (!ctx.rules) return { active: [], history: [] };
      const [active, history] = await Promise.all([ctx.rules.alerts({ active: true }), ctx.rules.alerts({ limit: req.query.limit ?? 100 })]);
      return { active: await withIncidents(ctx, active), history: await withIncidents(ctx, history) };
    },
  );
  app.get<{ Reply: ApiResponses['/api/v1/rules'] }>(
    '/api/v1/rules',
    { schema: routeSchema('/api/v1/rules', { summary: 'Loaded alert rules and their current state per group' }) },
    async () => ({ rules: ctx.rules ? ctx.rules.rules() : [] }),
  );
}
