import { Buffer } from 'node:buffer';

/**
 * An Aho-Corasick automaton over the bytes of a text, compiled to one table: a look-up per byte
 * follows every pattern at once. Its alphabet is the 37 word characters (ASCII letters
 * case-folded, digits, `_`) and BOUNDARY, which stands for every other byte (a space,
 * punctuation, each byte of a non-ASCII character): a pattern `#error` (`#` is BOUNDARY) occurs
 * where a word starts with `error`, `#no#` where `no` is a whole word, `signature` wherever those
 * letters occur. A text is read as if a BOUNDARY came before and after it.
 *
 * The text is first written as UTF-8 into a buffer kept for the purpose (`Buffer.write`, native;
 * TextEncoder.encodeInto costs more, and allocates): every byte of a non-ASCII character is 0x80
 * or above, a BOUNDARY, as the character itself is no word character. Where patterns end, the
 * automaton sets bits of a bitmap its caller gives (`marks`): which bits each pattern sets is the
 * caller's choice, made once, merged per state into (word, bits) pairs, the first three of which
 * are ORed in without a branch (the few states with more read the rest from a list). A second
 * table of six states, read in the same loop, follows runs of digits: `read` says whether the
 * text has three digits that end a word and follow no digit (what `(?<!\d)\d{3}\b` finds).
 * A longer text is read as two chains at once (`reader`), whose look-ups do not wait on each other.
 */

/** The symbol of every byte that is not a word character; `#` in a pattern. */
const BOUNDARY = 37;
const SYMBOLS = 38;
/** Pairs (word of `marks`, bits) per accepting state; then where its other pairs start and end in `more`. */
const SLOTS = 3;
const MORE = 2 * SLOTS;
/** Slots an accepting state uses: its pairs, then where its others are in `more`. */
const ACCEPT_SLOTS = MORE + 2;
if (ACCEPT_SLOTS > SYMBOLS) throw new Error('an accepting state has SYMBOLS slots');
/** Bytes of the buffer a reader starts with: the longest text the classifier reads (three fields of 4096 UTF-16 units, 3 bytes each at most). */
const INITIAL_BYTES = 3 * 3 * 4096 + 16;
const SPACE = 0x20;
/** Bytes per turn of the loop over a text (the loop's own cost, per turn, is then shared by two). */
const UNROLL = 2;

/** Per byte: digits 0..9, letters 10..35 (either case), `_` 36, anything else BOUNDARY. */
const SYMBOL_OF = Uint8Array.from({ length: 256 }, (_, c) => {
  if (c >= 97 && c <= 122) return c - 87;
  if (c >= 65 && c <= 90) return c - 55;
  if (c >= 48 && c <= 57) return c - 48;
  return c === 95 ? 36 : BOUNDARY;
});

/**
 * Runs of digits, per symbol: states (rows of SYMBOLS) none, one to three digits after a
 * non-digit, four or more, and FOUND (three digits then a boundary), which stays.
 */
const FOUND = 5 * SYMBOLS;
const DIGIT_RUNS = Int32Array.from({ length: 6 * SYMBOLS }, (_, k) => {
  const run = Math.floor(k / SYMBOLS);
  const c = k % SYMBOLS;
  if (run === 5) return FOUND;
  if (c < 10) return Math.min(run + 1, 4) * SYMBOLS;
  return c === BOUNDARY && run === 3 ? FOUND : 0;
});

/**
 * The transitions: state s (a multiple of SYMBOLS: its row) and symbol c -> the next state,
 * delta[s + c]. The states from `acceptFrom` on are those where patterns end, the row acceptFrom
 * + a * SYMBOLS with its pairs at slots[a * SYMBOLS ..] (SLOTS pairs, then where the rest are in
 * `more`, flattened: word, bits, word, bits...): at the state's own offset from acceptFrom, so
 * that finding them takes no division by SYMBOLS (the first ACCEPT_SLOTS of each state's SYMBOLS
 * slots are used).
 */
interface Tables {
  delta: Int32Array;
  /** The root's row: the state of nothing read. */
  root: number;
  /** The longest pattern's length (5 at least): a state is the longest suffix of what was read that starts a pattern, so the last `depth` bytes decide it, and the digit runs' state too. */
  depth: number;
  start: number;
  acceptFrom: number;
  slots: Int32Array;
  more: Int32Array;
  marks: Int32Array;
  blank: Int32Array;
}

interface Reader {
  read(text: string): boolean;
  hasCjk(): boolean;
  fits(text: string): boolean;
}

export class WordAutomaton {
  private readonly tables: Tables;
  private reader: Reader;

