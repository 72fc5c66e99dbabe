import { existsSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { isCeError } from '@claude-errors/schemas';
import { analyzerError, ErrorCodes, HTTP_STATUS, kindOfStatus, type ErrorKind } from '../errors.js';
import type { ApiContext } from './context.js';
import { addSecurityHeaders, checkHost, isLoopback, notFoundOrMethodNotAllowed, requireToken } from './guards.js';
import { declareErrorResponses } from './openapi.js';
import type { LiveOptions } from './routes/live.js';
import { registerRoutes } from './routes/index.js';

export interface AnalyzerAppOptions {
  /**
   * Requires `Authorization: Bearer <token>` on every route not marked public (health, readiness,
   * the dashboard's files, and /metrics with `publicMetrics`); the live stream also takes ?access_token=.
   */
  apiToken?: string | undefined;
  /** With `apiToken`: serve GET /metrics without it (counts only, never record content). Default false. */
  publicMetrics?: boolean | undefined;
  /** The address the server is bound to (default 127.0.0.1). On loopback without a token, Host headers are checked. */
  host?: string | undefined;
  /** More Host names the loopback host check accepts (e.g. a name in /etc/hosts). */
  allowedHosts?: readonly string[] | undefined;
  /** Built dashboard to serve at `/` (dashboard/dist). */
  dashboardDir?: string | undefined;
  live?: LiveOptions | undefined;
  logger?: Logger | undefined;
}

/** Builds the analyzer's HTTP app: report API, OpenAPI document, live stream, dashboard files. */
export async function buildAnalyzerApp(ctx: ApiContext, opts: AnalyzerAppOptions = {}): Promise<FastifyInstance> {
  const logging = opts.logger ? { loggerInstance: opts.logger, logController: new LogController({ disableRequestLogging: true }) } : { logger: false };
  // Unknown query parameters are errors, not silently dropped: removeAdditional off.
  const ajv = { customOptions: { removeAdditional: false, coerceTypes: 'array' as const, useDefaults: true, allErrors: false } };
  // The router's own refusals (a path that does not decode, a path parameter over 100 characters)
  // are answered as a coded, documented 400 in the API's error body, not Fastify's default body
  // with an undocumented 414.
  const app = Fastify({
    ...logging,
    ajv,
    frameworkErrors: (err, _req, reply) => {
      const what = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path parameter is longer than 100 characters' : 'the request path is not a valid URL path';
      void (reply as unknown as { send(e: Error): unknown }).send(analyzerError('invalid', ErrorCodes.BAD_PARAMETER, what));
    },
  }) as unknown as FastifyInstance;
  const hostCheck = opts.apiToken === undefined && isLoopback(opts.host ?? '127.0.0.1');

  const { default: swagger } = await import('@fastify/swagger');
  await app.register(swagger, {
    openapi: {
      info: { title: 'claude-errors analyzer API', version: '1', description: 'Reports over Claude API errors stored in DuckDB.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      ...(opts.apiToken ? { security: [{ bearer: [] }] } : {}),
    },
  });

  // Hook order: headers first (so even refusals carry them), then the host check, then the token.
  addSecurityHeaders(app);
  if (hostCheck) checkHost(app, opts.host ?? '127.0.0.1', opts.allowedHosts ?? []);
  if (opts.apiToken !== undefined) requireToken(app, opts.apiToken);
  declareErrorResponses(app, { token: opts.apiToken !== undefined, hostCheck });
  notFoundOrMethodNotAllowed(app);
  app.setErrorHandler((err: FastifyError, req, reply) => {
    // A coded error's status was set from its kind where it was raised; Fastify's own (a query
    // that breaks its schema, a malformed request) are coded by the kind of their status.
    const kind = kindOfStatus(isCeError(err) ? err.statusCode : (err.statusCode ?? 500));
    const statusCode = HTTP_STATUS[kind];
    // A 500 answers with a generic message: SQL and internals go to the log only.
    if (statusCode >= 500) req.log.error({ err, reqId: req.id }, 'API request failed');
    const code = isCeError(err) ? err.code : statusCode >= 500 ? ErrorCodes.INTERNAL : (CODE_OF_KIND[kind] ?? ErrorCodes.BAD_PARAMETER);
    const message = statusCode >= 500 ? `internal error (request ${req.id}; the analyzer log has the details)` : err.validation ? validationMessage(err) : err.message;
    void reply.code(statusCode).type('application/json').send({ statusCode, code, error: STATUS_CODES[statusCode] ?? 'Error', message });
  });

  registerRoutes(app, ctx, { publicMetrics: opts.publicMetrics === true, live: opts.live });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));

  const dir = opts.dashboardDir;
  if (dir && existsSync(dir)) {
    const { default: staticPlugin } = await import('@fastify/static');
    await app.register(async (files) => {
      // The page's own files are public: the data it shows comes from /api with the token.
      files.addHook('onRoute', (route) => void (route.config = { ...route.config, public: true }));
      // Source maps are never served, even from an old build that still has them.
      await files.register(staticPlugin, { root: dir, prefix: '/', wildcard: false, allowedPath: (path) => !path.endsWith('.map') });
    });
  } else {
    app.get('/', { config: { public: true }, schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/html').send('<!doctype html><title>claude-errors</title><p>The dashboard is not built. Run <code>npm run build</code>. The API is at <a href="/api/v1/summary">/api/v1/summary</a>.</p>'),
    );
  }
  return app;
}

/** The code of an error Fastify raised itself, by its kind (any other 4xx is a bad parameter). */
const CODE_OF_KIND: Partial<Record<ErrorKind, string>> = {
  unauthorized: ErrorCodes.UNAUTHORIZED,
  not_found: ErrorCodes.NOT_FOUND,
  method_not_allowed: ErrorCodes.METHOD_NOT_ALLOWED,
};

/** A schema refusal as `parameter '<name>': <why>`, the shape every other 400 of the API has. */
function validationMessage(err: FastifyError): string {
  const first = err.validation?.[0];
  const extra = first?.params?.['additionalProperty'];
  const name = typeof extra === 'string' ? extra : (first?.instancePath.split('/')[1] ?? '');
  if (!first || !name) return `invalid ${err.validationContext ?? 'request'}: ${err.message}`;
  return `parameter '${name}': ${typeof extra === 'string' ? 'is not a parameter of this route' : (first.message ?? 'is invalid')}`;
}
