import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerMatches, type Exporter } from '@claude-errors/schemas';
import { collectorError, ErrorCodes, kindOfStatus } from '../../errors.js';
import type { CollectorMetrics } from '../../metrics.js';
import { mapResourceLogs } from '../../processor/map/map-logs.js';
import { mapResourceSpans } from '../../processor/map/map-spans.js';
import { describeChecks, type CheckCounts, type MapOptions } from '../../processor/map/checks.js';
import { redactRecord } from '../../processor/redact/redact.js';
import { decodeBody, encodingOf, type Encoding } from './body.js';
import { decodeLogsJson, decodeTracesJson, parseJsonBody } from './decode-json.js';
import { decodeLogsProtobuf, decodeTracesProtobuf, encodePartialSuccessProtobuf } from './decode-protobuf.js';
import { errorAnswer, JSON_CONTENT_TYPE, PROTOBUF_CONTENT_TYPE } from './status.js';

export interface OtlpRouteOptions {
  exporter: Exporter;
  metrics: CollectorMetrics;
  maxBodyBytes: number;
  ingestToken?: string | undefined;
  /** How far in the future an event time may lie before it is set to the receive time (default 5 min). */
  maxClockSkewMs?: number | undefined;
}

const OTLP_PATHS = new Set(['/v1/traces', '/v1/logs']);

/**
 * OTLP/HTTP: POST /v1/traces and /v1/logs, protobuf or JSON, optionally compressed (body.ts).
 * The handler only decodes, maps, redacts and hands off; it answers 200 only after the exporter
 * has durably accepted the records (Kafka ack, or DuckDB commit in embedded mode).
 */
export function registerOtlpRoutes(app: FastifyInstance, opts: OtlpRouteOptions): void {
  // OTLP bodies are decoded by hand: take every content type as a raw buffer, then check it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: opts.maxBodyBytes }, (_req, body, done) => done(null, body));

  // The token is checked in onRequest, before a byte of the body is read: unauthenticated uploads
  // cost no memory (40 concurrent 15 MB ones had raised it from 121 to 806 MB).
  const route = { onRequest: requireIngestToken(opts.ingestToken) };
  app.post('/v1/traces', route, (req, reply) =>
    handle(req, reply, opts, async (enc, body) => {
      const batch = enc === 'protobuf' ? decodeTracesProtobuf(body) : decodeTracesJson(parseJsonBody(body.toString('utf8')));
      const mapped = mapResourceSpans(batch, mapOptions(opts));
      const total = batch.reduce((n, rs) => rs.scopeSpans.reduce((m, ss) => m + ss.spans.length, n), 0);
      return { records: mapped.records, total, rejected: mapped.rejected, ignored: mapped.ignored, message: mapped.rejectReasons.join('; '), unit: 'spans', checks: mapped.checks };
    }),
  );
  app.post('/v1/logs', route, (req, reply) =>
    handle(req, reply, opts, async (enc, body) => {
      const batch = enc === 'protobuf' ? decodeLogsProtobuf(body) : decodeLogsJson(parseJsonBody(body.toString('utf8')));
      const mapped = mapResourceLogs(batch, mapOptions(opts));
      const total = batch.reduce((n, rl) => rl.scopeLogs.reduce((m, sl) => m + sl.logRecords.length, n), 0);
      return { records: mapped.records, total, rejected: 0, ignored: mapped.ignored, message: '', unit: 'log_records', checks: mapped.checks };
    }),
  );

  // Any other path or method gets a coded answer in the request's encoding too: 405 with Allow for
  // an OTLP path asked with another method (as otlpreceiver answers), else 404 (e.g. /v1/metrics).
  app.setNotFoundHandler(async (req, reply) => {
    if (OTLP_PATHS.has(req.url.split('?')[0]!)) {
      void reply.header('allow', 'POST');
      throw collectorError('method_not_allowed', ErrorCodes.METHOD_NOT_ALLOWED, `${req.method} is not allowed here (allowed: POST)`);
    }
    throw collectorError('not_found', ErrorCodes.NOT_FOUND, 'no such route: this collector takes OTLP traces and logs (POST /v1/traces, POST /v1/logs)');
  });
}

