import { collectorError, ErrorCodes } from '../../errors.js';
import type { Utf8Cache } from './utf8-cache.js';

/**
 * A minimal protobuf wire-format reader (varint, fixed32/64, length-delimited), enough to decode
 * OTLP without generated code. Every read is bounds-checked: a truncated or malformed body throws
 * CE_ERR_OTLP_DECODE instead of reading past the buffer.
 *
 * One reader walks the whole body: a nested message is entered with `enter()` (which narrows `end`
 * to the message and returns the enclosing end) and left with `leave(outer)`, so decoding a span
 * allocates no reader objects or [start, end) pairs.
 */
export class ProtobufReader {
  pos: number;
  end: number;
  private readonly text: NativeBuffer;
  /** The same bytes as a DataView, for Utf8Cache's comparisons. */
  private readonly view: DataView;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    end = buf.length,
  ) {
    this.pos = start;
    this.end = end;
    this.text = (Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)) as NativeBuffer;
    this.view = viewOf(buf);
  }

  done(): boolean {
    return this.pos >= this.end;
  }

  fail(what: string): never {
    throw collectorError('invalid', ErrorCodes.OTLP_DECODE, `invalid protobuf: ${what} at byte ${this.pos}`);
  }

  /** Reads a varint that fits in 32 bits (tags, lengths, enums); longer values are truncated. */
  uint32(): number {
    if (this.pos < this.end) {
      const first = this.buf[this.pos]!;
      if (first < 0x80) {
        this.pos++;
        return first;
      }
    }
    let value = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail('truncated varint');
      const b = this.buf[this.pos++]!;
      if (shift < 32) value |= (b & 0x7f) << shift;
      if (b < 0x80) return value >>> 0;
      shift += 7;
    }
    return this.fail('varint too long');
  }

  /** Reads a varint as a JS number (exact up to 2^53); used for int64 attribute values. */
  int64(): number {
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail('truncated varint');
      const b = this.buf[this.pos++]!;
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >> 4;
      } else hi |= (b & 0x7f) << (shift - 32);
      if (b < 0x80) {
        // two's complement for negative int64; (~lo + 1) is added as one exact integer, so the
        // magnitude is rounded once (adding ~lo, then 1, could round twice and be off by one ulp)
        if (hi & 0x80000000) return -((~hi >>> 0) * 4294967296 + ((~lo >>> 0) + 1));
        return (hi >>> 0) * 4294967296 + (lo >>> 0);
      }
      shift += 7;
    }
    return this.fail('varint too long');
  }

  bool(): boolean {
    return this.uint32() !== 0;
  }

  fixed32(): number {
    if (this.pos + 4 > this.end) this.fail('truncated fixed32');
    const b = this.buf;
    const p = this.pos;
    this.pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  /** fixed64 nanoseconds since epoch -> milliseconds (float). */
  fixed64NanosToMs(): number {
    const lo = this.fixed32();
    const hi = this.fixed32();
    return hi * 4294.967296 + lo / 1e6;
  }

  double(): number {
    if (this.pos + 8 > this.end) this.fail('truncated double');
    const value = this.text.readDoubleLE(this.pos);
    this.pos += 8;
    return value;
  }

  /** Reads the length of a length-delimited field and returns where it ends (pos is its start). */
  lengthEnd(): number {
    const len = this.uint32();
    const end = this.pos + len;
    if (end > this.end) this.fail('length-delimited field past end of message');
    return end;
  }

  /** Enters a length-delimited (nested) message: `end` becomes its end; returns the enclosing end. */
  enter(): number {
    const end = this.lengthEnd();
    const outer = this.end;
    this.end = end;
    return outer;
  }

  /** Leaves the message entered last (pos is at its end once it was read to the end). */
  leave(outer: number): void {
    this.pos = this.end;
    this.end = outer;
  }

  /** Skips a length-delimited field. */
  skipBytes(): void {
    this.pos = this.lengthEnd();
  }

  /** Steps over a length-delimited field and returns where its bytes start (they end at `pos`). */
  private bytesStart(): number {
    const end = this.lengthEnd();
    const start = this.pos;
    this.pos = end;
    return start;
  }

  /** A UTF-8 string field, decoded as TextDecoder does (invalid bytes become U+FFFD, a BOM is dropped). */
  string(): string {
    const start = this.bytesStart();
    return decodeUtf8(this.text, start, this.pos);
  }

  /** A string that recurs across spans (attribute keys, enum-like values): decoded once, then looked up by its bytes. */
  cachedString(cache: Utf8Cache): string {
    const start = this.bytesStart();
    return cache.get(this.text, start, this.pos, this.view);
  }

  hex(): string {
    const start = this.bytesStart();
    return this.text.hexSlice(start, this.pos);
  }

  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        this.int64();
        return;
      case 1:
        this.skipFixed(8);
        return;
      case 2:
        this.skipBytes();
        return;
      case 5:
        this.skipFixed(4);
        return;
      default:
        this.fail(`unsupported wire type ${wireType}`);
    }
  }

  /** Skips a fixed64 (8 bytes) or fixed32 (4 bytes) field. */
  private skipFixed(bytes: 8 | 4): void {
    if (this.pos + bytes > this.end) this.fail(`truncated fixed${bytes * 8}`);
    this.pos += bytes;
  }
}

/** A DataView of the same bytes as `b`. */
export function viewOf(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

const textDecoder = new TextDecoder('utf-8');

/**
 * UTF-8 bytes to a string, exactly as `new TextDecoder('utf-8').decode()` does. Node's native
 * utf8Slice replaces invalid sequences the same way (maximal subparts → U+FFFD) and is about
 * twice as fast for short strings; it only keeps a leading byte-order mark that TextDecoder
 * drops, so those strings go to TextDecoder.
 */
export function decodeUtf8(text: NativeBuffer, start: number, end: number): string {
  if (end - start >= 3 && text[start] === 0xef && text[start + 1] === 0xbb && text[start + 2] === 0xbf) {
    return textDecoder.decode(text.subarray(start, end));
  }
  return text.utf8Slice(start, end);
}

/**
 * Node's Buffer has had these native slicers since its first versions (Buffer#toString calls them,
 * protobufjs reads strings with utf8Slice); @types/node does not declare them.
 */
export type NativeBuffer = Buffer & {
  utf8Slice(start: number, end: number): string;
  hexSlice(start: number, end: number): string;
};
