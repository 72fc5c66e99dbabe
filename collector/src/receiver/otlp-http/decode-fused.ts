import type { ErrorRecord } from '@claude-errors/schemas';
import { encodeRecords, RecordEncoder, type EncodedRecords } from '../../exporter/kafka/messages.js';
import { ValueChecks, type MapOptions } from '../../processor/map/checks.js';
import { mapOneSpan, serviceOf, type MapResult } from '../../processor/map/map-spans.js';
import { releaseBuffer } from '../../kafka/release.js';
import { redactRecord } from '../../processor/redact/redact.js';
import { decodeBody } from './body.js';
import { forEachSpanProtobuf } from './decode-protobuf.js';
import { decodeDecompressed, type DecodeSummary, type RawRequest } from './decode-request.js';
import type { Attributes } from './otlp-model.js';

/** A request's summary and its records encoded for the Kafka exporter. */
export interface SummaryAndEncoded {
  summary: DecodeSummary;
  encoded: EncodedRecords;
}

/**
 * A decode thread's whole work on one request (decode-worker.ts): decompression, decoding, mapping,
 * redaction and the Kafka exporter's encoding, giving the very summary and bytes that decodeRequest
 * then encodeRecords give. OTLP protobuf traces (the hot path) go a span at a time
 * (decodeEncodeTraces): neither the request's decoded spans nor its records are ever all alive at
 * once, only the encoded bytes grow. Any other request, and a traces body that fails there, goes
 * the whole-request way, which throws the coded error the route answers with.
 */
export async function decodeAndEncode(req: RawRequest, raw: Buffer, mapOptions: MapOptions): Promise<SummaryAndEncoded> {
  const body = await decodeBody(raw, req.contentEncoding, req.maxBodyBytes);
  try {
    if (req.signal === 'traces' && req.enc === 'protobuf') {
      try {
        return decodeEncodeTraces(body, mapOptions);
      } catch {
        // Malformed: decoded again the whole-request way below, for its very error (a span-at-a-time
        // walk reads a resource or scope before the spans before it, so it may meet another fault first).
      }
    }
    const { records, ...summary } = decodeDecompressed(req, body, () => mapOptions);
    return { summary, encoded: encodeRecords(records) };
  } finally {
    // A decompressed copy is this function's own, and nothing refers to its bytes (strings are copies).
    if (body !== raw) releaseBuffer(body);
  }
}

/**
 * An OTLP protobuf traces body (decompressed) decoded, mapped, redacted and encoded one span at a
 * time: what mapResourceSpans, redactRecord and encodeRecords give for the whole request. Throws
 * CE_ERR_OTLP_DECODE on a malformed body (see forEachSpanProtobuf: not always the error the
 * whole-request decoder throws).
 */
export function decodeEncodeTraces(body: Uint8Array, mapOptions: MapOptions): SummaryAndEncoded {
  const checks = new ValueChecks(mapOptions);
  const out: MapResult = { records: [], rejected: 0, rejectReasons: [], ignored: 0, checks: checks.counts() };
  const encoder = new RecordEncoder();
  let total = 0;
  let lastResource: Attributes | undefined;
  let service = '';
  try {
    forEachSpanProtobuf(body, (span, scope, resource) => {
      total++;
      if (resource !== lastResource) {
        lastResource = resource;
        service = serviceOf(resource);
      }
      const records: ErrorRecord[] = out.records;
      mapOneSpan(span, scope, resource, service, checks, out);
      for (let i = 0; i < records.length; i++) encoder.add(redactRecord(records[i]!));
      records.length = 0;
    });
  } catch (err) {
    encoder.discard();
    throw err;
  }
  const summary: DecodeSummary = { total, rejected: out.rejected, ignored: out.ignored, message: out.rejectReasons.join('; '), unit: 'spans', checks: out.checks };
  return { summary, encoded: encoder.finish() };
}