function requireIngestToken(token: string | undefined): (req: FastifyRequest) => Promise<void> {
  return async (req) => {
    if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
      throw collectorError('unauthorized', ErrorCodes.UNAUTHORIZED, 'missing or wrong bearer token for ingest');
    }
  };
}

interface Decoded {
  records: import('@claude-errors/schemas').ErrorRecord[];
  /** Spans or log records in the request. */
  total: number;
  rejected: number;
  ignored: number;
  message: string;
  unit: 'spans' | 'log_records';
  checks: CheckCounts;
}

/** The request's receive time (now) and the allowed clock skew, for the mappers' time checks. */
function mapOptions(opts: OtlpRouteOptions): MapOptions {
  return opts.maxClockSkewMs === undefined ? { receivedAtMs: Date.now() } : { receivedAtMs: Date.now(), maxClockSkewMs: opts.maxClockSkewMs };
}

/** Counts what the range checks changed; the partial-success message says it to the sender too. */
function countChecks(m: CollectorMetrics, checks: CheckCounts): void {
  for (const [field, n] of Object.entries(checks.dropped)) m.droppedValues.inc({ field }, n ?? 0);
  for (const [reason, n] of Object.entries(checks.timesAdjusted)) if (n > 0) m.adjustedTimes.inc({ reason }, n);
}

async function handle(
  req: FastifyRequest,
  reply: FastifyReply,
  opts: OtlpRouteOptions,
  decode: (enc: Encoding, body: Buffer) => Promise<Decoded>,
): Promise<FastifyReply> {
  const m = opts.metrics;
  const enc = encodingOf(req.headers['content-type']);
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const body = await decodeBody(raw, req.headers['content-encoding'] as string | undefined, opts.maxBodyBytes);
  const decoded = await decode(enc, body);
  for (const r of decoded.records) redactRecord(r);
  // Neither the body nor the records are needed once handed off: without a reference from the
  // request or from `decoded`, they are garbage while the exporter waits for the broker (the Kafka
  // exporter keeps the records' encoded bytes only), instead of being kept by every request in flight.
  req.body = undefined;
  const accepted = decoded.records.length;
  const records = decoded.records;
  decoded.records = [];
  try {
    await opts.exporter.consume(records);
  } catch (err) {
    // The whole decoded request is refused (the sender resends it): each of its spans or log
    // records is counted as refused, by the kind of the error, as otlpreceiver counts them.
    m.refused[decoded.unit].inc({ reason: kindOfStatus(errorAnswer(err).statusCode) }, decoded.total);
    throw err;
  }
  m.acceptedRecords.inc(accepted);
  m.ignored[decoded.unit].inc(decoded.ignored);
  m.refused[decoded.unit].inc({ reason: 'invalid' }, decoded.rejected);
  countChecks(m, decoded.checks);
  const message = [decoded.message, describeChecks(decoded.checks)].filter((m) => m !== '').join('; ');
  return respond(reply, enc, decoded.rejected, message, decoded.unit);
}

/**
 * The export response in the request's encoding. Sent as bytes so that Fastify adds no charset: the
 * Collector's otlphttp exporter reads a partial success only when Content-Type is exactly
 * `application/json` or `application/x-protobuf`.
 */
function respond(reply: FastifyReply, enc: Encoding, rejected: number, message: string, unit: Decoded['unit']): FastifyReply {
  if (enc === 'protobuf') {
    return reply.code(200).header('content-type', PROTOBUF_CONTENT_TYPE).send(Buffer.from(encodePartialSuccessProtobuf(rejected, message)));
  }
  const key = unit === 'spans' ? 'rejectedSpans' : 'rejectedLogRecords';
  const body = rejected > 0 || message ? { partialSuccess: { [key]: String(rejected), errorMessage: message } } : {};
  return reply.code(200).header('content-type', JSON_CONTENT_TYPE).send(Buffer.from(JSON.stringify(body)));
}
