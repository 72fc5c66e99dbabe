// Snappy, as the OpenTelemetry Collector's confighttp sends it:
// - `Content-Encoding: snappy` is one raw snappy block (google/snappy format_description.txt): the
//   uncompressed length as a varint, then literals and copies. Collectors before v0.119 sent the
//   framing format under that name, so like confighttp's own server we take a body that starts with
//   the framing format's stream identifier as framed.
// - `Content-Encoding: x-snappy-framed` is the framing format (framing_format.txt): a stream
//   identifier chunk, then chunks of at most 64 KiB of uncompressed data, each compressed or not,
//   each with a masked CRC-32C of its uncompressed bytes.
// Hand-written rather than a package's: the pure-JS decoder on npm (snappyjs 0.7) does not bound a
// literal's 4-byte length, so a 22-byte body with a negative one loops forever on the event loop.
import { copyBytes, copyMatch, OutputBuffer, overLimit } from './output-buffer.js';
import { crc32c } from '../../crc32c.js';

/** The framing format's stream identifier chunk: type 0xff, length 6, "sNaPpY". */
export const SNAPPY_STREAM_IDENTIFIER = Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59]);
const MAX_CHUNK_DATA = 65536;

export function isSnappyFramed(body: Uint8Array): boolean {
  return body.length >= SNAPPY_STREAM_IDENTIFIER.length && SNAPPY_STREAM_IDENTIFIER.equals(body.subarray(0, SNAPPY_STREAM_IDENTIFIER.length));
}

/** Decodes `Content-Encoding: snappy`: a raw block, or a framed stream (older collectors). */
export function decodeSnappy(body: Uint8Array, maxBytes: number): Buffer {
  if (isSnappyFramed(body)) return decodeSnappyFramed(body, maxBytes);
  const { length, start } = readDecodedLength(body, 0, body.length);
  if (length > maxBytes) throw overLimit(maxBytes);
  const out = Buffer.allocUnsafe(length);
  decodeBlockInto(body, start, body.length, out, 0, length);
  return out;
}

/** Decodes `Content-Encoding: x-snappy-framed`, chunk by chunk, never holding more than `maxBytes`. */
export function decodeSnappyFramed(body: Uint8Array, maxBytes: number): Buffer {
  const out = new OutputBuffer(maxBytes);
  let pos = 0;
  let sawIdentifier = false;
  while (pos < body.length) {
    if (pos + 4 > body.length) throw new Error(`truncated chunk header at byte ${pos}`);
    const type = body[pos]!;
    const len = body[pos + 1]! | (body[pos + 2]! << 8) | (body[pos + 3]! << 16);
    const start = pos + 4;
    const end = start + len;
    if (end > body.length) throw new Error(`chunk at byte ${pos} is ${len} bytes but only ${body.length - start} remain`);
    if (type === 0xff) {
      if (!SNAPPY_STREAM_IDENTIFIER.equals(body.subarray(pos, end))) throw new Error(`bad stream identifier at byte ${pos}`);
      sawIdentifier = true;
    } else if (!sawIdentifier) {
      throw new Error('the stream does not start with the stream identifier chunk');
    } else if (type === 0x00 || type === 0x01) {
      if (len < 4) throw new Error(`data chunk at byte ${pos} is shorter than its checksum`);
      const at = out.length;
      if (type === 0x00) {
        const { length, start: dataStart } = readDecodedLength(body, start + 4, end);
        if (length > MAX_CHUNK_DATA) throw new Error(`compressed chunk at byte ${pos} decodes to ${length} bytes (at most ${MAX_CHUNK_DATA})`);
        out.reserve(length);
        decodeBlockInto(body, dataStart, end, out.bytes, at, length);
        out.length += length;
      } else {
        if (len - 4 > MAX_CHUNK_DATA) throw new Error(`uncompressed chunk at byte ${pos} holds ${len - 4} bytes (at most ${MAX_CHUNK_DATA})`);
        out.append(body, start + 4, end);
      }
      const expected = (body[start]! | (body[start + 1]! << 8) | (body[start + 2]! << 16) | (body[start + 3]! << 24)) >>> 0;
      if (maskedCrc32c(out.bytes, at, out.length) !== expected) throw new Error(`checksum mismatch in the chunk at byte ${pos}`);
    } else if (type <= 0x7f) {
      throw new Error(`reserved unskippable chunk type 0x${type.toString(16)} at byte ${pos}`);
    } // 0x80-0xfd reserved skippable, 0xfe padding: skipped
    pos = end;
  }
  if (!sawIdentifier) throw new Error('empty stream: no stream identifier chunk');
  return out.result();
}

/** The block's leading varint: its decoded length (at most 2^32 - 1). */
function readDecodedLength(src: Uint8Array, pos: number, end: number): { length: number; start: number } {
  let length = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    if (pos >= end) break;
    const b = src[pos++]!;
    length += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) {
      if (length > 0xffffffff) break;
      return { length, start: pos };
    }
  }
  throw new Error('bad decoded-length varint');
}

/**
 * Decodes the elements of one snappy block `src[pos, end)` into `out[at, at + length)`. Every
 * length and offset is checked against the input, the declared length and the bytes already
 * written, and the block must fill the declared length exactly.
 */
function decodeBlockInto(src: Uint8Array, pos: number, end: number, out: Uint8Array, at: number, length: number): void {
  const limit = at + length;
  let o = at;
  while (pos < end) {
    const tag = src[pos++]!;
    let len: number;
    let offset: number;
    switch (tag & 3) {
      case 0: {
        len = (tag >>> 2) + 1;
        if (len > 60) {
          const n = len - 60; // 1-4 little-endian bytes hold len - 1
          if (pos + n > end) throw new Error('truncated literal length');
          len = 0;
          for (let i = n - 1; i >= 0; i--) len = len * 256 + src[pos + i]!;
          len += 1;
          pos += n;
        }
        if (len > end - pos || len > limit - o) throw new Error('literal runs past the end of the block');
        copyBytes(src, pos, out, o, len);
        pos += len;
        o += len;
        continue;
      }
      case 1:
        if (pos >= end) throw new Error('truncated copy');
        len = 4 + ((tag >>> 2) & 7);
        offset = ((tag >>> 5) << 8) | src[pos++]!;
        break;
      case 2:
        if (pos + 2 > end) throw new Error('truncated copy');
        len = (tag >>> 2) + 1;
        offset = src[pos]! | (src[pos + 1]! << 8);
        pos += 2;
        break;
      default:
        if (pos + 4 > end) throw new Error('truncated copy');
        len = (tag >>> 2) + 1;
        offset = (src[pos]! | (src[pos + 1]! << 8) | (src[pos + 2]! << 16) | (src[pos + 3]! << 24)) >>> 0;
        pos += 4;
    }
    if (offset === 0 || offset > o - at) throw new Error(`copy offset ${offset} points before the start of the block`);
    if (len > limit - o) throw new Error('copy runs past the declared length');
    copyMatch(out, o, offset, len);
    o += len;
  }
  if (o !== limit) throw new Error(`block decodes to ${o - at} bytes, not the declared ${length}`);
}

/** The framing format's checksum: CRC-32C rotated right by 15 bits plus 0xa282ead8. */
export function maskedCrc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const c = crc32c(bytes, start, end);
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}
