import type { FastifyInstance } from 'fastify';
import { incidentsIn } from '../../incidents/verdict.js';
import type { ApiContext } from '../context.js';

interface AlertWindow {
  starts_at?: unknown;
  ends_at?: unknown;
}

/**
 * Adds `incidents` to each alert: the provider incidents of the status feed that overlap the
 * alert's time (starts_at to ends_at, or now while it fires), so an alert says when it is theirs.
 */
async function withIncidents(ctx: ApiContext, alerts: unknown[]): Promise<unknown[]> {
  const rows = alerts as AlertWindow[];
  const spans = rows.map((a) => [Date.parse(String(a.starts_at)), a.ends_at ? Date.parse(String(a.ends_at)) : ctx.now()] as const);
  const valid = spans.filter(([f, t]) => Number.isFinite(f) && Number.isFinite(t));
  if (valid.length === 0) return alerts;
  const all = await incidentsIn(ctx.reader, { from: Math.min(...valid.map(([f]) => f)), to: Math.max(...valid.map(([, t]) => t)) + 1 });
  return rows.map((a, i) => {
    const [from, to] = spans[i]!;
    const incidents = all
      .filter((x) => Date.parse(x.from) <= to && (x.to === null || Date.parse(x.to) >= from))
      .map((x) => ({ id: x.id, name: x.name, impact: x.impact, status: x.status, url: x.url }));
    return { ...a, incidents };
  });
}

const anyList = { type: 'array', items: { type: 'object', additionalProperties: true } } as const;

/** GET /api/v1/alerts and /api/v1/rules — read from the rules engine (empty when none runs). */
export function registerAlerts(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { limit?: number } }>(
    '/api/v1/alerts',
    {
      schema: {
        summary: 'Active alerts and notification history',
        querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } } },
        response: { 200: { type: 'object', properties: { active: anyList, history: anyList } } },
      },
    },
    async (req) => {
      if (!ctx.rules) return { active: [], history: [] };
      const [active, history] = await Promise.all([ctx.rules.alerts({ active: true }), ctx.rules.alerts({ limit: req.query.limit ?? 100 })]);
      return { active: await withIncidents(ctx, active), history: await withIncidents(ctx, history) };
    },
  );
  app.get(
    '/api/v1/rules',
    { schema: { summary: 'Loaded alert rules and their current state per group', response: { 200: { type: 'object', properties: { rules: anyList } } } } },
    async () => ({ rules: ctx.rules ? ctx.rules.rules() : [] }),
  );
}
