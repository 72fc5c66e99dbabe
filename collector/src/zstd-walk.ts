// The frame structure of a zstd body (RFC 8878, section 3.1), walked without decompressing: every
// frame's header, its blocks' headers and sizes, and its checksum must lie within the body, and the
// body must end where its last frame ends. Node 22's zstd decompression returns an empty buffer for a
// truncated frame, with no error (a body cut by a proxy would be accepted as holding nothing; Node
// 24's throws); this
// walk turns that into a clear refusal. Decompression itself still checks what the blocks hold.

const ZSTD_MAGIC = 0xfd2fb528;
/** Skippable frames: magic 0x184D2A50 to 0x184D2A5F, then a 4-byte size and that many bytes. */
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const DICT_ID_BYTES = [0, 1, 2, 4] as const;
const CONTENT_SIZE_BYTES = [0, 2, 4, 8] as const;

/** What is wrong with the frames of `body` (truncated, not zstd), or undefined when they are whole. */
export function zstdFrameProblem(body: Uint8Array): string | undefined {
  if (body.length === 0) return 'empty body: no zstd frame';
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let at = 0;
  for (let frame = 1; at < body.length; frame++) {
    if (at + 4 > body.length) return `frame ${frame}: truncated magic number`;
    const magic = view.getUint32(at, true);
    at += 4;
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      if (at + 4 > body.length) return `frame ${frame}: truncated skippable frame size`;
      at += 4 + view.getUint32(at, true);
      if (at > body.length) return `frame ${frame}: truncated skippable frame`;
      continue;
    }
    if (magic !== ZSTD_MAGIC) return `frame ${frame}: not a zstd frame (magic number 0x${magic.toString(16)})`;
    if (at >= body.length) return `frame ${frame}: truncated frame header`;
    const descriptor = body[at]!;
    at += 1;
    if (descriptor & 0x08) return `frame ${frame}: reserved bit set in the frame header`;
    const singleSegment = (descriptor & 0x20) !== 0;
    const contentSizeFlag = descriptor >>> 6;
    const contentSizeBytes = contentSizeFlag === 0 ? (singleSegment ? 1 : 0) : CONTENT_SIZE_BYTES[contentSizeFlag]!;
    at += (singleSegment ? 0 : 1) + DICT_ID_BYTES[descriptor & 0x03]! + contentSizeBytes;
    if (at > body.length) return `frame ${frame}: truncated frame header`;
    for (let last = false; !last; ) {
      if (at + 3 > body.length) return `frame ${frame}: truncated (a block header is missing)`;
      const header = body[at]! | (body[at + 1]! << 8) | (body[at + 2]! << 16);
      at += 3;
      last = (header & 1) === 1;
      const type = (header >>> 1) & 3;
      if (type === 3) return `frame ${frame}: reserved block type`;
      at += type === 1 ? 1 : header >>> 3; // an RLE block holds one byte
      if (at > body.length) return `frame ${frame}: truncated (a block ends past the body)`;
    }
    if (descriptor & 0x04) {
      at += 4;
      if (at > body.length) return `frame ${frame}: truncated checksum`;
    }
  }
  return undefined;
}
