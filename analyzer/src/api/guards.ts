import { isIP } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerMatches, secretEquals, type CeError } from '@claude-errors/schemas';
import { analyzerError, ErrorCodes } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answers without the API token (health, readiness, the dashboard's static files). */
    public?: boolean;
    /** Also takes the token as `?access_token=` (the live stream, for EventSource clients). */
    queryToken?: boolean;
  }
}

/**
 * Sent on every analyzer response. The dashboard loads only its own files (no inline script or
 * style), talks only to its own origin, and may not be framed.
 */
export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
} as const;

export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (_req, reply) => {
    void reply.headers(SECURITY_HEADERS);
  });
}

/**
 * Deny by default: every route needs `Authorization: Bearer <token>` unless the route that
 * matched is marked `config.public`. Decided on the matched route, never on the raw URL, so a
 * percent-encoded or otherwise respelled path (`/%61pi/v1/errors`) cannot slip past; requests
 * that match no route need the token too (their 404 and 405 answers name no route to a stranger).
 */
export function requireToken(app: FastifyInstance, token: string): void {
  app.addHook('onRequest', async (req) => {
    const route = req.routeOptions.config;
    if (route.public === true || bearerMatches(req.headers.authorization, token)) return;
    if (route.queryToken === true && secretEquals((req.query as Record<string, unknown> | undefined)?.access_token, token)) return;
    throw analyzerError('unauthorized', ErrorCodes.UNAUTHORIZED, 'missing or wrong bearer token');
  });
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** True for an address or name that only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || (isIP(h) === 4 && h.startsWith('127.'));
}

/** `Host` header → lower-case name (IPv6 in brackets) and port (undefined when absent). */
function parseHostHeader(value: string): { name: string; port: number | undefined } | null {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!m) return null;
  return { name: m[1]!.toLowerCase(), port: m[2] === undefined ? undefined : Number(m[2]) };
}

/**
 * DNS-rebinding guard for an analyzer on loopback without a token: a page from another site whose
 * name is made to resolve to 127.0.0.1 sends its own name as Host, so only the bound address,
 * localhost, 127.0.0.1 and [::1] (plus `extraHosts`) are answered, and once listening only with
 * the port the server listens on.
 */
export function checkHost(app: FastifyInstance, boundHost: string, extraHosts: readonly string[]): void {
  const bound = isIP(boundHost) === 6 ? `[${boundHost}]` : boundHost;
  const allowed = new Set([...LOOPBACK_NAMES, bound, ...extraHosts].map((h) => h.toLowerCase()));
  app.addHook('onRequest', async (req) => {
    const host = parseHostHeader(req.headers.host ?? '');
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : undefined;
    const portOk = port === undefined || host?.port === port || (host?.port === undefined && port === 80);
    if (!host || !allowed.has(host.name) || !portOk) {
      throw analyzerError('forbidden', ErrorCodes.HOST_NOT_ALLOWED, 'the Host header names no address this analyzer answers to (see --allowed-hosts)');
    }
  });
}

interface KnownRoute {
  path: RegExp;
  methods: Set<string>;
}

/**
 * 404 for paths no route serves, 405 with `Allow` for a known path asked with another method.
 * Decided in onRequest, before any body is read (a body method such as QUERY or POST to a GET
 * route would otherwise fail on its missing Content-Type first). Route paths are collected as
 * they are registered: call before registering routes, and after the token hook.
 */
export function notFoundOrMethodNotAllowed(app: FastifyInstance): void {
  const known: KnownRoute[] = [];
  app.addHook('onRoute', (route) => {
    const pattern = route.url.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z0-9_]+/g, '[^/]+').replace(/\*/g, '.*');
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    known.push({ path: new RegExp(`^${pattern}$`), methods: new Set(methods.map((m) => m.toUpperCase())) });
  });
  const notFound = (req: FastifyRequest, reply: FastifyReply): CeError => {
    const path = decodePath(req.url.split('?')[0] ?? '');
    const allow = [...new Set(known.filter((r) => r.path.test(path)).flatMap((r) => [...r.methods]))].sort();
    if (allow.length === 0 || allow.includes(req.method)) return analyzerError('not_found', ErrorCodes.NOT_FOUND, 'no such route');
    void reply.header('allow', allow.join(', '));
    return analyzerError('method_not_allowed', ErrorCodes.METHOD_NOT_ALLOWED, `${req.method} is not allowed here (allowed: ${allow.join(', ')})`);
  };
  app.addHook('onRequest', async (req, reply) => {
    if (req.is404) throw notFound(req, reply);
  });
  app.setNotFoundHandler(async (req, reply) => {
    throw notFound(req, reply);
  });
}

function decodePath(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}
