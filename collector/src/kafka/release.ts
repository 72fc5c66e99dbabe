/**
 * Frees a buffer's memory now instead of when the garbage collector finds it unreachable, for
 * buffers of the Kafka path that nothing reads again. The exporter's queued bytes and values, and
 * the records kafkajs encodes for compression, live from accept (or encode) to the broker's answer
 * (or the end of compression on the thread pool): long enough to survive young collections, so
 * without this they wait for a full collection, which V8 starts only after about 64 MiB more
 * external memory. Detaching the ArrayBuffer (`transfer(0)`) returns its memory at once.
 *
 * Only a buffer that starts its ArrayBuffer and is larger than Node's buffer pool is released:
 * a small `Buffer.allocUnsafe` is a slice of the shared pool, whose other slices are someone
 * else's. The ArrayBuffer must end with the buffer too, unless `ownsTail`: the caller knows the
 * bytes after it are its own as well (kafkajs' Encoder writes into a buffer of power-of-two
 * capacity). The caller guarantees that nothing reads the buffer afterwards (it reads as empty).
 */
export function releaseBuffer(buf: Buffer, ownsTail = false): void {
  const ab = buf.buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer; readonly detached?: boolean };
  if (buf.byteOffset !== 0 || ab.byteLength <= Buffer.poolSize || (!ownsTail && buf.byteLength !== ab.byteLength)) return;
  if (typeof ab.transfer !== 'function' || ab.detached) return;
  ab.transfer(0);
}
