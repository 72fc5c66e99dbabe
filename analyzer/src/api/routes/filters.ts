import type { FastifyInstance } from 'fastify';
import type { ApiResponses } from '@claude-errors/schemas/api';
import { query } from '../../store/query.js';
import type { ApiContext } from '../context.js';
import { parseRange } from '../time-range.js';
import { routeSchema } from './report-route.js';

/** GET /api/v1/filters — the services, models and platforms seen in the range (for pickers). */
export function registerFilters(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { from?: string; to?: string }; Reply: ApiResponses['/api/v1/filters'] }>(
    '/api/v1/filters',
    {
      schema: routeSchema('/api/v1/filters', {
        summary: 'Values seen for the service, model and platform filters',
        querystring: { type: 'object', additionalProperties: false, properties: { from: { type: 'string' }, to: { type: 'string' } } },
      }),
    },
    async (req) => {
      const range = parseRange(req.query, ctx.now(), 30 * 86_400_000);
      const params = [BigInt(Math.floor(range.from)), BigInt(Math.ceil(range.to))];
      const distinct = async (col: string): Promise<string[]> =>
        (await query(ctx.reader, `SELECT DISTINCT ${col} AS v FROM records WHERE time >= epoch_ms($1::BIGINT) AND time < epoch_ms($2::BIGINT) AND ${col} IS NOT NULL ORDER BY 1 LIMIT 500`, params)).map((r) => String(r.v));
      return { services: await distinct('service'), models: await distinct('model'), platforms: await distinct('platform') };
    },
  );
}
