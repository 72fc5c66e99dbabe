/**
 * Streams a byte source as UTF-8 text, chunk by chunk, so memory stays bounded by the chunk size
 * however large the input is. A character split across two chunks is never cut; lines may be
 * (the line scanner holds back the unfinished last line of a chunk until the next one arrives).
 */
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';

export async function forEachBlock(
  source: Readable,
  onBlock: (text: string, atEnd: boolean) => void,
  onBytes: (n: number) => void = () => {},
): Promise<void> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    onBytes(buf.length);
    const text = decoder.write(buf);
    if (text) onBlock(text, false);
  }
  onBlock(decoder.end(), true);
}
