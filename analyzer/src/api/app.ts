import { existsSync } from 'node:fs';
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { bearerMatches, isCeError, secretEquals } from '@claude-errors/schemas';
import { ErrorCodes } from '../errors.js';
import type { ApiContext } from './context.js';
import { registerRoutes } from './routes/index.js';

export interface AnalyzerAppOptions {
  /** Requires `Authorization: Bearer <token>` on /api/* (the live stream also takes ?access_token=). */
  apiToken?: string | undefined;
  /** Built dashboard to serve at `/` (dashboard/dist). */
  dashboardDir?: string | undefined;
  logger?: Logger | undefined;
}

/** Builds the analyzer's HTTP app: report API, OpenAPI document, live stream, dashboard files. */
export async function buildAnalyzerApp(ctx: ApiContext, opts: AnalyzerAppOptions = {}): Promise<FastifyInstance> {
  const logging = opts.logger ? { loggerInstance: opts.logger, logController: new LogController({ disableRequestLogging: true }) } : { logger: false };
  // Unknown query parameters are errors, not silently dropped: removeAdditional off.
  const ajv = { customOptions: { removeAdditional: false, coerceTypes: 'array' as const, useDefaults: true, allErrors: false } };
  const app = Fastify({ ...logging, ajv }) as unknown as FastifyInstance;

  const { default: swagger } = await import('@fastify/swagger');
  await app.register(swagger, {
    openapi: {
      info: { title: 'claude-errors analyzer API', version: '1', description: 'Reports over Claude API errors stored in DuckDB.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      ...(opts.apiToken ? { security: [{ bearer: [] }] } : {}),
    },
  });

  if (opts.apiToken !== undefined) {
    const token = opts.apiToken;
    app.addHook('onRequest', async (req) => {
      if (!req.url.startsWith('/api/')) return;
      const q = req.query as Record<string, unknown> | undefined;
      const ok = bearerMatches(req.headers.authorization, token) || (req.url.startsWith('/api/v1/live') && secretEquals(q?.access_token, token));
      if (!ok) throw Object.assign(new Error('missing or wrong bearer token'), { ceCode: ErrorCodes.UNAUTHORIZED, statusCode: 401 });
    });
  }

  app.setErrorHandler((err: FastifyError & { ceCode?: string }, _req, reply) => {
    const statusCode = isCeError(err) ? err.statusCode : (err.statusCode ?? 500);
    const code = isCeError(err) ? err.code : (err.ceCode ?? (err.validation ? ErrorCodes.BAD_PARAMETER : statusCode === 404 ? ErrorCodes.NOT_FOUND : ErrorCodes.INTERNAL));
    const message = err.validation ? `invalid ${err.validationContext ?? 'request'}: ${err.message}` : err.message;
    if (statusCode >= 500) app.log.error({ err }, 'API request failed');
    void reply.code(statusCode).send({ statusCode, code, error: statusCode >= 500 ? 'Internal Server Error' : 'Bad Request', message });
  });

  registerRoutes(app, ctx);
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  const dir = opts.dashboardDir;
  if (dir && existsSync(dir)) {
    const { default: staticPlugin } = await import('@fastify/static');
    await app.register(staticPlugin, { root: dir, prefix: '/', wildcard: false });
  } else {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/html').send('<!doctype html><title>claude-errors</title><p>The dashboard is not built. Run <code>npm run build</code>. The API is at <a href="/api/v1/summary">/api/v1/summary</a>.</p>'),
    );
  }
  return app;
}
