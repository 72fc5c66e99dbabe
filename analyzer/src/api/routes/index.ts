import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { registerSummary } from './summary.js';

/** Every report route, one module each. */
export function registerRoutes(app: FastifyInstance, ctx: ApiContext): void {
  registerSummary(app, ctx);
}
