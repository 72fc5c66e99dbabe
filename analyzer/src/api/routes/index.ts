import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { registerAlerts } from './alerts.js';
import { registerCatalog } from './catalog.js';
import { registerErrors } from './errors.js';
import { registerFilters } from './filters.js';
import { registerFindings } from './findings.js';
import { registerHeadroom } from './headroom.js';
import { registerIncidents } from './incidents.js';
import { registerInfo } from './info.js';
import { registerLive, type LiveOptions } from './live.js';
import { registerOps } from './ops.js';
import { registerPatterns } from './patterns.js';
import { registerSummary } from './summary.js';
import { registerTrends } from './trends.js';

/** Every report route, one module each. */
export function registerRoutes(app: FastifyInstance, ctx: ApiContext, opts: { publicMetrics: boolean; live?: LiveOptions | undefined }): void {
  registerSummary(app, ctx);
  registerTrends(app, ctx);
  registerErrors(app, ctx);
  registerPatterns(app, ctx);
  registerCatalog(app, ctx);
  registerFilters(app, ctx);
  registerAlerts(app, ctx);
  registerFindings(app, ctx);
  registerHeadroom(app, ctx);
  registerIncidents(app, ctx);
  const live = registerLive(app, ctx, opts.live);
  registerOps(app, ctx, { publicMetrics: opts.publicMetrics, live });
  registerInfo(app, ctx);
}
