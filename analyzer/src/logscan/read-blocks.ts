/**
 * Streams a byte source as blocks of whole lines (UTF-8 decoded), so memory stays bounded by the
 * chunk size however large the input is. A single line longer than MAX_CARRY is cut into pieces.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';

const MAX_CARRY = 4 * 1024 * 1024;

export async function forEachBlock(
  source: Readable,
  onBlock: (text: string, atEnd: boolean) => void,
  onBytes: (n: number) => void = () => {},
): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  for await (const chunk of source) {
    const buf = chunk as Buffer;
    onBytes(buf.length);
    const text = carry + decoder.write(buf);
    const cut = text.lastIndexOf('\n');
    if (cut === -1) {
      carry = text;
      if (carry.length > MAX_CARRY) {
        onBlock(carry, false);
        carry = '';
      }
      continue;
    }
    onBlock(cut === text.length - 1 ? text : text.slice(0, cut + 1), false);
    carry = text.slice(cut + 1);
  }
  const rest = carry + decoder.end();
  if (rest) onBlock(rest, true);
}
