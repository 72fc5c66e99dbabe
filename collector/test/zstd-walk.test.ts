// The zstd frame walk (zstd-walk.ts, used by the OTLP receiver and the Kafka codec): whole bodies pass whatever their frames
// hold (raw, RLE and compressed blocks, checksums, content sizes, several frames, skippable
// frames); a body cut anywhere is refused, as is one that is not zstd. Node 22's own decompression
// returns an empty buffer for a cut frame with no error (Node 24's throws), which is why the walk exists.
import { randomBytes } from 'node:crypto';
import { constants, zstdCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { zstdFrameProblem } from '../src/zstd-walk.js';
import { decodeBody } from '../src/receiver/otlp-http/body.js';

const zstd = (input: Buffer, checksum = false): Buffer =>
  zstdCompressSync(input, { params: { [constants.ZSTD_c_compressionLevel]: 3, [constants.ZSTD_c_checksumFlag]: checksum ? 1 : 0 } });
const text = (n: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => `span ${i} of a trace, status ${i % 7 === 0 ? 529 : 200}\n`).join(''));
/** A skippable frame (RFC 8878, 3.1.2): magic 0x184D2A5?, 4-byte size, that many bytes. */
const skippable = (n: number): Buffer => {
  const b = Buffer.alloc(8 + n, 0xab);
  b.writeUInt32LE(0x184d2a53, 0);
  b.writeUInt32LE(n, 4);
  return b;
};

/** Bodies as their frames: a body cut where a frame ends is a whole body of fewer frames. */
const FRAMES: [string, Buffer[]][] = [
  ['an empty input', [zstd(Buffer.alloc(0))]],
  ['one byte', [zstd(Buffer.from('x'))]],
  ['text over several blocks', [zstd(text(40_000))]],
  ['incompressible bytes (raw blocks)', [zstd(randomBytes(300_000))]],
  ['one repeated byte (RLE blocks)', [zstd(Buffer.alloc(500_000, 7))]],
  ['with a content checksum', [zstd(text(5_000), true)]],
  ['two frames in a row', [zstd(text(100)), zstd(text(200), true)]],
  ['a skippable frame before and after', [skippable(16), zstd(text(50)), skippable(0)]],
];
const WHOLE: [string, Buffer][] = FRAMES.map(([what, frames]) => [what, Buffer.concat(frames)]);
const frameEnds = (frames: Buffer[]): Set<number> => new Set(frames.map((_, i) => frames.slice(0, i + 1).reduce((n, f) => n + f.length, 0)));

describe('zstdFrameProblem', () => {
  it('passes whole bodies', () => {
    for (const [what, body] of WHOLE) expect(zstdFrameProblem(body), what).toBeUndefined();
  });

  it('refuses every cut of every whole body', () => {
    for (const [what, frames] of FRAMES) {
      const body = Buffer.concat(frames);
      const ends = frameEnds(frames);
      const step = Math.max(1, Math.floor(body.length / 200));
      for (let cut = 1; cut < body.length; cut += cut < 40 ? 1 : step) {
        const part = body.subarray(0, body.length - cut);
        if (ends.has(part.length)) {
          expect(zstdFrameProblem(part), `${what}, cut at a frame's end`).toBeUndefined();
          continue;
        }
        expect(zstdFrameProblem(part), `${what}, cut ${cut}`).toMatch(/truncated|empty body/);
      }
    }
  });

  it('refuses bodies that are not zstd frames, and reserved header bits and block types', () => {
    expect(zstdFrameProblem(Buffer.alloc(0))).toMatch(/empty body/);
    expect(zstdFrameProblem(Buffer.from('not zstd at all'))).toMatch(/not a zstd frame/);
    expect(zstdFrameProblem(Buffer.concat([zstd(text(10)), Buffer.from('trailing junk')]))).toMatch(/frame 2: not a zstd frame/);
    const reserved = Buffer.from(zstd(text(10)));
    reserved[4]! |= 0x08;
    expect(zstdFrameProblem(reserved)).toMatch(/reserved bit/);
  });
});

describe('decodeBody with Content-Encoding zstd', () => {
  it('answers 400 CE_ERR_OTLP_DECODE for a cut body instead of accepting it as empty', async () => {
    const whole = zstd(text(2_000));
    expect((await decodeBody(whole, 'zstd', 1 << 20)).equals(text(2_000))).toBe(true);
    await expect(decodeBody(whole.subarray(0, whole.length - 1), 'zstd', 1 << 20)).rejects.toMatchObject({ statusCode: 400, code: 'CE_ERR_OTLP_DECODE' });
  });
});
