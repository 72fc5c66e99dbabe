import type { ErrorRecord } from '@claude-errors/schemas';
import { mapResourceLogs } from '../../processor/map/map-logs.js';
import { mapResourceSpans } from '../../processor/map/map-spans.js';
import type { CheckCounts, MapOptions } from '../../processor/map/checks.js';
import { redactRecord } from '../../processor/redact/redact.js';
import { decodeBody, type Encoding } from './body.js';
import { decodeLogsJson, decodeTracesJson, parseJsonBody } from './decode-json.js';
import { decodeLogsProtobuf, decodeTracesProtobuf } from './decode-protobuf.js';

/** The OTLP signal of a route: /v1/traces or /v1/logs. */
export type Signal = 'traces' | 'logs';

/** What a request's handler needs after decoding, besides the records: counts for metrics and the partial-success answer. */
export interface DecodeSummary {
  /** Spans or log records in the request. */
  total: number;
  rejected: number;
  ignored: number;
  message: string;
  unit: 'spans' | 'log_records';
  checks: CheckCounts;
}

export interface Decoded extends DecodeSummary {
  /** Mapped and redacted. */
  records: ErrorRecord[];
}

/** One request's body as received, and what decoding it needs. */
export interface RawRequest {
  signal: Signal;
  enc: Encoding;
  contentEncoding: string | undefined;
  maxBodyBytes: number;
}

/**
 * The whole of a request's work before the hand-off: decompression (body.ts, with the size limit),
 * decoding, mapping and redaction. `mapOptions` is asked once the body is decompressed (the receive
 * time the mappers check event times against). Throws the coded errors the route answers with.
 * Runs on the event loop or in a decode thread (decode-worker.ts) alike.
 */
export async function decodeRequest(req: RawRequest, raw: Buffer, mapOptions: () => MapOptions): Promise<Decoded> {
  return decodeDecompressed(req, await decodeBody(raw, req.contentEncoding, req.maxBodyBytes), mapOptions);
}

/** decodeRequest after decompression: decoding, mapping and redaction. */
export function decodeDecompressed(req: RawRequest, body: Buffer, mapOptions: () => MapOptions): Decoded {
  const decoded = req.signal === 'traces' ? decodeTraces(req.enc, body, mapOptions) : decodeLogs(req.enc, body, mapOptions);
  for (const r of decoded.records) redactRecord(r);
  return decoded;
}

function decodeTraces(enc: Encoding, body: Buffer, options: () => MapOptions): Decoded {
  const batch = enc === 'protobuf' ? decodeTracesProtobuf(body) : decodeTracesJson(parseJsonBody(body.toString('utf8')));
  const mapped = mapResourceSpans(batch, options());
  const total = batch.reduce((n, rs) => rs.scopeSpans.reduce((m, ss) => m + ss.spans.length, n), 0);
  return { records: mapped.records, total, rejected: mapped.rejected, ignored: mapped.ignored, message: mapped.rejectReasons.join('; '), unit: 'spans', checks: mapped.checks };
}

function decodeLogs(enc: Encoding, body: Buffer, options: () => MapOptions): Decoded {
  const batch = enc === 'protobuf' ? decodeLogsProtobuf(body) : decodeLogsJson(parseJsonBody(body.toString('utf8')));
  const mapped = mapResourceLogs(batch, options());
  const total = batch.reduce((n, rl) => rl.scopeLogs.reduce((m, sl) => m + sl.logRecords.length, n), 0);
  return { records: mapped.records, total, rejected: 0, ignored: mapped.ignored, message: '', unit: 'log_records', checks: mapped.checks };
}
