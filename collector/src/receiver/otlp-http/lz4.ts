// LZ4 frame format (lz4_Frame_format.md), as the OpenTelemetry Collector sends `Content-Encoding:
// lz4` (pierrec/lz4 v4's Writer: 4 MiB independent blocks, content checksum). Every frame option is
// read: linked or independent blocks, block and content checksums (xxHash32, verified), a declared
// content size (checked against the limit before anything is decoded), skippable frames and
// several frames in a row. Dictionaries (a dictionary id) and the legacy frame are refused.
// Hand-written: the pure-JS packages on npm are unmaintained or decode blocks only.
import { copyBytes, copyMatch, OutputBuffer, overLimit } from './output-buffer.js';

const MAGIC = 0x184d2204;
const BLOCK_MAX: Record<number, number> = { 4: 64 * 1024, 5: 256 * 1024, 6: 1024 * 1024, 7: 4 * 1024 * 1024 };

/** Decodes an lz4 frame stream, block by block, never holding more than `maxBytes`. */
export function decodeLz4Frames(body: Uint8Array, maxBytes: number): Buffer {
  const out = new OutputBuffer(maxBytes);
  let pos = 0;
  let frames = 0;
  while (pos < body.length) {
    if (pos + 4 > body.length) throw new Error(`truncated frame magic at byte ${pos}`);
    const magic = u32(body, pos);
    if (magic >>> 4 === 0x184d2a5) {
      // Skippable frame: magic, 4-byte size, user data.
      if (pos + 8 > body.length) throw new Error(`truncated skippable frame at byte ${pos}`);
      pos += 8 + u32(body, pos + 4);
      if (pos > body.length) throw new Error('skippable frame runs past the end of the body');
      continue;
    }
    if (magic !== MAGIC) throw new Error(`not an lz4 frame at byte ${pos} (magic 0x${magic.toString(16)})`);
    pos = decodeFrame(body, pos + 4, out);
    frames++;
  }
  if (frames === 0) throw new Error('no lz4 frame in the body');
  return out.result();
}

/** Decodes one frame whose descriptor starts at `pos`; returns the position after it. */
function decodeFrame(src: Uint8Array, pos: number, out: OutputBuffer): number {
  const descStart = pos;
  if (pos + 3 > src.length) throw new Error('truncated frame descriptor');
  const flg = src[pos++]!;
  const bd = src[pos++]!;
  if (flg >>> 6 !== 1) throw new Error(`unsupported lz4 frame version ${flg >>> 6}`);
  if (flg & 0x02 || bd & 0x8f) throw new Error('reserved bits set in the frame descriptor');
  const independent = (flg & 0x20) !== 0;
  const blockChecksum = (flg & 0x10) !== 0;
  const contentChecksum = (flg & 0x04) !== 0;
  const blockMax = BLOCK_MAX[(bd >>> 4) & 7];
  if (blockMax === undefined) throw new Error(`reserved block size index ${(bd >>> 4) & 7}`);
  let contentSize: number | undefined;
  if (flg & 0x08) {
    if (pos + 8 > src.length) throw new Error('truncated content size');
    contentSize = u32(src, pos) + u32(src, pos + 4) * 2 ** 32;
    if (out.length + contentSize > out.maxBytes) throw overLimit(out.maxBytes);
    pos += 8;
  }
  if (flg & 0x01) throw new Error('lz4 frames with a dictionary are not supported');
  if (pos >= src.length) throw new Error('truncated frame descriptor');
  if (src[pos] !== ((xxh32(src, descStart, pos) >>> 8) & 0xff)) throw new Error('frame descriptor checksum mismatch');
  pos++;

  const frameStart = out.length;
  for (;;) {
    if (pos + 4 > src.length) throw new Error('truncated block size (no end mark)');
    const word = u32(src, pos);
    pos += 4;
    if (word === 0) break; // end mark
    const size = word & 0x7fffffff;
    if (size > blockMax) throw new Error(`block of ${size} bytes exceeds the frame's ${blockMax}-byte blocks`);
    if (pos + size + (blockChecksum ? 4 : 0) > src.length) throw new Error('truncated block');
    if (blockChecksum && xxh32(src, pos, pos + size) !== u32(src, pos + size)) throw new Error('block checksum mismatch');
    const blockStart = out.length;
    if (word & 0x80000000) out.append(src, pos, pos + size);
    else decodeBlock(src, pos, pos + size, out, independent ? blockStart : frameStart, blockMax);
    pos += size + (blockChecksum ? 4 : 0);
  }
  if (contentSize !== undefined && out.length - frameStart !== contentSize) {
    throw new Error(`frame decodes to ${out.length - frameStart} bytes, not the declared ${contentSize}`);
  }
  if (contentChecksum) {
    if (pos + 4 > src.length) throw new Error('truncated content checksum');
    if (xxh32(out.bytes, frameStart, out.length) !== u32(src, pos)) throw new Error('content checksum mismatch');
    pos += 4;
  }
  return pos;
}

