import { constants, gunzip, inflate, inflateRaw, zstdDecompress, type ZlibOptions, type ZstdOptions } from 'node:zlib';
import { promisify } from 'node:util';
import { collectorError, ErrorCodes } from '../../errors.js';
import { decodeLz4Frames } from './lz4.js';
import { decodeSnappy, decodeSnappyFramed } from './snappy.js';
import { zstdFrameProblem } from '../../zstd-walk.js';

const gunzipAsync = promisify<Buffer, ZlibOptions, Buffer>(gunzip);
const inflateAsync = promisify<Buffer, ZlibOptions, Buffer>(inflate);
const inflateRawAsync = promisify<Buffer, ZlibOptions, Buffer>(inflateRaw);
const zstdAsync = promisify<Buffer, ZstdOptions, Buffer>(zstdDecompress);

type Decoder = (raw: Buffer, maxBytes: number) => Buffer | Promise<Buffer>;

/**
 * Every Content-Encoding the OpenTelemetry Collector's otlphttp exporter (confighttp) and the OTel
 * SDKs send. Each decoder stops before its output passes `maxBytes`: zlib and zstd through
 * `maxOutputLength` (checked while inflating), snappy and lz4 by the declared lengths and chunk by
 * chunk (output-buffer.ts).
 */
const DECODERS: Record<string, Decoder> = {
  gzip: (raw, max) => gunzipAsync(raw, { maxOutputLength: max }),
  'x-gzip': (raw, max) => gunzipAsync(raw, { maxOutputLength: max }),
  // HTTP's `deflate` is the zlib format (RFC 9110 8.4.1.2), which otelcol also sends as `zlib`;
  // some clients send raw deflate under that name, so a body without a zlib header is inflated raw.
  deflate: inflateZlibOrRaw,
  zlib: inflateZlibOrRaw,
  zstd: decodeZstd,
  snappy: decodeSnappy,
  'x-snappy-framed': decodeSnappyFramed,
  lz4: decodeLz4Frames,
};

/** The Content-Encoding values accepted, in the order error messages list them. */
export const SUPPORTED_ENCODINGS = ['gzip', 'deflate', 'zlib', 'zstd', 'snappy', 'x-snappy-framed', 'lz4'] as const;

/**
 * Decompresses a request body per Content-Encoding, enforcing the size limit on the decompressed
 * bytes too: a small compression bomb is refused with 413 before it is expanded in memory.
 */
export async function decodeBody(raw: Buffer, encoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const enc = (encoding ?? '').trim().toLowerCase();
  if (enc === '' || enc === 'identity' || enc === 'none') return raw;
  const decoder = DECODERS[enc];
  if (!decoder) {
    throw collectorError('unsupported_media_type', ErrorCodes.UNSUPPORTED_MEDIA_TYPE, `unsupported Content-Encoding '${enc}': send one of ${SUPPORTED_ENCODINGS.join(', ')} or none`);
  }
  try {
    return await decoder(raw, maxBytes);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE') {
      throw collectorError('too_large', ErrorCodes.BODY_TOO_LARGE, `decompressed body exceeds the ${maxBytes}-byte limit`);
    }
    throw collectorError('invalid', ErrorCodes.OTLP_DECODE, `body is not valid ${enc}: ${e.message}`);
  }
}

/** zstd frames, whole (zstd-walk.ts: Node 22 returns nothing for a truncated frame, with no error). */
function decodeZstd(raw: Buffer, maxBytes: number): Promise<Buffer> {
  const problem = zstdFrameProblem(raw);
  if (problem !== undefined) return Promise.reject(new Error(problem));
  return zstdAsync(raw, { maxOutputLength: maxBytes, params: { [constants.ZSTD_d_windowLogMax]: zstdWindowLog(maxBytes) } });
}

/** Inflates the zlib format (RFC 1950), or raw deflate (RFC 1951) when the zlib header is absent. */
function inflateZlibOrRaw(raw: Buffer, maxBytes: number): Promise<Buffer> {
  const cmf = raw[0] ?? 0;
  const zlibHeader = raw.length >= 2 && (cmf & 0x0f) === 8 && cmf >>> 4 <= 7 && ((cmf << 8) | raw[1]!) % 31 === 0;
  return (zlibHeader ? inflateAsync : inflateRawAsync)(raw, { maxOutputLength: maxBytes });
}

/**
 * The largest zstd window a frame may ask for, as a power of two: the body limit (a frame whose
 * output must fit it needs no larger window) but at least 8 MiB, the window of default encoders
 * (klauspost/compress, zstd level 3), and at most 2^27, zstd's default limit. The same bound as
 * the Collector's confighttp, so a 20-byte frame cannot make us reserve a 2 GiB window.
 */
function zstdWindowLog(maxBytes: number): number {
  return Math.min(27, Math.max(23, Math.ceil(Math.log2(Math.max(1, maxBytes)))));
}

export type Encoding = 'protobuf' | 'json';

/** The request's encoding by its Content-Type (parameters ignored), or undefined for any other type. */
export function requestEncoding(contentType: string | undefined): Encoding | undefined {
  const ct = mediaType(contentType);
  if (ct === 'application/x-protobuf' || ct === 'application/protobuf') return 'protobuf';
  if (ct === 'application/json') return 'json';
  return undefined;
}

export function encodingOf(contentType: string | undefined): Encoding {
  const enc = requestEncoding(contentType);
  if (enc) return enc;
  const ct = mediaType(contentType);
  throw collectorError('unsupported_media_type', ErrorCodes.UNSUPPORTED_MEDIA_TYPE, `unsupported Content-Type '${ct || '(none)'}': send application/x-protobuf or application/json`);
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}
