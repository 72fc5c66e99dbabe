// zlib's output chunk for one call and the copy of an output out of a larger chunk (zlib-chunk.ts),
// which the Kafka codecs use (kafka-codecs.test.ts).
import { describe, expect, it } from 'vitest';
import { outputChunk, ownSize } from '../src/zlib-chunk.js';

describe('outputChunk and ownSize', () => {
  it('sizes a chunk to the expected output within 16 KiB and 4 MiB', () => {
    expect(outputChunk(0)).toBe(16 * 1024);
    expect(outputChunk(100_000.5)).toBe(100_001);
    expect(outputChunk(1e9)).toBe(4 * 1024 * 1024);
  });
  it('copies a view of a much larger chunk out and frees the chunk; keeps a buffer near its size', () => {
    const chunk = Buffer.alloc(1 << 20, 5);
    const view = chunk.subarray(0, 1000);
    const own = ownSize(view);
    expect(own === view).toBe(false);
    expect(own.equals(Buffer.alloc(1000, 5))).toBe(true);
    expect((chunk.buffer as ArrayBuffer & { detached: boolean }).detached).toBe(true);
    const near = Buffer.alloc(100_000, 1).subarray(0, 90_000);
    expect(ownSize(near)).toBe(near);
  });
});
