import { releaseBuffer } from './kafka/release.js';

/**
 * zlib's output chunk for one call. Node's one-shot zlib and zstd functions fill output buffers of
 * `chunkSize` bytes (16 KiB by default), one trip to libuv's thread pool each, and join them at
 * the end: a Kafka record batch of 1 MB of JSON (which compresses 13–17×) decompresses in 64 trips
 * and compresses in 4. With an output chunk sized to the output expected, one trip, at 0.45–0.8×
 * the CPU (docs/kafka.md, "Codecs"). (OTLP request bodies, which inflate about 12×, showed no
 * difference either way, so body.ts keeps zlib's chunk.) Within 16 KiB and 4 MiB: a larger output
 * takes more trips, as before.
 */
export function outputChunk(expectedBytes: number): number {
  return Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, Math.ceil(expectedBytes)));
}
const MIN_CHUNK = 16 * 1024;
const MAX_CHUNK = 4 * 1024 * 1024;

/**
 * zlib returns an output that fit in one chunk as a view of that chunk: copied to a buffer of its
 * own size when the chunk is over a quarter larger, and the chunk freed, for an output that lives
 * on (kafkajs' records are views of the decompressed batch) and should not hold the whole chunk.
 */
export function ownSize(out: Buffer): Buffer {
  if (out.buffer.byteLength <= out.length + (out.length >>> 2)) return out;
  const copy = Buffer.allocUnsafe(out.length);
  out.copy(copy);
  releaseBuffer(out, true);
  return copy;
}
