import { gunzip, inflate } from 'node:zlib';
import { promisify } from 'node:util';
import { CeError } from '@claude-errors/schemas';
import { ErrorCodes } from '../../errors.js';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

/**
 * Decompresses a request body per Content-Encoding, enforcing the size limit on the decompressed
 * bytes too (a small gzip bomb is refused with 413, not inflated into memory).
 */
export async function decodeBody(raw: Buffer, encoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const enc = (encoding ?? 'identity').trim().toLowerCase();
  if (enc === 'identity' || enc === '') return raw;
  if (enc !== 'gzip' && enc !== 'deflate') {
    throw new CeError(ErrorCodes.UNSUPPORTED_MEDIA_TYPE, `unsupported Content-Encoding '${enc}' (use gzip, deflate or none)`, { statusCode: 415 });
  }
  try {
    const fn = enc === 'gzip' ? gunzipAsync : inflateAsync;
    return await fn(raw, { maxOutputLength: maxBytes });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new CeError(ErrorCodes.BODY_TOO_LARGE, `decompressed body exceeds the ${maxBytes}-byte limit`, { statusCode: 413 });
    }
    throw new CeError(ErrorCodes.OTLP_DECODE, `body is not valid ${enc}: ${e.message}`, { statusCode: 400 });
  }
}

export type Encoding = 'protobuf' | 'json';

export function encodingOf(contentType: string | undefined): Encoding {
  const ct = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (ct === 'application/x-protobuf' || ct === 'application/protobuf') return 'protobuf';
  if (ct === 'application/json') return 'json';
  throw new CeError(ErrorCodes.UNSUPPORTED_MEDIA_TYPE, `unsupported Content-Type '${ct || '(none)'}': send application/x-protobuf or application/json`, {
    statusCode: 415,
  });
}
