/**
 * A tiny protobuf writer for hand-built OTLP bodies in tests: the shapes an SDK never emits
 * (kvlist and bytes values, duplicate keys, invalid UTF-8, wrong wire types) that the decoder must
 * still handle exactly as specified.
 */
export type Any =
  | { s: string | Buffer }
  | { b: boolean }
  | { i: number | bigint }
  | { d: number }
  | { arr: Any[] }
  | { kv: [string | Buffer, Any | null][] }
  | { bytes: Buffer }
  | { raw: Buffer };

export function varint(n: number | bigint): Buffer {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}

export function tag(field: number, wireType: number): Buffer {
  return varint((field << 3) | wireType);
}

/** A length-delimited field. */
export function ld(field: number, payload: Buffer | string): Buffer {
  const b = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  return Buffer.concat([tag(field, 2), varint(b.length), b]);
}

export function vint(field: number, n: number | bigint): Buffer {
  return Buffer.concat([tag(field, 0), varint(n)]);
}

export function fixed64(field: number, n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return Buffer.concat([tag(field, 1), b]);
}

export function double(field: number, n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(n);
  return Buffer.concat([tag(field, 1), b]);
}

export function anyValue(v: Any): Buffer {
  if ('s' in v) return ld(1, v.s);
  if ('b' in v) return vint(2, v.b ? 1 : 0);
  if ('i' in v) return vint(3, v.i);
  if ('d' in v) return double(4, v.d);
  if ('arr' in v) return ld(5, Buffer.concat(v.arr.map((x) => ld(1, anyValue(x)))));
  if ('kv' in v) return ld(6, Buffer.concat(v.kv.map(([k, x]) => ld(1, keyValue(k, x)))));
  if ('bytes' in v) return ld(7, v.bytes);
  return v.raw;
}

/** KeyValue message body (key = field 1, value = field 2); a null value leaves the field out. */
export function keyValue(key: string | Buffer, value: Any | null): Buffer {
  return Buffer.concat([ld(1, key), value === null ? Buffer.alloc(0) : ld(2, anyValue(value))]);
}

/** `field` repeated KeyValue entries. */
export function attrs(field: number, entries: [string | Buffer, Any | null][]): Buffer {
  return Buffer.concat(entries.map(([k, v]) => ld(field, keyValue(k, v))));
}

export const ms = (t: number): bigint => BigInt(t) * 1_000_000n;
