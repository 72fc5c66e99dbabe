// zstd compression on kept streams (kafka/zstd-frames.ts): each input comes back as a frame of its
// own that a one-shot decompression reads alone, byte for byte, whether the inputs come one after
// another on one stream or at once on several; streams are kept and reused, not made per input.
import { randomBytes } from 'node:crypto';
import { constants, zstdCompressSync, zstdDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ZstdFrames } from '../src/kafka/zstd-frames.js';

const records = (n: number, seed: number): Buffer =>
  Buffer.from(JSON.stringify(Array.from({ length: n }, (_, i) => ({ kind: 'call', model: 'claude-sonnet-4-5', i: i + seed, id: `req_${((i + seed) * 7919).toString(36)}` }))));

describe('ZstdFrames', () => {
  it('compresses inputs one after another on one kept stream, each a frame read alone', async () => {
    const frames = new ZstdFrames(1);
    const inputs = [Buffer.alloc(0), Buffer.from('x'), records(3, 1), records(20_000, 2), randomBytes(600 * 1024), records(50, 3)];
    for (const input of inputs) {
      const out = await frames.compress(input);
      expect(zstdDecompressSync(out).equals(input)).toBe(true);
      expect(out.buffer.byteLength).toBeLessThanOrEqual(Math.max(Buffer.poolSize, out.length)); // its own buffer, not a view of the stream's chunk
    }
    expect(frames.made).toBe(1);
  });

  it('compresses inputs at once on a stream each and keeps at most `keep` of them', async () => {
    const frames = new ZstdFrames(1, 2);
    const inputs = Array.from({ length: 5 }, (_, k) => records(2_000 + k * 500, k * 10_000));
    const outs = await Promise.all(inputs.map((input) => frames.compress(input)));
    outs.forEach((out, k) => expect(zstdDecompressSync(out).equals(inputs[k]!)).toBe(true));
    expect(frames.made).toBe(5);
    // Two were kept: the next two inputs at once need no new stream, a third does.
    await Promise.all(inputs.slice(0, 3).map((input) => frames.compress(input)));
    expect(frames.made).toBe(6);
  });

  it('writes the very bytes of the one-shot call at the same level', async () => {
    const frames = new ZstdFrames(1);
    for (const input of [records(600, 1), records(5, 2), records(9_000, 3)]) {
      expect((await frames.compress(input)).equals(zstdCompressSync(input, { params: { [constants.ZSTD_c_compressionLevel]: 1 } }))).toBe(true);
    }
  });

  it('compresses at the level it was given', async () => {
    const input = records(2_000, 7);
    const fast = await new ZstdFrames(1).compress(input);
    const small = await new ZstdFrames(15).compress(input);
    expect(small.length).toBeLessThan(fast.length);
    expect(zstdDecompressSync(small).equals(input)).toBe(true);
  });

  it('rejects an input it cannot take and does not reuse that stream', async () => {
    const frames = new ZstdFrames(1);
    await frames.compress(records(3, 0));
    await expect(frames.compress(42 as unknown as Buffer)).rejects.toThrow(/argument/);
    const input = records(10, 1);
    expect(zstdDecompressSync(await frames.compress(input)).equals(input)).toBe(true);
    expect(frames.made).toBe(2);
  });
});
