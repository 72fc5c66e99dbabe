import { promisify } from 'node:util';
import { gzip, unzip, zstdDecompress, type InputType, type ZlibOptions, type ZstdOptions } from 'node:zlib';
import kafkajs, { CompressionTypes } from 'kafkajs';
import { releaseBuffer } from './release.js';
import { outputChunk, ownSize } from '../zlib-chunk.js';
import { ZstdFrames } from './zstd-frames.js';
import { zstdFrameProblem } from '../zstd-walk.js';

// kafkajs' compression codecs as this project sets them: gzip at a chosen zlib level, and zstd
// (Kafka's own codec since 2.1, which every Kafka client reads; kafkajs ships none) on Node's
// zlib. kafkajs keeps one codec table per process: every client in it, producer or consumer,
// uses these. All run on libuv's thread pool, off the event loop; zstd compresses on kept
// streams (zstd-frames.ts), which spares each batch a new compression context.

const gzipAsync = promisify<InputType, ZlibOptions, Buffer>(gzip);
const unzipAsync = promisify<InputType, ZlibOptions, Buffer>(unzip);
const unzstdAsync = promisify<InputType, ZstdOptions, Buffer>(zstdDecompress);

/** zstd level of the values the collector writes: 1, the fastest (docs/kafka.md for the figures). */
const ZSTD_LEVEL = 1;

/** The process's kept zstd compression streams, shared by every producer. */
const zstdFrames = new ZstdFrames(ZSTD_LEVEL);

/** zlib's output chunk (zlib-chunk.ts): the values' JSON compresses to under a quarter of its size, and decompresses to up to 16× it. */
const compressChunk = (input: Buffer): number => outputChunk(input.length / 4);
const decompressChunk = (input: Buffer): number => outputChunk(input.length * 16);

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
    compress: releasing((input) => zstdFrames.compress(input)),
    decompress: async (buffer: Buffer) => ownSize(await unzstdAsync(checkedZstd(buffer), { chunkSize: decompressChunk(buffer) })),
  });
}

/** A batch's zstd frames, whole: Node 22 would decompress a cut frame to nothing, with no error, and the batch's records would be lost unseen. */
function checkedZstd(buffer: Buffer): Buffer {
  const problem = zstdFrameProblem(buffer);
  if (problem !== undefined) throw new Error(`zstd record batch: ${problem}`);
  return buffer;
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
