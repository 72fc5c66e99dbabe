import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerMatches, type Exporter } from '@claude-errors/schemas';
import { collectorError, ErrorCodes, kindOfStatus } from '../../errors.js';
import type { CollectorMetrics } from '../../metrics.js';
import { takesEncoded, type EncodedConsumer } from '../../exporter/encoded.js';
import type { EncodedRecords } from '../../exporter/kafka/messages.js';
import { describeChecks, type CheckCounts, type MapOptions } from '../../processor/map/checks.js';
import { encodingOf, type Encoding } from './body.js';
import { DecodePool } from './decode-pool.js';
import { encodePartialSuccessProtobuf } from './decode-protobuf.js';
import { decodeRequest, type DecodeSummary, type Signal } from './decode-request.js';
import { errorAnswer, JSON_CONTENT_TYPE, PROTOBUF_CONTENT_TYPE } from './status.js';

export interface OtlpRouteOptions {
  exporter: Exporter;
  metrics: CollectorMetrics;
  maxBodyBytes: number;
  ingestToken?: string | undefined;
  /** How far in the future an event time may lie before it is set to the receive time (default 5 min). */
  maxClockSkewMs?: number | undefined;
  /**
   * Worker threads that decompress, decode, map, redact and encode requests off the event loop
   * (decode-pool.ts), for an exporter that takes encoded records (the Kafka exporter); 0 (default)
   * or another exporter: all on the event loop.
   */
  decodeThreads?: number | undefined;
  /** Requests waiting for a decode thread before the next is refused with 429. Default 64. */
  decodeQueue?: number | undefined;
  /** Logs a decode thread that died and was replaced. */
  onDecodeThreadLost?: ((reason: string) => void) | undefined;
}

const OTLP_PATHS = new Set(['/v1/traces', '/v1/logs']);
const SIGNALS: readonly Signal[] = ['traces', 'logs'];
const NOTHING: EncodedRecords = { groups: [], records: 0 };

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
  const exporter = opts.exporter;
  const threads = opts.decodeThreads ?? 0;
  if (threads > 0 && takesEncoded(exporter)) {
    const pool = new DecodePool({ threads, maxQueued: opts.decodeQueue, onThreadLost: opts.onDecodeThreadLost });
    // After the server closed: every request taken has had its answer by then (close() waits anyway).
    app.addHook('onClose', () => pool.close());
    for (const signal of SIGNALS) app.post(`/v1/${signal}`, route, (req, reply) => handleInThread(req, reply, opts, signal, pool, exporter));
  } else {
    for (const signal of SIGNALS) app.post(`/v1/${signal}`, route, (req, reply) => handle(req, reply, opts, signal));
  }

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

/** The request's receive time (now) and the allowed clock skew, for the mappers' time checks. */
function mapOptions(opts: OtlpRouteOptions): MapOptions {
  return opts.maxClockSkewMs === undefined ? { receivedAtMs: Date.now() } : { receivedAtMs: Date.now(), maxClockSkewMs: opts.maxClockSkewMs };
}

/** Counts what the range checks changed; the partial-success message says it to the sender too. */
function countChecks(m: CollectorMetrics, checks: CheckCounts): void {
  for (const [field, n] of Object.entries(checks.dropped)) m.droppedValues.inc({ field }, n ?? 0);
  for (const [reason, n] of Object.entries(checks.timesAdjusted)) if (n > 0) m.adjustedTimes.inc({ reason }, n);
}

/** The request's body as received (its buffer, or empty), and what decoding it needs. */
function rawRequest(req: FastifyRequest, opts: OtlpRouteOptions, signal: Signal): { raw: Buffer; request: { signal: Signal; enc: Encoding; contentEncoding: string | undefined; maxBodyBytes: number } } {
  const enc = encodingOf(req.headers['content-type']);
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  // Neither the body nor the records are kept by the request once handed on: they are garbage
  // while the exporter waits for the broker, instead of being kept by every request in flight.
  req.body = undefined;
  return { raw, request: { signal, enc, contentEncoding: req.headers['content-encoding'] as string | undefined, maxBodyBytes: opts.maxBodyBytes } };
}

/** On the event loop: decode, map, redact, then consume() (the exporter encodes). */
async function handle(req: FastifyRequest, reply: FastifyReply, opts: OtlpRouteOptions, signal: Signal): Promise<FastifyReply> {
  const { raw, request } = rawRequest(req, opts, signal);
  const decoded = await decodeRequest(request, raw, () => mapOptions(opts));
  // The records leave `decoded` as they are handed on: nothing of this request keeps them while
  // the exporter waits for the broker (the Kafka exporter keeps their encoded bytes only).
  const consume = (): Promise<void> => {
    const records = decoded.records;
    decoded.records = [];
    return opts.exporter.consume(records);
  };
  return handOff(reply, opts, request.enc, decoded, decoded.records.length, consume);
}

/** In a decode thread: the thread decodes, maps, redacts and encodes; the exporter takes the bytes. */
async function handleInThread(req: FastifyRequest, reply: FastifyReply, opts: OtlpRouteOptions, signal: Signal, pool: DecodePool, exporter: EncodedConsumer): Promise<FastifyReply> {
  const { raw, request } = rawRequest(req, opts, signal);
  const decoded = await pool.run({ ...request, mapOptions: mapOptions(opts) }, raw);
  const consume = (): Promise<void> => {
    const encoded = decoded.encoded;
    decoded.encoded = NOTHING;
    return exporter.consumeEncoded(encoded);
  };
  return handOff(reply, opts, request.enc, decoded, decoded.encoded.records, consume);
}

/** Hands the accepted records to the exporter, counts, and answers 200 with the partial success once it took them. */
async function handOff(reply: FastifyReply, opts: OtlpRouteOptions, enc: Encoding, decoded: DecodeSummary, accepted: number, consume: () => Promise<void>): Promise<FastifyReply> {
  const m = opts.metrics;
  try {
    await consume();
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
function respond(reply: FastifyReply, enc: Encoding, rejected: number, message: string, unit: DecodeSummary['unit']): FastifyReply {
  if (enc === 'protobuf') {
    return reply.code(200).header('content-type', PROTOBUF_CONTENT_TYPE).send(Buffer.from(encodePartialSuccessProtobuf(rejected, message)));
  }
  const key = unit === 'spans' ? 'rejectedSpans' : 'rejectedLogRecords';
  const body = rejected > 0 || message ? { partialSuccess: { [key]: String(rejected), errorMessage: message } } : {};
  return reply.code(200).header('content-type', JSON_CONTENT_TYPE).send(Buffer.from(JSON.stringify(body)));
}
