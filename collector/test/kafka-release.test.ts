// Buffers the Kafka path frees as soon as it is done with them (kafka/release.ts, codecs.ts): the
// exporter's own queued bytes and values, and the uncompressed records kafkajs hands the codecs.
import { zstdDecompressSync, gunzipSync } from 'node:zlib';
import kafkajs, { CompressionTypes } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { releaseBuffer } from '../src/kafka/release.js';
import { useKafkaCodecs } from '../src/kafka/codecs.js';

const detached = (b: Buffer): boolean => (b.buffer as ArrayBuffer & { detached: boolean }).detached;

describe('releaseBuffer', () => {
  it('returns the memory of a buffer that owns its ArrayBuffer at once', () => {
    const before = process.memoryUsage().arrayBuffers;
    const big = Buffer.allocUnsafe(8 * 1024 * 1024).fill(1);
    expect(process.memoryUsage().arrayBuffers - before).toBeGreaterThanOrEqual(8 * 1024 * 1024);
    releaseBuffer(big);
    expect(detached(big)).toBe(true);
    expect(big.length).toBe(0);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1024 * 1024);
  });
  it('leaves slices of Node’s pool, views into a larger buffer and small buffers alone', () => {
    const pooled = Buffer.allocUnsafe(100).fill(7); // a slice of the shared pool
    const neighbour = Buffer.allocUnsafe(100).fill(9);
    releaseBuffer(pooled);
    expect(detached(pooled)).toBe(false);
    expect(neighbour.every((b) => b === 9)).toBe(true);
    const whole = Buffer.alloc(64 * 1024, 3);
    const view = whole.subarray(0, 1024);
    releaseBuffer(view);
    expect(detached(whole)).toBe(false);
    expect(whole[0]).toBe(3);
    const small = Buffer.alloc(Buffer.poolSize);
    releaseBuffer(small);
    expect(detached(small)).toBe(false);
  });
});

describe('the codecs release kafkajs’ uncompressed records once compressed', () => {
  useKafkaCodecs();
  const text = JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ i, kind: 'call', service: 'svc', message: `record ${i}` })));
  for (const [name, type, inflate] of [
    ['zstd', CompressionTypes.ZSTD, zstdDecompressSync],
    ['gzip', CompressionTypes.GZIP, gunzipSync],
  ] as const) {
    it(`${name}: the output holds the records, the encoder's buffer is freed`, async () => {
      // Like kafkajs' Encoder: a buffer of power-of-two capacity, `buffer` the written part of it.
      const capacity = Buffer.alloc(1 << 17);
      const written = capacity.write(text);
      const encoder = { buffer: capacity.subarray(0, written) };
      const out = await kafkajs.CompressionCodecs[type]!().compress(encoder as never);
      expect(inflate(out).toString()).toBe(text);
      expect(detached(capacity)).toBe(true);
    });
    it(`${name}: an input in Node's pool is compressed and left as it is`, async () => {
      const input = Buffer.from('[{"kind":"call"}]'); // small: a pool slice
      const out = await kafkajs.CompressionCodecs[type]!().compress({ buffer: input } as never);
      expect(inflate(out).toString()).toBe('[{"kind":"call"}]');
      expect(input.toString()).toBe('[{"kind":"call"}]');
    });
  }
});
