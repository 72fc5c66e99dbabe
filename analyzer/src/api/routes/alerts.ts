import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';

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
      return { active, history };
    },
  );
  app.get(
    '/api/v1/rules',
    { schema: { summary: 'Loaded alert rules and their current state per group', response: { 200: { type: 'object', properties: { rules: anyList } } } } },
    async () => ({ rules: ctx.rules ? ctx.rules.rules() : [] }),
  );
}
