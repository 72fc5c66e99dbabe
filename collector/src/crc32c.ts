// CRC-32C (Castagnoli), read eight bytes at a time ("slicing by 8": eight tables of 256 entries,
// one lookup per byte with no dependency between the eight), about 3x the byte-at-a-time loop. The
// checksum of snappy's framing format (receiver/otlp-http/snappy.ts) and of every Kafka record
// batch (kafka/checksum.ts, which gives it to kafkajs in place of its byte-at-a-time function).

// The tables: T0 the CRC of each byte, Tk of each byte followed by k zero bytes.
const [T0, T1, T2, T3, T4, T5, T6, T7] = (() => {
  const tables = Array.from({ length: 8 }, () => new Int32Array(256));
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    tables[0]![n] = c;
  }
  for (let t = 1; t < 8; t++) {
    for (let n = 0; n < 256; n++) tables[t]![n] = tables[0]![tables[t - 1]![n]! & 0xff]! ^ (tables[t - 1]![n]! >>> 8);
  }
  return tables as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];
})();

/** CRC-32C (Castagnoli) of `b[start, end)`. */
export function crc32c(b: Uint8Array, start = 0, end = b.length): number {
  let c = -1;
  let i = start;
  for (const last = end - 8; i <= last; i += 8) {
    const lo = c ^ (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24));
    c = T7[lo & 0xff]! ^ T6[(lo >>> 8) & 0xff]! ^ T5[(lo >>> 16) & 0xff]! ^ T4[lo >>> 24]! ^ T3[b[i + 4]!]! ^ T2[b[i + 5]!]! ^ T1[b[i + 6]!]! ^ T0[b[i + 7]!]!;
  }
  for (; i < end; i++) c = T0[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
