import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { isCeError, type Exporter } from '@claude-errors/schemas';
import { ErrorCodes } from './errors.js';
import { Counters } from './metrics.js';
import { registerOtlpRoutes } from './receiver/otlp-http/routes.js';
import { encodeErrorAnswer, type ErrorAnswer } from './receiver/otlp-http/status.js';

export interface CollectorAppOptions {
  exporter: Exporter;
  maxBodyBytes?: number | undefined;
  ingestToken?: string | undefined;
  /** How far in the future an event time may lie before it is set to the receive time (default 5 min). */
  maxClockSkewMs?: number | undefined;
  logger?: Logger | false;
}

export const COLLECTOR_COUNTERS = {
  receiver_accepted_records_total: 'Records accepted and durably handed to the exporter.',
  receiver_ignored_spans_total: 'Spans that are not Claude API calls (ignored, not errors).',
  receiver_refused_spans_total: 'Spans refused: invalid (partial success) or the whole request refused.',
  receiver_ignored_log_records_total: 'Log records without a Claude API error.',
  receiver_refused_log_records_total: 'Log records refused.',
  receiver_requests_refused_total: 'Requests answered with an error, by code.',
  receiver_dropped_values_total: 'Numbers outside their column range, dropped from the record (by record field).',
  receiver_adjusted_times_total: 'Event times set to the receive time: beyond the allowed clock skew in the future, or invalid (by reason).',
};

/** Builds the collector's Fastify app: OTLP routes, health, readiness and metrics. Does not listen. */
export function buildCollectorApp(opts: CollectorAppOptions): { app: FastifyInstance; counters: Counters } {
  const maxBodyBytes = opts.maxBodyBytes ?? 16 * 1024 * 1024;
  // Per-request log lines are off: the hot path counts per batch and logs only failures.
  const logging = opts.logger ? { loggerInstance: opts.logger, logController: new LogController({ disableRequestLogging: true }) } : { logger: false };
  const app = Fastify({ ...logging, bodyLimit: maxBodyBytes }) as unknown as FastifyInstance;
  const counters = new Counters(COLLECTOR_COUNTERS);

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const answer = describeError(err);
    const { statusCode, code, message, retryAfter } = answer;
    counters.add('receiver_requests_refused_total', 1, { code });
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
    if (statusCode >= 500) app.log.warn({ code, message }, 'ingest request failed');
    // In the request's encoding: a protobuf google.rpc.Status for protobuf requests (docs/collector.md).
    const { contentType, body } = encodeErrorAnswer(answer, req.headers['content-type']);
    void reply.code(statusCode).header('content-type', contentType).send(body);
  });

  registerOtlpRoutes(app, { exporter: opts.exporter, counters, maxBodyBytes, ingestToken: opts.ingestToken, maxClockSkewMs: opts.maxClockSkewMs });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const ready = opts.exporter.ready();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', exporter: opts.exporter.name });
  });
  app.get('/metrics', async (_req, reply) => {
    const gauges: Record<string, number> = {};
    const q = opts.exporter as unknown as { queuedRecords?: number };
    if (typeof q.queuedRecords === 'number') gauges.exporter_queue_depth_records = q.queuedRecords;
    return reply.type('text/plain; version=0.0.4').send(counters.render(gauges) + exporterMetrics(opts.exporter));
  });
  return { app, counters };
}

const TOTALS = /^(sent|failed|refused|split|replaced)[A-Z]/;

/** The exporter's own stats (Kafka: records, messages and requests sent, pending, in flight). */
function exporterMetrics(exporter: Exporter): string {
  const stats = exporter.stats?.() ?? {};
  const lines: string[] = [];
  for (const [key, value] of Object.entries(stats)) {
    const snake = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const total = typeof value === 'number' && TOTALS.test(key);
    const name = `exporter_${snake}${total ? '_total' : ''}`;
    lines.push(`# TYPE ${name} ${total ? 'counter' : 'gauge'}`, `${name} ${typeof value === 'boolean' ? Number(value) : value}`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

function describeError(err: FastifyError): ErrorAnswer {
  if (isCeError(err)) {
    return { statusCode: err.statusCode, code: err.code, message: err.message, ...(err.retryAfterSeconds !== undefined ? { retryAfter: err.retryAfterSeconds } : {}) };
  }
  // Fastify's own 4xx (body over bodyLimit, a bad Content-Length, …): coded by their status.
  if (err.statusCode && err.statusCode < 500) return { statusCode: err.statusCode, code: CLIENT_ERROR_CODES[err.statusCode] ?? ErrorCodes.OTLP_DECODE, message: err.message };
  return { statusCode: 503, code: ErrorCodes.EXPORT_FAILED, message: `could not hand off the batch: ${err.message}`, retryAfter: 5 };
}

const CLIENT_ERROR_CODES: Record<number, string> = {
  401: ErrorCodes.UNAUTHORIZED,
  413: ErrorCodes.BODY_TOO_LARGE,
  415: ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
};
