import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerMatches, CeError, type Exporter } from '@claude-errors/schemas';
import { ErrorCodes } from '../../errors.js';
import type { Counters } from '../../metrics.js';
import { mapResourceLogs } from '../../processor/map/map-logs.js';
import { mapResourceSpans } from '../../processor/map/map-spans.js';
import { describeChecks, type CheckCounts, type MapOptions } from '../../processor/map/checks.js';
import { redactRecord } from '../../processor/redact/redact.js';
import { decodeBody, encodingOf, type Encoding } from './body.js';
import { decodeLogsJson, decodeTracesJson, parseJsonBody } from './decode-json.js';
import { decodeLogsProtobuf, decodeTracesProtobuf, encodePartialSuccessProtobuf } from './decode-protobuf.js';
import { JSON_CONTENT_TYPE, PROTOBUF_CONTENT_TYPE } from './status.js';

export interface OtlpRouteOptions {
  exporter: Exporter;
  counters: Counters;
  maxBodyBytes: number;
  ingestToken?: string | undefined;
  /** How far in the future an event time may lie before it is set to the receive time (default 5 min). */
  maxClockSkewMs?: number | undefined;
}

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
      return { records: mapped.records, rejected: mapped.rejected, ignored: mapped.ignored, message: mapped.rejectReasons.join('; '), unit: 'spans', checks: mapped.checks };
    }),
  );
  app.post('/v1/logs', route, (req, reply) =>
    handle(req, reply, opts, async (enc, body) => {
      const batch = enc === 'protobuf' ? decodeLogsProtobuf(body) : decodeLogsJson(parseJsonBody(body.toString('utf8')));
      const mapped = mapResourceLogs(batch, mapOptions(opts));
      return { records: mapped.records, rejected: 0, ignored: mapped.ignored, message: '', unit: 'log_records', checks: mapped.checks };
    }),
  );
}

function requireIngestToken(token: string | undefined): (req: FastifyRequest) => Promise<void> {
  return async (req) => {
    if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
      throw new CeError(ErrorCodes.UNAUTHORIZED, 'missing or wrong bearer token for ingest', { statusCode: 401 });
    }
  };
}

interface Decoded {
  records: import('@claude-errors/schemas').ErrorRecord[];
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
function countChecks(c: Counters, checks: CheckCounts): void {
  for (const [field, n] of Object.entries(checks.dropped)) c.add('receiver_dropped_values_total', n ?? 0, { field });
  for (const [reason, n] of Object.entries(checks.timesAdjusted)) if (n > 0) c.add('receiver_adjusted_times_total', n, { reason });
}

async function handle(
  req: FastifyRequest,
  reply: FastifyReply,
  opts: OtlpRouteOptions,
  decode: (enc: Encoding, body: Buffer) => Promise<Decoded>,
): Promise<FastifyReply> {
  const c = opts.counters;
  const enc = encodingOf(req.headers['content-type']);
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const body = await decodeBody(raw, req.headers['content-encoding'] as string | undefined, opts.maxBodyBytes);
  const decoded = await decode(enc, body);
  for (const r of decoded.records) redactRecord(r);
  await opts.exporter.consume(decoded.records);
  c.add('receiver_accepted_records_total', decoded.records.length);
  c.add(`receiver_ignored_${decoded.unit}_total`, decoded.ignored);
  c.add(`receiver_refused_${decoded.unit}_total`, decoded.rejected, { reason: 'invalid' });
  countChecks(c, decoded.checks);
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
