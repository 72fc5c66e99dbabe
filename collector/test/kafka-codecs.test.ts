// The Kafka codecs' output chunks (kafka/codecs.ts, zlib-chunk.ts): zlib's one-shot calls given an output chunk sized
// to what they are expected to write still give the very bytes back at every size (empty, one byte,
// smaller than one chunk, many chunks, incompressible), read what other writers compressed with
// zlib's defaults, and hand back buffers of their own size, not views of a larger chunk.
import { randomBytes } from 'node:crypto';
import { gzipSync, zstdCompressSync } from 'node:zlib';
import kafkajs, { CompressionTypes } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { useKafkaCodecs } from '../src/kafka/codecs.js';

useKafkaCodecs();

const records = (n: number): Buffer =>
  Buffer.from(JSON.stringify(Array.from({ length: n }, (_, i) => ({ kind: 'call', service: 'svc', model: 'claude-sonnet-4-5', i, request_id: `req_${(i * 7919).toString(36)}` }))));

const INPUTS: [string, Buffer][] = [
  ['empty', Buffer.alloc(0)],
  ['one byte', Buffer.from('x')],
  ['a small value', records(3)],
  ['a batch of about 1 MB', records(12_000)],
  ['a batch of about 8 MB (decompressed over several chunks)', records(100_000)],
  ['incompressible bytes (compressed over several chunks)', randomBytes(3 * 1024 * 1024)],
];

describe('Kafka codecs with sized output chunks', () => {
  for (const [name, type, compressDefault] of [
    ['zstd', CompressionTypes.ZSTD, zstdCompressSync],
    ['gzip', CompressionTypes.GZIP, gzipSync],
  ] as const) {
    const codec = kafkajs.CompressionCodecs[type]!();
    for (const [what, input] of INPUTS) {
      it(`${name}: ${what} comes back byte for byte, in a buffer of its own size`, async () => {
        const copy = Buffer.from(input); // compress frees the encoder's buffer it is given
        const compressed = await codec.compress({ buffer: copy } as never);
        const out = await codec.decompress(compressed);
        expect(out.equals(input)).toBe(true);
        expect(out.buffer.byteLength).toBeLessThanOrEqual(Math.max(Buffer.poolSize, out.length + (out.length >>> 2)));
        // And what another client compressed with zlib's own defaults.
        const theirs = await codec.decompress(compressDefault(input));
        expect(theirs.equals(input)).toBe(true);
      });
    }
  }
});

describe('Kafka zstd codec on a cut batch', () => {
  it('fails instead of decompressing it to nothing (Node does, with no error)', async () => {
    const codec = kafkajs.CompressionCodecs[CompressionTypes.ZSTD]!();
    const whole = zstdCompressSync(records(2_000));
    await expect(codec.decompress(whole.subarray(0, whole.length - 1))).rejects.toThrow(/zstd record batch: frame 1: truncated/);
  });
});