/**
 * Decodes one lz4 block `src[pos, end)` onto `out`. Matches may reach back to `windowStart` (the
 * block's own start for independent blocks, the frame's start for linked ones); one block decodes
 * to at most `blockMax` bytes, and never past `out.maxBytes` (then `overLimit`).
 */
function decodeBlock(src: Uint8Array, pos: number, end: number, out: OutputBuffer, windowStart: number, blockMax: number): void {
  out.ensure(blockMax);
  const dst = out.bytes;
  const blockEnd = out.length + blockMax;
  let o = out.length;
  const room = (n: number, what: string): void => {
    if (o + n > blockEnd) throw new Error(`${what} runs past the end of the block`);
    if (o + n > out.maxBytes) throw overLimit(out.maxBytes);
  };
  // A 4-bit length of 15 goes on in the next bytes, each added, until one is not 255.
  const extend = (len: number, what: string): number => {
    let b: number;
    do {
      if (pos >= end) throw new Error(`truncated ${what}`);
      b = src[pos++]!;
      len += b;
    } while (b === 255);
    return len;
  };
  for (;;) {
    if (pos >= end) throw new Error('truncated lz4 sequence');
    const token = src[pos++]!;
    const literals = token >>> 4 === 15 ? extend(15, 'literal length') : token >>> 4;
    if (literals > end - pos) throw new Error('literals run past the end of the input');
    room(literals, 'literal');
    copyBytes(src, pos, dst, o, literals);
    pos += literals;
    o += literals;
    if (pos === end) break; // the last sequence has literals only
    if (pos + 2 > end) throw new Error('truncated match offset');
    const offset = src[pos]! | (src[pos + 1]! << 8);
    pos += 2;
    const len = (token & 15) === 15 ? extend(19, 'match length') : (token & 15) + 4;
    if (offset === 0 || offset > o - windowStart) throw new Error(`match offset ${offset} points before the window`);
    room(len, 'match');
    copyMatch(dst, o, offset, len);
    o += len;
  }
  out.length = o;
}

function u32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}

const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const P3 = 0xc2b2ae3d;
const P4 = 0x27d4eb2f;
const P5 = 0x165667b1;
const rotl = (x: number, r: number): number => (x << r) | (x >>> (32 - r));
const round = (acc: number, input: number): number => Math.imul(rotl((acc + Math.imul(input, P2)) | 0, 13), P1);

/** xxHash32 of `b[start, end)` with seed 0, as lz4 frames use it. */
export function xxh32(b: Uint8Array, start = 0, end = b.length): number {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let i = start;
  let h: number;
  if (end - start >= 16) {
    let v1 = (P1 + P2) | 0;
    let v2 = P2;
    let v3 = 0;
    let v4 = -P1 | 0;
    for (const last = end - 16; i <= last; i += 16) {
      v1 = round(v1, view.getUint32(i, true));
      v2 = round(v2, view.getUint32(i + 4, true));
      v3 = round(v3, view.getUint32(i + 8, true));
      v4 = round(v4, view.getUint32(i + 12, true));
    }
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0;
  } else {
    h = P5;
  }
  h = (h + (end - start)) | 0;
  for (; i + 4 <= end; i += 4) h = Math.imul(rotl((h + Math.imul(view.getUint32(i, true), P3)) | 0, 17), P4);
  for (; i < end; i++) h = Math.imul(rotl((h + Math.imul(b[i]!, P5)) | 0, 11), P1);
  h = Math.imul(h ^ (h >>> 15), P2);
  h = Math.imul(h ^ (h >>> 13), P3);
  return (h ^ (h >>> 16)) >>> 0;
}
