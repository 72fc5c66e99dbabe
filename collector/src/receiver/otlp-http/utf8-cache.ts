import { decodeUtf8, viewOf, type NativeBuffer } from './protobuf-reader.js';

/**
 * Decoded strings looked up by their UTF-8 bytes: attribute keys and enum-like values (model,
 * outcome, operation, scope names) recur in every span of every request, so each is decoded once
 * and afterwards found by comparing bytes, which is several times cheaper than decoding and gives
 * V8 the same (already internalized) string for property keys every time.
 *
 * Two-way and bounded: `slots` entries of at most `maxBytes` bytes each; a string is found in its
 * slot or the one beside it, and a colliding string replaces an entry when both are taken. Longer
 * strings are decoded every time. A string is cached when its hash is one of the last two missed
 * in its slot, so values that never repeat (request ids) do not churn the cache and the garbage
 * collector, and two recurring strings of one slot do not keep each other out. A hit returns exactly what decoding the same bytes
 * returns, because the entry was decoded from identical bytes.
 *
 * With a `classify` function, each entry also keeps classify(string), read from `flag` after
 * `get` (for attribute keys: whether a mapper reads the attribute), so that costs nothing per hit.
 */
export class Utf8Cache {
  /** classify() of the string the last get() returned (false without a classify function). */
  flag = false;
  /**
   * Per slot: the key's bytes as little-endian 32-bit words, `wordsPerSlot` from slot * wordsPerSlot:
   * floor(n / 4) words from its start, then (n >= 4) the word of its last four bytes; a key under
   * four bytes is one word of its bytes, the first lowest. A key is compared with the text word by
   * word from these, one DataView read per word (the text's). The words are the only copy of a key.
   */
  private readonly words: Int32Array;
  private readonly wordsPerSlot: number;
  /** Per slot: the key's length in bytes (-1: empty; [slots], no next string known, is never set), read before its bytes are compared. */
  private readonly lengths: Int32Array;
  private readonly values: string[];
  private readonly flags: Uint8Array;
  /** Per slot: the hashes of the last two strings missed there (cached when one comes again). */
  private readonly missed: Int32Array;
  private readonly missedBefore: Int32Array;
  private readonly mask: number;
  /**
   * Per slot: the slot of the string found right after it last time (`slots`: none). Attributes
   * come in the same order span after span, so the string that followed the previous one is
   * tried first, by its bytes alone, before hashing.
   */
  private readonly next: Int32Array;
  /** The slot of the string the last get() found (`slots` after a miss). */
  private last: number;

  constructor(
    slots: number,
    private readonly maxBytes: number,
    private readonly classify: (s: string) => boolean = () => false,
  ) {
    if (slots & (slots - 1)) throw new Error('Utf8Cache slots must be a power of two');
    this.wordsPerSlot = (maxBytes >>> 2) + 1;
    this.words = new Int32Array(slots * this.wordsPerSlot);
    this.lengths = new Int32Array(slots + 1).fill(-1);
    this.values = new Array<string>(slots).fill('');
    this.flags = new Uint8Array(slots);
    this.missed = new Int32Array(slots);
    this.missedBefore = new Int32Array(slots);
    this.mask = slots - 1;
    this.next = new Int32Array(slots + 1).fill(slots);
    this.last = slots;
  }

  /** The string of text[start, end); `view` a DataView of the same bytes as `text` (the reader keeps one per body). */
  get(text: NativeBuffer, start: number, end: number, view: DataView = viewOf(text)): string {
    const n = end - start;
    if (n === 0 || n > this.maxBytes) {
      const value = n === 0 ? '' : decodeUtf8(text, start, end);
      this.flag = this.classify(value);
      return value;
    }
    const lengths = this.lengths;
    const guess = this.next[this.last]!;
    if (lengths[guess] === n && this.same(guess, n, view, start)) { // lengths[slots] is -1
      this.last = guess;
      this.flag = this.flags[guess] === 1;
      return this.values[guess]!;
    }
    const hash = hashBytes(text, start, end);
    let slot = hash & this.mask;
    if (lengths[slot] === n && this.same(slot, n, view, start)) {
      this.found(slot);
      return this.values[slot]!;
    }
    // Two ways: a string whose first slot is taken by another one lives in the slot beside it,
    // so two recurring strings that share a slot do not keep evicting each other.
    const alt = slot ^ 1;
    if (lengths[alt] === n && this.same(alt, n, view, start)) {
      this.found(alt);
      return this.values[alt]!;
    }
    const value = decodeUtf8(text, start, end);
    this.flag = this.classify(value);
    this.last = this.next.length - 1;
    if (this.missed[slot] !== hash && this.missedBefore[slot] !== hash) {
      this.missedBefore[slot] = this.missed[slot]!;
      this.missed[slot] = hash;
      return value;
    }
    if (this.lengths[slot] !== -1 && this.lengths[alt] === -1) slot = alt;
    // the key's bytes copied into the words: the body's memory may be reused
    const words = this.words;
    let w = slot * this.wordsPerSlot;
    if (n < 4) {
      let packed = 0;
      for (let i = 0; i < n; i++) packed |= text[start + i]! << (8 * i);
      words[w] = packed;
    } else {
      for (let i = 0; i + 4 <= n; i += 4) words[w++] = view.getInt32(start + i, true);
      words[w] = view.getInt32(end - 4, true);
    }
    this.lengths[slot] = n;
    this.values[slot] = value;
    this.flags[slot] = this.flag ? 1 : 0;
    return value;
  }

  /** Whether the n bytes of the key in `slot` (n long) equal the n bytes of `text` at `start`. */
  private same(slot: number, n: number, text: DataView, start: number): boolean {
    const words = this.words;
    let w = slot * this.wordsPerSlot;
    if (n < 4) {
      const packed = words[w]!;
      for (let i = 0; i < n; i++) if (((packed >>> (8 * i)) & 0xff) !== text.getUint8(start + i)) return false;
      return true;
    }
    const last = start + n - 4;
    if (words[w + (n >>> 2)] !== text.getInt32(last, true)) return false; // the end first: keys share prefixes
    for (let i = start; i <= last; i += 4) if (words[w++] !== text.getInt32(i, true)) return false;
    return true;
  }

  /** A hit in `slot` after hashing: remembered as what follows the string found before. */
  private found(slot: number): void {
    this.next[this.last] = slot;
    this.last = slot;
    this.flag = this.flags[slot] === 1;
  }
}

/** FNV-1a over the length and up to 8 bytes spread over the string (its end included: keys share prefixes). Exported for tests. */
export function hashBytes(b: Uint8Array, start: number, end: number): number {
  const n = end - start;
  let h = Math.imul(0x811c9dc5 ^ n, 0x01000193);
  if (n <= 8) {
    for (let i = start; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  } else {
    const step = n >>> 3;
    for (let i = end - 1, k = 0; k < 8; k++, i -= step) h = Math.imul(h ^ b[i]!, 0x01000193);
  }
  return h ^ (h >>> 16);
}
