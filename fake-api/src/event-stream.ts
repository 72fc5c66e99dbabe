// Bedrock's streamed answers: the AWS event-stream binary framing (application/vnd.amazon.eventstream).
//
// A message is: total length (u32), headers length (u32), CRC32 of those 8 bytes, the headers, the
// payload, CRC32 of everything before it; all big-endian. A header is: name length (u8), name,
// value type (u8, 7 = string), value length (u16), value. The CRCs are real, so the Bedrock SDK's
// own decoder (@smithy/eventstream-codec) checks and parses these frames.
import { crc32 } from 'node:zlib';
import type { SseEvent } from './sse.js';

const STRING = 7;

function encodeHeaders(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name, 'utf8');
    const v = Buffer.from(value, 'utf8');
    const head = Buffer.alloc(1 + n.length + 1 + 2);
    head.writeUInt8(n.length, 0);
    n.copy(head, 1);
    head.writeUInt8(STRING, 1 + n.length);
    head.writeUInt16BE(v.length, 2 + n.length);
    parts.push(head, v);
  }
  return Buffer.concat(parts);
}

/** One event-stream message with string headers. */
export function encodeFrame(headers: Record<string, string>, payload: Uint8Array): Buffer {
  const h = encodeHeaders(headers);
  const total = 12 + h.length + payload.length + 4;
  const out = Buffer.alloc(total);
  out.writeUInt32BE(total, 0);
  out.writeUInt32BE(h.length, 4);
  out.writeUInt32BE(crc32(out.subarray(0, 8)), 8);
  h.copy(out, 12);
  Buffer.from(payload).copy(out, 12 + h.length);
  out.writeUInt32BE(crc32(out.subarray(0, total - 4)), total - 4);
  return out;
}

/** A `chunk` event: Bedrock wraps each Anthropic stream event as `{"bytes": base64(JSON)}`. */
export function chunkFrame(e: SseEvent): Buffer {
  const bytes = Buffer.from(JSON.stringify(e.data), 'utf8').toString('base64');
  return encodeFrame(
    { ':event-type': 'chunk', ':content-type': 'application/json', ':message-type': 'event' },
    Buffer.from(JSON.stringify({ bytes }), 'utf8'),
  );
}

/**
 * An in-stream failure: `:message-type: exception` with the camel-cased AWS exception name
 * (`modelStreamErrorException`, `throttlingException`, …) and a `{"message"}` payload.
 */
export function exceptionFrame(exceptionType: string, message: string): Buffer {
  return encodeFrame(
    { ':exception-type': exceptionType, ':content-type': 'application/json', ':message-type': 'exception' },
    Buffer.from(JSON.stringify({ message }), 'utf8'),
  );
}
