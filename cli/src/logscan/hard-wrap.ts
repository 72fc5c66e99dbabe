/**
 * Lines a terminal cut at its width: a console or CI log copied from a fixed-width window breaks
 * every long line at the same column, in the middle of a word (`… when calling the ConverseStream
 * opera` / `tion: The content field …`). The input's width is read from its first block: the
 * longest line length (at least MIN_WIDTH) when at least two lines have exactly that length and
 * one of them is cut inside a word (it ends on a letter or digit and the next line goes on with one
 * at the margin). A line of that width and the lines after it, up to the first shorter
 * one, are then read as one line. Padded lines (a UI that fills the width with spaces) end on a
 * space and do not count.
 */

import { indentedBy } from './line-prefix.js';
import { WIDTH_PIECE_START_RE } from './record-start.js';

const MIN_WIDTH = 60;
const SAMPLE_LINES = 400;
/** At most this many pieces make one line (16 pieces of a 250-column window is 4,000 characters). */
const MAX_PIECES = 16;
const WORD_END_RE = /[A-Za-z0-9]$/;
const WORD_START_RE = /^[A-Za-z0-9]/;

/** The width the input's first block was cut at, or null when it shows none. */
export function detectWrapWidth(text: string): number | null {
  const lengths: number[] = [];
  const cut: boolean[] = [];
  let pos = 0;
  let prev = '';
  while (lengths.length < SAMPLE_LINES && pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    let line = text.slice(pos, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    // cut inside a word: the line ends on a letter or digit and the next goes on with one at the margin
    if (lengths.length > 0) cut[lengths.length - 1] = prev.length >= MIN_WIDTH && WORD_END_RE.test(prev) && WORD_START_RE.test(line) && !WIDTH_PIECE_START_RE.test(line);
    lengths.push(line.length);
    prev = line;
    pos = end + 1;
  }
  let width = 0;
  for (const n of lengths) if (n > width) width = n;
  if (width < MIN_WIDTH) return null;
  let atWidth = 0;
  let cutAtWidth = false;
  for (let i = 0; i < lengths.length; i++) {
    if (lengths[i] !== width) continue;
    atWidth++;
    if (cut[i]) cutAtWidth = true;
  }
  return atWidth >= 2 && cutAtWidth ? width : null;
}

/**
 * The line at [start, end) with the pieces a terminal cut it into joined: the lines above it of
 * exactly `width` characters (not before `from`), the line, and the lines after it while each
 * piece before had `width` characters. Null when it was not cut.
 */
export function joinHardWrapped(text: string, start: number, end: number, width: number, from: number): { start: number; end: number; joined: string; above: number; lines: number } | null {
  const piece = (s: number, e: number): string => (text.charCodeAt(e - 1) === 13 ? text.slice(s, e - 1) : text.slice(s, e));
  let first = start;
  let above = 0;
  while (above < MAX_PIECES && first > from) {
    const s = text.lastIndexOf('\n', first - 2) + 1;
    if (s < from || piece(s, first - 1).length !== width) break;
    first = s;
    above++;
  }
  let joined = text.slice(first, start).replace(/\r?\n/g, '') + piece(start, end);
  let last = piece(start, end);
  let pos = end;
  let lines = 0;
  while (last.length === width && lines < MAX_PIECES && pos < text.length) {
    let next = text.indexOf('\n', pos + 1);
    if (next === -1) next = text.length;
    const cont = piece(pos + 1, next);
    // a continuation goes on at the margin (one space of the text at most): an indented line is a line of its own
    if (!cont || WIDTH_PIECE_START_RE.test(cont) || indentedBy(cont, 2)) break;
    joined += cont;
    last = cont;
    pos = next;
    lines++;
  }
  return above + lines > 0 ? { start: first, end: pos, joined, above, lines } : null;
}
