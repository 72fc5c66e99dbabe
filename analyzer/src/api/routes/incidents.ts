import type { FastifyInstance } from 'fastify';
import { incidentsIn, verdictFor } from '../../incidents/verdict.js';
import type { ApiContext } from '../context.js';
import { Where } from '../record-filter.js';
import { getReport } from './report-route.js';

/** GET /api/v1/incidents — provider incidents overlapping the window, and the "us or them" verdict. */
export function registerIncidents(app: FastifyInstance, ctx: ApiContext): void {
  getReport(
    app,
    ctx,
    '/api/v1/incidents',
    { summary: 'Provider incidents from the status feed that overlap the window, and whether its failures look like ours or theirs' },
    async (q, range) => {
      const incidents = await incidentsIn(ctx.reader, range);
      const verdict = await verdictFor(ctx.reader, new Where(range, q), incidents);
      return { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString(), incidents, verdict };
    },
  );
}
