/**
 * The error a decompressor throws when its output would pass the size limit: the same `code` that
 * Node's zlib uses when `maxOutputLength` is reached, so body.ts maps every encoding's overflow to
 * one 413.
 */
export function overLimit(maxBytes: number): RangeError {
  const err = new RangeError(`decompressed body exceeds ${maxBytes} bytes`) as RangeError & { code: string };
  err.code = 'ERR_BUFFER_TOO_LARGE';
  return err;
}

/**
 * A growable output for the snappy and lz4 decoders that never holds more than `maxBytes`: every
 * write first asks `reserve(n)`, which throws `overLimit` before the buffer would pass the limit.
 * Capacity doubles (bounded by the limit), so a body that stays small never allocates much.
 */
export class OutputBuffer {
  bytes: Buffer;
  length = 0;

  constructor(
    readonly maxBytes: number,
    initial = 64 * 1024,
  ) {
    this.bytes = Buffer.allocUnsafe(Math.max(0, Math.min(initial, maxBytes)));
  }

  /** Makes room for `n` more bytes, or throws when the total would pass `maxBytes`. */
  reserve(n: number): void {
    if (this.length + n > this.maxBytes) throw overLimit(this.maxBytes);
    this.ensure(n);
  }

  /** Capacity for `n` more bytes, or up to `maxBytes` when that is less; never throws. */
  ensure(n: number): void {
    const need = Math.min(this.maxBytes, this.length + n);
    if (need <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.min(this.maxBytes, Math.max(need, this.bytes.length * 2)));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  /** Appends `src[start, end)`. */
  append(src: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    copyBytes(src, start, this.bytes, this.length, end - start);
    this.length += end - start;
  }

  /** The bytes written so far (a view, not a copy). */
  result(): Buffer {
    return this.bytes.subarray(0, this.length);
  }
}

/** Copies `len` bytes; a plain loop below 32 bytes, where `set` with a subarray costs more. */
export function copyBytes(src: Uint8Array, from: number, dst: Uint8Array, to: number, len: number): void {
  if (len < 32) {
    for (let i = 0; i < len; i++) dst[to + i] = src[from + i]!;
  } else {
    dst.set(src.subarray(from, from + len), to);
  }
}

/**
 * Copies `len` bytes from `offset` back in `out` (an LZ77 match): overlapping copies repeat the
 * pattern, byte by byte, as the formats mean.
 */
export function copyMatch(out: Uint8Array, o: number, offset: number, len: number): void {
  if (offset < len || len < 32) {
    for (let i = 0; i < len; i++) out[o + i] = out[o + i - offset]!;
  } else {
    out.copyWithin(o, o - offset, o - offset + len);
  }
}
