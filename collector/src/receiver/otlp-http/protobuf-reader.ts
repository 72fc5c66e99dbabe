import { CeError } from '@claude-errors/schemas';
import { ErrorCodes } from '../../errors.js';

/**
 * A minimal protobuf wire-format reader (varint, fixed32/64, length-delimited), enough to decode
 * OTLP without generated code. Every read is bounds-checked: a truncated or malformed body throws
 * CE_ERR_OTLP_DECODE instead of reading past the buffer.
 */
export class ProtobufReader {
  pos: number;
  readonly end: number;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    end = buf.length,
  ) {
    this.pos = start;
    this.end = end;
  }

  done(): boolean {
    return this.pos >= this.end;
  }

  fail(what: string): never {
    throw new CeError(ErrorCodes.OTLP_DECODE, `invalid protobuf: ${what} at byte ${this.pos}`, { statusCode: 400 });
  }

  /** Reads a varint that fits in 32 bits (tags, lengths, enums); longer values are truncated. */
  uint32(): number {
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
        // two's complement for negative int64
        if (hi & 0x80000000) return -((~hi >>> 0) * 4294967296 + (~lo >>> 0) + 1);
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
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8);
    this.pos += 8;
    return view.getFloat64(0, true);
  }

  /** Returns [start, end) of a length-delimited field and skips over it. */
  bytesRange(): [number, number] {
    const len = this.uint32();
    const start = this.pos;
    const end = start + len;
    if (end > this.end) this.fail('length-delimited field past end of message');
    this.pos = end;
    return [start, end];
  }

  string(): string {
    const [s, e] = this.bytesRange();
    return textDecoder.decode(this.buf.subarray(s, e));
  }

  hex(): string {
    const [s, e] = this.bytesRange();
    let out = '';
    for (let i = s; i < e; i++) out += HEX[this.buf[i]!];
    return out;
  }

  sub(): ProtobufReader {
    const [s, e] = this.bytesRange();
    return new ProtobufReader(this.buf, s, e);
  }

  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        this.int64();
        return;
      case 1:
        if (this.pos + 8 > this.end) this.fail('truncated fixed64');
        this.pos += 8;
        return;
      case 2:
        this.bytesRange();
        return;
      case 5:
        if (this.pos + 4 > this.end) this.fail('truncated fixed32');
        this.pos += 4;
        return;
      default:
        this.fail(`unsupported wire type ${wireType}`);
    }
  }
}

const textDecoder = new TextDecoder('utf-8');
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