  /**
   * `patterns`: strings of a-z, 0-9, `_` and `#` (BOUNDARY). `marksOf(k)`: the (word, bits)
   * pairs to OR into `marks` where pattern k ends; `marks`' last word is spare (unused slots write
   * it). `blank`: what `marks` is set to before each text.
   */
  constructor(patterns: readonly string[], marksOf: (pattern: number) => ReadonlyArray<readonly [number, number]>, marks: Int32Array, blank: Int32Array) {
    const children: Int32Array[] = [new Int32Array(SYMBOLS).fill(-1)];
    const own: number[][] = [[]];
    patterns.forEach((pattern, k) => {
      if (!/^[a-z0-9_#]+$/.test(pattern)) throw new Error(`pattern ${JSON.stringify(pattern)}: needs a-z, 0-9, _ or #`);
      let node = 0;
      for (const ch of pattern) {
        const c = ch === '#' ? BOUNDARY : SYMBOL_OF[ch.charCodeAt(0)]!;
        if (children[node]![c] === -1) {
          children[node]![c] = children.length;
          children.push(new Int32Array(SYMBOLS).fill(-1));
          own.push([]);
        }
        node = children[node]![c]!;
      }
      own[node]!.push(k);
    });
    // Breadth first: a node's failure (its longest proper suffix that is a node) is shallower, so
    // its transitions and its patterns are known when the node's are made.
    const count = children.length;
    const next = new Int32Array(count * SYMBOLS);
    const fail = new Int32Array(count);
    const ended: number[][] = own.map(() => []);
    const order = [0];
    for (let q = 0; q < order.length; q++) {
      const node = order[q]!;
      ended[node] = [...new Set([...own[node]!, ...(node === 0 ? [] : ended[fail[node]!]!)])];
      for (let c = 0; c < SYMBOLS; c++) {
        const child = children[node]![c]!;
        const viaFail = node === 0 ? 0 : next[fail[node]! * SYMBOLS + c]!;
        if (child === -1) next[node * SYMBOLS + c] = viaFail;
        else {
          next[node * SYMBOLS + c] = child;
          fail[child] = viaFail;
          order.push(child);
        }
      }
    }
    // Each state's pairs, those of its patterns merged by word; the states where some pattern
    // ends numbered last, in breadth-first order otherwise (the states near the root, read most,
    // close together).
    const pairs = ended.map((ks) => {
      const bits = new Map<number, number>();
      for (const k of ks) for (const [word, b] of marksOf(k)) if (b !== 0) bits.set(word, (bits.get(word) ?? 0) | b);
      return [...bits];
    });
    const numbered = [...order.filter((s) => pairs[s]!.length === 0), ...order.filter((s) => pairs[s]!.length > 0)];
    const number = new Int32Array(count);
    numbered.forEach((s, i) => (number[s] = i));
    const delta = new Int32Array(count * SYMBOLS);
    numbered.forEach((s, i) => {
      for (let c = 0; c < SYMBOLS; c++) delta[i * SYMBOLS + c] = number[next[s * SYMBOLS + c]!]! * SYMBOLS;
    });
    const acceptFrom = count - numbered.filter((s) => pairs[s]!.length > 0).length;
    // per accepting state: SLOTS pairs, unused ones writing the spare word, then where its other pairs are in `more`
    const slots = new Int32Array((count - acceptFrom) * SYMBOLS);
    const more: number[] = [];
    numbered.slice(acceptFrom).forEach((s, a) => {
      const own = pairs[s]!;
      const at = a * SYMBOLS;
      for (let k = 0; k < SLOTS; k++) {
        slots[at + 2 * k] = k < own.length ? own[k]![0] : marks.length - 1;
        slots[at + 2 * k + 1] = k < own.length ? own[k]![1] : 0;
      }
      slots[at + MORE] = more.length;
      for (const [word, b] of own.slice(SLOTS)) more.push(word, b);
      slots[at + MORE + 1] = more.length;
    });
    // at least the 5 symbols a run of digits is decided by (a non-digit, three digits, a boundary)
    const depth = patterns.reduce((d, p) => Math.max(d, p.length), 5);
    this.tables = { delta, root: number[0]! * SYMBOLS, depth, start: delta[number[0]! * SYMBOLS + BOUNDARY]!, acceptFrom: acceptFrom * SYMBOLS, slots, more: Int32Array.from(more), marks, blank };
    this.reader = reader(this.tables, INITIAL_BYTES);
  }

  /**
   * Reads `text`: sets `marks` to `blank`, then ORs into it the pairs of every pattern that
   * occurs. Returns whether the text has three digits that end a word and follow no digit.
   */
  read(text: string): boolean {
    if (!this.reader.fits(text)) this.reader = reader(this.tables, text.length * 3 + UNROLL);
    return this.reader.read(text);
  }

  /** Whether the text last read has a character U+3000 to U+9FFF: a byte E3 to E9, which starts one (no other byte of UTF-8 is one). */
  hasCjk(): boolean {
    return this.reader.hasCjk();
  }
}

/**
 * The loop over a text's bytes, for one automaton's tables and a buffer of `capacity` bytes. Made
 * once per automaton (the classifier has one; again only for a text that does not fit), so that
 * the compiler may take the tables and the buffers for constants: a loop that reads them from an
 * object or an argument checks their shape again at every byte once it has stored into an array.
 * For the same reason the loop over the bytes only notes the accepting states it reaches; their
 * pairs are ORed in after it. It reads UNROLL bytes a turn.
 *
 * It notes them without a branch: every state is stored at `ends[found]`, and `found` moves on by
 * one only where the state accepts (`(s - acceptFrom) >>> 31` is 1 below acceptFrom, 0 from it:
 * both are row offsets, far below 2^31). About one byte in nine of an error message ends a
 * pattern, at places no branch predictor can foresee; the store costs less than the mispredicted
 * branches did (the loop ~15 % faster on the corpus messages). `ends` has a slot per byte read.
 */
function reader(tables: Tables, capacity: number): Reader {
  const { delta, root, depth, start, acceptFrom, slots, more, marks, blank } = tables;
  const bytes = Buffer.alloc(capacity);
  // the accepting states reached: one slot per byte read, by one chain or the other
  const ends = new Int32Array(capacity + depth + UNROLL);
  // texts of this many bytes or more are read as two chains (below); shorter ones as one
  const twoChainsFrom = 2 * depth + 32;
  let length = 0;
  let ascii = true;
  return {
    fits: (text) => text.length * 3 + UNROLL <= capacity,
    read(text) {
      const n = bytes.write(text);
      // a BOUNDARY after the text, and more for the last turn of the loop: after one, they change nothing
      for (let k = 0; k < UNROLL; k++) bytes[n + k] = SPACE;
      length = n;
      ascii = n === text.length; // one byte per UTF-16 unit: all ASCII
      marks.set(blank);
      let s = start;
      let digits = 0;
      let found = 0;
      if (n >= twoChainsFrom) {
        // Two chains, a byte of each per turn: the first from the text's start, the second from
        // `depth` bytes before where the first stops, started at the root. By then the second is
        // in the state one chain would be in (the last `depth` bytes decide it), and before then
        // every pattern it finds does end there (a state is a suffix of what was read). Its
        // digits start as in a run of four or more: a run is counted once a non-digit came
        // first. The turns of each chain wait on the table look-up before; two independent
        // chains overlap those waits.
        const turns = (n + 1 + depth + 1) >>> 1; // the second chain reads up to the SPACE after the text
        let j = n + 1 - turns;
        let s2 = root;
        let digits2 = 4 * SYMBOLS;
        for (let i = 0; i < turns; i++, j++) {
          const c = SYMBOL_OF[bytes[i]!]!;
          s = delta[s + c]!;
          digits = DIGIT_RUNS[digits + c]!;
          ends[found] = s;
          found += 1 ^ ((s - acceptFrom) >>> 31);
          const c2 = SYMBOL_OF[bytes[j]!]!;
          s2 = delta[s2 + c2]!;
          digits2 = DIGIT_RUNS[digits2 + c2]!;
          ends[found] = s2;
          found += 1 ^ ((s2 - acceptFrom) >>> 31);
        }
        if (digits2 === FOUND) digits = FOUND;
      } else {
        for (let i = 0; i <= n; i += UNROLL) {
          let c = SYMBOL_OF[bytes[i]!]!;
          s = delta[s + c]!;
          digits = DIGIT_RUNS[digits + c]!;
          ends[found] = s;
          found += 1 ^ ((s - acceptFrom) >>> 31);
          c = SYMBOL_OF[bytes[i + 1]!]!;
          s = delta[s + c]!;
          digits = DIGIT_RUNS[digits + c]!;
          ends[found] = s;
          found += 1 ^ ((s - acceptFrom) >>> 31);
        }
      }
      // then the pairs of the states where patterns ended: the loop above stores nothing else
      for (let k = 0; k < found; k++) {
        const a = ends[k]! - acceptFrom;
        marks[slots[a]!]! |= slots[a + 1]!;
        marks[slots[a + 2]!]! |= slots[a + 3]!;
        marks[slots[a + 4]!]! |= slots[a + 5]!;
        for (let m = slots[a + MORE]!, end = slots[a + MORE + 1]!; m < end; m += 2) marks[more[m]!]! |= more[m + 1]!;
      }
      return digits === FOUND;
    },
    hasCjk() {
      if (ascii) return false;
      let i = 0;
      while (i < length && (bytes[i]! < 0xe3 || bytes[i]! > 0xe9)) i++;
      return i < length;
    },
  };
}
