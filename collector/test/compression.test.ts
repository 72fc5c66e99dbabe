// Every Content-Encoding the collector accepts: round trips with real encoders (Node's zlib for
// gzip/deflate/zstd, snappyjs's compressor for snappy blocks, and the Go encoders the OpenTelemetry
// Collector itself uses, as fixtures written by fixtures/compression/gen), the size limit per
// encoding (a bomb is a 413 before it is expanded), and corrupt bodies (a 400, never a hang).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deflateRawSync, deflateSync, gzipSync, zstdCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isCeError } from '@claude-errors/schemas';
import { decodeBody, SUPPORTED_ENCODINGS } from '../src/receiver/otlp-http/body.js';
import { decodeLz4Frames, xxh32 } from '../src/receiver/otlp-http/lz4.js';
import { crc32c } from '../src/crc32c.js';
import { decodeSnappyFramed, maskedCrc32c, SNAPPY_STREAM_IDENTIFIER } from '../src/receiver/otlp-http/snappy.js';
import { prng } from './helpers/prng.js';

const snappyjs = createRequire(import.meta.url)('snappyjs') as { compress(b: Buffer): Buffer };
const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/compression/${name}`, import.meta.url));
const MiB = 1024 * 1024;

/** The fixtures' payload, built by the same rule as payload() in fixtures/compression/gen/main.go. */
function payloadText(): Buffer {
  const hex8 = (n: number): string => n.toString(16).padStart(8, '0');
  let x = 1;
  let s = '';
  for (let i = 0; i < 1200; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    s += `{"traceId":"${hex8(x)}${hex8((x ^ 0x5bd1e995) >>> 0)}","name":"anthropic.messages.create ${i}","attempt":${i % 7}}\n`;
  }
  return Buffer.from(s);
}

/** A snappy framed stream of `data`, one compressed (or, with `raw`, uncompressed) chunk per 64 KiB. */
function snappyFramed(data: Buffer, raw = false): Buffer {
  const parts: Buffer[] = [SNAPPY_STREAM_IDENTIFIER];
  for (let i = 0; i < data.length || i === 0; i += 65536) {
    const chunk = data.subarray(i, i + 65536);
    const payload = raw ? chunk : snappyjs.compress(chunk);
    const header = Buffer.alloc(8);
    header.writeUIntLE(4 + payload.length, 1, 3);
    header[0] = raw ? 0x01 : 0x00;
    header.writeUInt32LE(maskedCrc32c(chunk), 4);
    parts.push(header, payload);
  }
  return Buffer.concat(parts);
}

interface Lz4FrameOptions {
  blocks: { data: Buffer; uncompressed?: boolean }[];
  independent?: boolean;
  blockChecksum?: boolean;
  contentChecksumOf?: Buffer;
  contentSize?: number;
  blockSizeIndex?: number;
}

/** An lz4 frame around hand-made blocks, with a correct descriptor checksum. */
function lz4Frame(o: Lz4FrameOptions): Buffer {
  const flg = 0x40 | (o.independent === false ? 0 : 0x20) | (o.blockChecksum ? 0x10 : 0) | (o.contentSize !== undefined ? 0x08 : 0) | (o.contentChecksumOf ? 0x04 : 0);
  const desc = [flg, (o.blockSizeIndex ?? 4) << 4];
  if (o.contentSize !== undefined) {
    const size = Buffer.alloc(8);
    size.writeBigUInt64LE(BigInt(o.contentSize));
    desc.push(...size);
  }
  const descriptor = Buffer.from(desc);
  const parts: Buffer[] = [Buffer.from([0x04, 0x22, 0x4d, 0x18]), descriptor, Buffer.from([(xxh32(descriptor) >>> 8) & 0xff])];
  for (const b of o.blocks) {
    parts.push(u32le((b.uncompressed ? 0x80000000 : 0) + b.data.length), b.data);
    if (o.blockChecksum) parts.push(u32le(xxh32(b.data)));
  }
  parts.push(u32le(0));
  if (o.contentChecksumOf) parts.push(u32le(xxh32(o.contentChecksumOf)));
  return Buffer.concat(parts);
}

function flipBit(b: Buffer, at: number): void {
  b.writeUInt8(b.readUInt8(at) ^ 1, at);
}

function u32le(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

/** An lz4 block that writes `literal` and then repeats it (an overlapping match) to `total` bytes. */
function lz4RepeatBlock(literal: Buffer, total: number): Buffer {
  const matchLen = total - literal.length - 5; // the last 5 bytes must be literals
  const extra = matchLen - 4 - 15;
  const lens: number[] = [];
  for (let n = extra; ; n -= 255) {
    if (n < 255) {
      lens.push(n);
      break;
    }
    lens.push(255);
  }
  const tail = Buffer.alloc(5, literal[0]);
  return Buffer.concat([Buffer.from([(literal.length << 4) | 15]), literal, u32le(literal.length).subarray(0, 2), Buffer.from(lens), Buffer.from([5 << 4]), tail]);
}

async function decodeError(raw: Buffer, encoding: string, max = MiB): Promise<{ statusCode: number; code: string; message: string }> {
  try {
    await decodeBody(raw, encoding, max);
  } catch (err) {
    if (isCeError(err)) return { statusCode: err.statusCode, code: err.code, message: err.message };
    throw err;
  }
  throw new Error(`decoding ${encoding} succeeded`);
}

describe('checksums', () => {
  it('computes xxHash32 and CRC-32C as their reference vectors say', () => {
    expect(xxh32(Buffer.from(''))).toBe(0x02cc5d05);
    expect(xxh32(Buffer.from('a'))).toBe(0x550d7456);
    expect(xxh32(Buffer.from('abc'))).toBe(0x32d153ff);
    expect(xxh32(Buffer.from('Nobody inspects the spammish repetition'))).toBe(0xe2293b2f);
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(32))).toBe(0x8a9136aa);
  });
});

describe('round trips', () => {
  const payload = payloadText();

  it('decodes what the OpenTelemetry Collector (Go encoders of otelcol v0.165) sends, for every encoding', async () => {
    const cases: [string, string][] = [
      ['gzip', 'payload.gzip'],
      ['zlib', 'payload.zlib'],
      ['deflate', 'payload.zlib'],
      ['zstd', 'payload.zstd'],
      ['snappy', 'payload.snappy'],
      ['x-snappy-framed', 'payload.x-snappy-framed'],
      ['snappy', 'payload.x-snappy-framed'], // collectors before v0.119 sent the framing format as `snappy`
      ['lz4', 'payload.lz4'],
      ['lz4', 'payload.64k-blocks.lz4'],
    ];
    for (const [encoding, file] of cases) {
      const decoded = await decodeBody(fixture(file), encoding, MiB);
      expect(decoded.equals(payload), `${encoding} ${file}`).toBe(true);
    }
    expect(new Set(cases.map(([e]) => e))).toEqual(new Set(SUPPORTED_ENCODINGS));
  });

  it('decodes Node zlib and snappyjs output, including empty bodies and mixed-case names', async () => {
    const bodies = [payload, Buffer.alloc(0), Buffer.from('x'), Buffer.alloc(200_000, 7)];
    for (const body of bodies) {
      expect((await decodeBody(gzipSync(body), 'GZIP', MiB)).equals(body)).toBe(true);
      expect((await decodeBody(deflateSync(body), 'deflate', MiB)).equals(body)).toBe(true);
      expect((await decodeBody(deflateRawSync(body), 'deflate', MiB)).equals(body)).toBe(true);
      expect((await decodeBody(zstdCompressSync(body), ' zstd ', MiB)).equals(body)).toBe(true);
      expect((await decodeBody(snappyjs.compress(body), 'snappy', MiB)).equals(body)).toBe(true);
      expect((await decodeBody(snappyFramed(body), 'x-snappy-framed', MiB)).equals(body)).toBe(true);
      expect((await decodeBody(snappyFramed(body, true), 'x-snappy-framed', MiB)).equals(body)).toBe(true);
    }
    for (const enc of [undefined, '', 'identity', 'none']) expect((await decodeBody(payload, enc, MiB)).equals(payload)).toBe(true);
  });

  it('decodes every lz4 frame option: linked blocks, uncompressed blocks, checksums, content size, skippable and repeated frames', () => {
    const a = Buffer.from('abcd');
    const block1 = lz4RepeatBlock(a, 1000); // 'abcd' repeated, then 5 x 'a'
    const expected1 = Buffer.concat([Buffer.alloc(995, 'abcd'), Buffer.alloc(5, 'a')]);
    // Block 2 copies from block 1 (linked): literal 'Z', then 250 bytes from offset 1001.
    const block2 = Buffer.concat([Buffer.from([(1 << 4) | 15, 0x5a]), u32le(1001).subarray(0, 2), Buffer.from([250 - 4 - 15]), Buffer.from([5 << 4]), Buffer.from('tail!')]);
    const expected2 = Buffer.concat([Buffer.from('Z'), expected1.subarray(0, 250), Buffer.from('tail!')]);
    const all = Buffer.concat([expected1, expected2]);
    const linked = lz4Frame({ independent: false, blocks: [{ data: block1 }, { data: block2 }], blockChecksum: true, contentChecksumOf: all, contentSize: all.length });
    expect(decodeLz4Frames(linked, MiB).equals(all)).toBe(true);
    // The same block 2 in an independent frame reaches before its block: refused.
    const independent = lz4Frame({ blocks: [{ data: block1 }, { data: block2 }] });
    expect(() => decodeLz4Frames(independent, MiB)).toThrow(/offset 1001 points before the window/);

    const stored = lz4Frame({ blocks: [{ data: Buffer.from('hello '), uncompressed: true }, { data: Buffer.from('world'), uncompressed: true }], contentChecksumOf: Buffer.from('hello world') });
    const skippable = Buffer.concat([Buffer.from([0x5f, 0x2a, 0x4d, 0x18]), u32le(3), Buffer.from('xyz')]);
    expect(decodeLz4Frames(Buffer.concat([skippable, stored, stored]), MiB).toString()).toBe('hello worldhello world');
  });
});

describe('size limit', () => {
  const max = MiB;
  const zeros = Buffer.alloc(8 * MiB);

  it('refuses every encoding of an 8 MiB body with 413 when the limit is 1 MiB', async () => {
    const bombs: [string, Buffer][] = [
      ['gzip', gzipSync(zeros)],
      ['deflate', deflateSync(zeros)],
      ['zlib', deflateRawSync(zeros)],
      ['zstd', zstdCompressSync(zeros)],
      ['snappy', snappyjs.compress(zeros)],
      ['snappy', snappyFramed(zeros)],
      ['x-snappy-framed', snappyFramed(zeros)],
      // lz4 blocks of 4 MiB each decoding to zeros, no declared content size: caught block by block.
      ['lz4', lz4Frame({ blockSizeIndex: 7, blocks: [{ data: lz4RepeatBlock(Buffer.alloc(1), 4 * MiB) }, { data: lz4RepeatBlock(Buffer.alloc(1), 4 * MiB) }] })],
    ];
    for (const [encoding, bomb] of bombs) {
      expect(bomb.length, encoding).toBeLessThan(max);
      expect(await decodeError(bomb, encoding, max), encoding).toMatchObject({ statusCode: 413, code: 'CE_ERR_BODY_TOO_LARGE' });
    }
    expect(new Set(bombs.map(([e]) => e))).toEqual(new Set(SUPPORTED_ENCODINGS));
  });

  it('trusts no declared length: a 6-byte snappy block or an lz4 frame announcing 4 GiB is refused before allocating', async () => {
    const snappyHeader = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x00]); // declares 2^32 - 1 bytes
    expect(await decodeError(snappyHeader, 'snappy')).toMatchObject({ statusCode: 413 });
    const lz4Header = lz4Frame({ contentSize: 2 ** 32, blocks: [] });
    expect(await decodeError(lz4Header, 'lz4')).toMatchObject({ statusCode: 413 });
  });

  it('accepts a body exactly at the limit', async () => {
    const exact = Buffer.alloc(max, 1);
    for (const [enc, body] of [['gzip', gzipSync(exact)], ['zstd', zstdCompressSync(exact)], ['snappy', snappyjs.compress(exact)], ['x-snappy-framed', snappyFramed(exact)]] as const) {
      expect((await decodeBody(body, enc, max)).length, enc).toBe(max);
    }
    expect(decodeLz4Frames(lz4Frame({ blockSizeIndex: 7, blocks: [{ data: lz4RepeatBlock(Buffer.alloc(1, 1), max) }] }), max).length).toBe(max);
  });
});

describe('corrupt bodies', () => {
  it('answers 400 naming the encoding, not 413 or a hang', async () => {
    // A literal whose 4-byte length is negative as an int32: snappyjs 0.7 loops forever on it.
    const negativeLiteral = Buffer.from([10, 0xfc, 0xf0, 0xff, 0xff, 0xff, ...Buffer.alloc(16)]);
    const framed = snappyFramed(payloadText());
    const badCrc = Buffer.from(framed);
    flipBit(badCrc, SNAPPY_STREAM_IDENTIFIER.length + 4);
    const noIdentifier = framed.subarray(SNAPPY_STREAM_IDENTIFIER.length);
    const lz4 = fixture('payload.lz4');
    const lz4BadContent = Buffer.from(lz4);
    flipBit(lz4BadContent, lz4BadContent.length - 1);
    const cases: [string, Buffer, RegExp][] = [
      ['gzip', Buffer.from('not gzip'), /not valid gzip/],
      ['zstd', Buffer.from('not zstd'), /not valid zstd/],
      ['zstd', zstdCompressSync(payloadText()).subarray(0, -1), /not valid zstd: frame 1: truncated/], // Node itself returns nothing for it
      ['snappy', negativeLiteral, /literal runs past the end/],
      ['snappy', Buffer.from([5, 0x01, 0x00]), /copy offset 0|truncated/],
      ['x-snappy-framed', badCrc, /checksum mismatch/],
      ['x-snappy-framed', noIdentifier, /stream identifier/],
      ['x-snappy-framed', Buffer.from([0x02, 0x00, 0x00, 0x00]), /stream identifier/],
      ['lz4', lz4BadContent, /content checksum mismatch/],
      ['lz4', lz4.subarray(0, lz4.length - 10), /truncated/],
      ['lz4', Buffer.from('not lz4 at all'), /not an lz4 frame/],
    ];
    for (const [encoding, body, message] of cases) {
      const err = await decodeError(body, encoding);
      expect(err, encoding).toMatchObject({ statusCode: 400, code: 'CE_ERR_OTLP_DECODE' });
      expect(err.message, encoding).toMatch(message);
    }
  });

  it('answers 415 naming the supported encodings for any other Content-Encoding', async () => {
    for (const enc of ['br', 'compress', 'gzip, br']) {
      expect(await decodeError(Buffer.from('x'), enc)).toEqual({
        statusCode: 415,
        code: 'CE_ERR_UNSUPPORTED_MEDIA_TYPE',
        message: `unsupported Content-Encoding '${enc}': send one of gzip, deflate, zlib, zstd, snappy, x-snappy-framed, lz4 or none`,
      });
    }
  });

  it('survives random corruption of every fixture: only 400 or 413, within the limit, never a hang', async () => {
    const rand = prng(19);
    const files: [string, string][] = [['snappy', 'payload.snappy'], ['x-snappy-framed', 'payload.x-snappy-framed'], ['lz4', 'payload.lz4'], ['lz4', 'payload.64k-blocks.lz4'], ['zstd', 'payload.zstd']];
    for (const [encoding, file] of files) {
      const original = fixture(file);
      for (let round = 0; round < 150; round++) {
        const body = Buffer.from(original.subarray(0, Math.floor(original.length * (0.5 + rand() / 2))));
        for (let flips = 1 + Math.floor(rand() * 4); flips > 0; flips--) body[Math.floor(rand() * body.length)] = Math.floor(rand() * 256);
        try {
          const out = await decodeBody(body, encoding, 256 * 1024);
          expect(out.length).toBeLessThanOrEqual(256 * 1024);
        } catch (err) {
          expect(isCeError(err) && [400, 413].includes(err.statusCode), `${file} round ${round}: ${String(err)}`).toBe(true);
        }
      }
    }
  });

  it('refuses framed snappy chunks larger than the format allows', () => {
    const big = Buffer.alloc(65537, 3);
    const block = snappyjs.compress(big);
    const header = Buffer.alloc(8);
    header.writeUIntLE(4 + block.length, 1, 3);
    header.writeUInt32LE(maskedCrc32c(big), 4);
    expect(() => decodeSnappyFramed(Buffer.concat([SNAPPY_STREAM_IDENTIFIER, header, block]), MiB)).toThrow(/decodes to 65537 bytes/);
  });
});
