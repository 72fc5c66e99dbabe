import type { FastifyInstance } from 'fastify';

/** Every error the API answers: `{ statusCode, code, error, message }` (docs/errors.md lists the codes). */
export const errorBodySchema = {
  type: 'object',
  required: ['statusCode', 'code', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string', pattern: '^CE_ERR_[A-Z0-9_]+$' },
    error: { type: 'string' },
    message: { type: 'string' },
  },
} as const;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'A query or path parameter is invalid (CE_ERR_BAD_PARAMETER names it).',
  401: 'Missing or wrong bearer token (CE_ERR_UNAUTHORIZED).',
  403: 'The Host header names no address this analyzer answers to (CE_ERR_HOST_NOT_ALLOWED).',
  404: 'No such call (CE_ERR_NOT_FOUND).',
  500: 'Unexpected failure; details are in the analyzer log only (CE_ERR_INTERNAL).',
};

/**
 * Declares, on every documented route, each error status it can answer with the error body
 * schema: 400 when it takes parameters, 401 with a token, 403 with the host check, 404 when it
 * looks a thing up by path, and 500. Call before registering the routes. A status a route
 * declares itself is left alone.
 */
export function declareErrorResponses(app: FastifyInstance, opts: { token: boolean; hostCheck: boolean }): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as (Record<string, unknown> & { hide?: boolean; response?: Record<string, unknown> }) | undefined;
    if (!schema || schema.hide) return;
    const statuses = [
      ...(schema.querystring || schema.params ? [400] : []),
      ...(opts.token && !route.config?.public ? [401] : []),
      ...(opts.hostCheck ? [403] : []),
      ...(schema.params ? [404] : []),
      500,
    ];
    const response = { ...(schema.response ?? {}) };
    for (const status of statuses) response[status] ??= { description: ERROR_DESCRIPTIONS[status], ...errorBodySchema };
    route.schema = { ...schema, response };
  });
}
