/**
 * Streams a byte source as UTF-8 text, chunk by chunk, so memory stays bounded by the chunk size
 * however large the input is. A character split across two chunks is never cut; lines may be
 * (the line scanner holds back the unfinished last line of a chunk until the next one arrives).
 *
 * Lines are capped: only the first `maxLineBytes` of a longer line reach `onBlock` (up to the end
 * of the character that crosses the cap), followed by its line break; the rest of the line is read and counted but
 * never decoded or kept. Without the cap a file with no line breaks is one line the scanner must
 * hold whole (100 MB of input took about 1 GB of memory and seconds per chunk).
 */
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';

/** Longest line scanned, in bytes (1 MiB); longer lines are scanned in their first MAX_LINE_BYTES only. */
export const MAX_LINE_BYTES = 1024 * 1024;

export interface BlockOptions {
  /** Called with the byte count of each chunk read (all bytes, scanned or not). */
  onBytes?: (n: number) => void;
  maxLineBytes?: number;
}

/** What the line cap left out. */
export interface BlockStats {
  /** Lines longer than the cap. */
  longLines: number;
  /** Bytes of those lines past the cap: read, not scanned. */
  unscannedBytes: number;
}

const LF = 0x0a;
/** A UTF-8 character is at most 4 bytes: a lead byte and up to 3 continuation bytes (10xxxxxx). */
const MAX_CONTINUATION = 3;
const isContinuation = (b: number | undefined): boolean => b !== undefined && (b & 0xc0) === 0x80;

/**
 * Cuts over-long lines out of a byte stream: `take` returns the parts of a chunk to pass on
 * (normally the whole chunk, as is). Costs a couple of native searches per chunk, not a pass per line.
 */
class LineCap {
  /** Bytes of the current (unfinished) line already passed on. */
  private lineBytes = 0;
  /** Inside a long line, past its cap: bytes are dropped until its line break. */
  private dropping = false;
  /** Continuation bytes still to pass on after a cut, to finish a character begun in an earlier chunk. */
  private owed = 0;
  readonly stats: BlockStats = { longLines: 0, unscannedBytes: 0 };

  constructor(private readonly max: number) {}

  take(buf: Buffer): Buffer[] {
    const parts: Buffer[] = [];
    let keepFrom = 0; // start of the part being kept
    let pos = 0;
    if (this.owed > 0) {
      while (pos < buf.length && this.owed > 0 && isContinuation(buf[pos])) (pos++, this.owed--);
      if (pos > 0) parts.push(buf.subarray(0, pos));
      if (pos === buf.length && this.owed > 0) return parts;
      this.owed = 0;
    }
    while (pos < buf.length) {
      if (this.dropping) {
        const lf = buf.indexOf(LF, pos);
        const end = lf === -1 ? buf.length : lf;
        this.stats.unscannedBytes += end - pos;
        if (lf === -1) return parts;
        this.dropping = false;
        this.lineBytes = 0;
        keepFrom = pos = lf; // the line break is kept: line numbers stay right
        continue;
      }
      const limit = pos + (this.max - this.lineBytes); // the first byte past the cap, if no line break comes first
      if (limit >= buf.length) {
        // The rest of the chunk cannot exceed the cap: every line in it is shorter than what is left.
        const lf = buf.lastIndexOf(LF, buf.length - 1);
        this.lineBytes = lf >= pos ? buf.length - lf - 1 : this.lineBytes + buf.length - pos;
        break;
      }
      const lf = buf.lastIndexOf(LF, limit);
      if (lf >= pos) {
        this.lineBytes = 0;
        pos = lf + 1;
        continue;
      }
      const cut = this.cutAt(buf, limit);
      if (cut > keepFrom) parts.push(buf.subarray(keepFrom, cut));
      this.stats.longLines++;
      this.dropping = true;
      pos = cut;
    }
    if (keepFrom < buf.length && !this.dropping) parts.push(keepFrom === 0 ? buf : buf.subarray(keepFrom));
    return parts;
  }

  /**
   * Where to cut a long line at `limit`: after the character that crosses the cap, so the kept
   * bytes end with a whole character wherever the chunks were cut (`owed` when its end is in the
   * next chunk). The kept part of a long line is the cap plus at most 3 bytes.
   */
  private cutAt(buf: Buffer, limit: number): number {
    let cut = limit;
    let k = 0;
    for (; k < MAX_CONTINUATION && cut < buf.length && isContinuation(buf[cut]); k++) cut++;
    if (cut === buf.length) this.owed = MAX_CONTINUATION - k;
    return cut;
  }
}

export async function forEachBlock(source: Readable, onBlock: (text: string, atEnd: boolean) => void, opts: BlockOptions = {}): Promise<BlockStats> {
  const decoder = new StringDecoder('utf8');
  const cap = new LineCap(opts.maxLineBytes ?? MAX_LINE_BYTES);
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    opts.onBytes?.(buf.length);
    const parts = cap.take(buf);
    const text = parts.length === 1 ? decoder.write(parts[0]!) : parts.map((p) => decoder.write(p)).join('');
    if (text) onBlock(text, false);
  }
  onBlock(decoder.end(), true);
  return cap.stats;
}
