import type { FastifyInstance } from 'fastify';
import { incidentsIn, verdictFor } from '../../incidents/verdict.js';
import type { ApiContext } from '../context.js';
import { FILTER_QUERY_PROPERTIES, Where } from '../record-filter.js';
import { parseRange } from '../time-range.js';

export const incidentSchema = {
  type: 'object',
  required: ['id', 'name', 'status', 'impact', 'from', 'to'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    status: { type: 'string', description: 'investigating, identified, monitoring, resolved, postmortem' },
    impact: { type: 'string', description: 'none, minor, major, critical' },
    from: { type: 'string', format: 'date-time' },
    to: { type: ['string', 'null'], format: 'date-time', description: 'null while unresolved' },
    components: { type: 'array', items: { type: 'string' } },
    url: { type: ['string', 'null'] },
  },
} as const;

/** GET /api/v1/incidents — provider incidents overlapping the window, and the "us or them" verdict. */
export function registerIncidents(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { from?: string; to?: string; service?: string; model?: string; platform?: string } }>(
    '/api/v1/incidents',
    {
      schema: {
        summary: 'Provider incidents from the status feed that overlap the window, and whether its failures look like ours or theirs',
        querystring: { type: 'object', additionalProperties: false, properties: FILTER_QUERY_PROPERTIES },
        response: {
          200: {
            type: 'object',
            required: ['from', 'to', 'incidents', 'verdict'],
            properties: {
              from: { type: 'string', format: 'date-time' },
              to: { type: 'string', format: 'date-time' },
              incidents: { type: 'array', items: incidentSchema },
              verdict: {
                type: 'object',
                required: ['verdict', 'reasons', 'services', 'failing_services', 'healthy_services'],
                properties: {
                  verdict: { type: 'string', enum: ['none', 'us', 'them', 'unclear'] },
                  reasons: { type: 'array', items: { type: 'string' } },
                  services: { type: 'integer' },
                  failing_services: { type: 'array', items: { type: 'string' } },
                  healthy_services: { type: 'array', items: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    },
    async (req) => {
      const range = parseRange(req.query, ctx.now());
      const incidents = await incidentsIn(ctx.reader, range);
      const verdict = await verdictFor(ctx.reader, new Where(range, req.query), incidents);
      return { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString(), incidents, verdict };
    },
  );
}
