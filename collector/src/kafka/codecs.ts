import { promisify } from 'node:util';
import { constants, gzip, unzip, zstdCompress, zstdDecompress, type InputType, type ZlibOptions, type ZstdOptions } from 'node:zlib';
import kafkajs, { CompressionTypes } from 'kafkajs';
import { releaseBuffer } from './release.js';

// kafkajs' compression codecs as this project sets them: gzip at a chosen zlib level, and zstd
// (Kafka's own codec since 2.1, which every Kafka client reads; kafkajs ships none) on Node's
// zlib. kafkajs keeps one codec table per process: every client in it, producer or consumer,
// uses these. All run on libuv's thread pool, off the event loop.

const gzipAsync = promisify<InputType, ZlibOptions, Buffer>(gzip);
const unzipAsync = promisify<InputType, ZlibOptions, Buffer>(unzip);
const zstdAsync = promisify<InputType, ZstdOptions, Buffer>(zstdCompress);
const unzstdAsync = promisify<InputType, ZstdOptions, Buffer>(zstdDecompress);

/** zstd level of the values the collector writes: 1, the fastest (docs/kafka.md for the figures). */
const ZSTD_LEVEL = 1;

/**
 * zlib's output chunk for one call: its one-shot functions fill output buffers of `chunkSize` bytes
 * (16 KiB by default), one trip to the thread pool each, and join them at the end. Kafka values
 * are JSON that compresses 13–17×, so a record batch of 1 MB decompresses in 64 trips by default
 * and its compression takes 4: with an output chunk sized to the expected output, one, at a third
 * to a half of the CPU (docs/kafka.md, "Codecs"). Compression output is expected at a quarter of
 * the input at most, decompression output at up to 16× it; both within 16 KiB and 4 MiB (a larger
 * output takes more trips, as before).
 */
const MIN_CHUNK = 16 * 1024;
const MAX_CHUNK = 4 * 1024 * 1024;
export function outputChunk(expectedBytes: number): number {
  return Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.ceil(expectedBytes)));
}
const compressChunk = (input: Buffer): number => outputChunk(input.length / 4);
const decompressChunk = (input: Buffer): number => outputChunk(input.length * 16);

/**
 * zlib returns an output that fit in one chunk as a view of that chunk: copied to a buffer of its
 * own size when the chunk is over a quarter larger, and the chunk freed, so a value read from it
 * (kafkajs' records are views of the decompressed batch) does not hold the whole chunk.
 */
export function ownSize(out: Buffer): Buffer {
  if (out.buffer.byteLength <= out.length + (out.length >>> 2)) return out;
  const copy = Buffer.allocUnsafe(out.length);
  out.copy(copy);
  releaseBuffer(out, true);
  return copy;
}

/**
 * gzip at `gzipLevel` (kafkajs' own codec uses zlib's default, 6: on the collector's JSON values
 * level 1 costs 2.9 µs of CPU per span instead of 6.7 and compresses 12.9× instead of 16.4×) and
 * zstd at level 1, for compressing and decompressing. Decompression is the same at any level.
 * The last gzip level set wins for every producer of the process.
 */
export function useKafkaCodecs(gzipLevel = 1): void {
  // Through the default export: Node's CommonJS named-export detection does not find CompressionCodecs.
  kafkajs.CompressionCodecs[CompressionTypes.GZIP] = () => ({
    compress: releasing(async (input) => ownSize(await gzipAsync(input, { level: gzipLevel, chunkSize: compressChunk(input) }))),
    decompress: async (buffer: Buffer) => ownSize(await unzipAsync(buffer, { chunkSize: decompressChunk(buffer) })),
  });
  kafkajs.CompressionCodecs[CompressionTypes.ZSTD] = () => ({
    compress: releasing(async (input) => ownSize(await zstdAsync(input, { chunkSize: compressChunk(input), params: { [constants.ZSTD_c_compressionLevel]: ZSTD_LEVEL } }))),
    decompress: async (buffer: Buffer) => ownSize(await unzstdAsync(buffer, { chunkSize: decompressChunk(buffer) })),
  });
}

/** A codec's compress of kafkajs' encoder: `compress` its bytes, then free them (kafkajs reads its encoder no more; release.ts). */
function releasing(compress: (input: Buffer) => Promise<Buffer>): (encoder: { buffer: Buffer }) => Promise<Buffer> {
  return async (encoder) => {
    const input = encoder.buffer;
    const out = await compress(input);
    releaseBuffer(input, true);
    return out;
  };
}
