import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Exporter } from '@claude-errors/schemas';
import { collectorError, ErrorCodes } from './errors.js';
import { CollectorMetrics } from './metrics.js';
import { registerOtlpRoutes } from './receiver/otlp-http/routes.js';
import { encodeErrorAnswer, errorAnswer } from './receiver/otlp-http/status.js';

export interface CollectorAppOptions {
  exporter: Exporter;
  maxBodyBytes?: number | undefined;
  ingestToken?: string | undefined;
  /** How far in the future an event time may lie before it is set to the receive time (default 5 min). */
  maxClockSkewMs?: number | undefined;
  /** Worker threads decoding requests for the Kafka exporter (routes.ts, decode-pool.ts); 0 (default): on the event loop. */
  decodeThreads?: number | undefined;
  /** Requests waiting for a decode thread before the next is refused with 429. Default 64. */
  decodeQueue?: number | undefined;
  logger?: Logger | false;
}

/** Builds the collector's Fastify app: OTLP routes, health, readiness and metrics. Does not listen. */
export function buildCollectorApp(opts: CollectorAppOptions): { app: FastifyInstance; metrics: CollectorMetrics } {
  const maxBodyBytes = opts.maxBodyBytes ?? 16 * 1024 * 1024;
  // Per-request log lines are off: the hot path counts per batch and logs only failures.
  const logging = opts.logger ? { loggerInstance: opts.logger, logController: new LogController({ disableRequestLogging: true }) } : { logger: false };
  const app = Fastify({
    ...logging,
    bodyLimit: maxBodyBytes,
    // The router's own refusal of a path that does not decode is answered like every other error:
    // coded and in the request's encoding, not Fastify's default JSON body.
    frameworkErrors: (_err, req, reply) => answerError(collectorError('invalid', ErrorCodes.BAD_URL, 'the request path is not a valid URL path'), req, reply),
  }) as unknown as FastifyInstance;
  const metrics = new CollectorMetrics(opts.exporter);

  app.setErrorHandler((err: FastifyError, req, reply) => answerError(err, req, reply));
  function answerError(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): void {
    const answer = errorAnswer(err);
    const { statusCode, code, message, retryAfter } = answer;
    metrics.requestsRefused.inc({ code });
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
    if (statusCode >= 500) app.log.warn({ code, message }, 'ingest request failed');
    // In the request's encoding: a protobuf google.rpc.Status for protobuf requests (docs/collector.md).
    const { contentType, body } = encodeErrorAnswer(answer, req.headers['content-type']);
    void reply.code(statusCode).header('content-type', contentType).send(body);
  }

  registerOtlpRoutes(app, {
    exporter: opts.exporter,
    metrics,
    maxBodyBytes,
    ingestToken: opts.ingestToken,
    maxClockSkewMs: opts.maxClockSkewMs,
    decodeThreads: opts.decodeThreads,
    decodeQueue: opts.decodeQueue,
    onDecodeThreadLost: (reason) => {
      metrics.decodeThreadsReplaced.inc();
      app.log.warn({ code: ErrorCodes.DECODE_THREAD_LOST, reason }, 'decode thread stopped; replaced');
    },
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const ready = opts.exporter.ready();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', exporter: opts.exporter.name });
  });
  app.get('/metrics', async (_req, reply) => reply.type(metrics.contentType).send(await metrics.render()));
  return { app, metrics };
}
