/**
 * One line a terminal cut once at its width: a message longer than the window goes on at the
 * margin of the next line, wherever the width fell (`… 429 Clien` / `t Error: Too Many Requests for
 * url: https://api.anthropic.com/…`, `… (type: invalid_` / `request_error)`, `… rate limit of 30` /
 * `,000 input tokens per minute"`). hard-wrap.ts reads a width from two lines cut at it; a paste
 * with one long line shows none. Its cut shows in the line's own delimiters instead: the piece
 * leaves a quote, a parenthesis or a brace open and the next piece, at the margin, closes it. Such a
 * line and its next are read as one.
 */

import { indentedBy } from './line-prefix.js';
import { CUT_PIECE_START_RE } from './record-start.js';

/** A piece a terminal cut is at least this long (narrower windows are not used for logs). */
const MIN_PIECE = 60;
/** How much of a piece is looked at. */
const MAX_PIECE = 4096;

/** The delimiters a piece leaves open: double quotes (odd count), parentheses, braces. */
function openings(s: string): { quote: boolean; parens: number; braces: number } {
  let quotes = 0;
  let parens = 0;
  let braces = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) quotes++;
    else if (c === 40) parens++;
    else if (c === 41) parens--;
    else if (c === 123) braces++;
    else if (c === 125) braces--;
  }
  return { quote: quotes % 2 === 1, parens, braces };
}

/** Whether `next` closes what `piece` leaves open: the two read together balance a delimiter the piece opened. */
function closes(piece: string, next: string): boolean {
  const a = openings(piece);
  if (!a.quote && a.parens <= 0 && a.braces <= 0) return false;
  const b = openings(next);
  return (a.quote && b.quote) || (a.parens > 0 && a.parens + b.parens === 0) || (a.braces > 0 && a.braces + b.braces === 0);
}

function lineAt(text: string, s: number, e: number): string {
  const line = text.slice(s, Math.min(e, s + MAX_PIECE));
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Whether `first` then `second` is one line cut at the margin. */
function isCut(first: string, second: string): boolean {
  return first.length >= MIN_PIECE && !/\s$/.test(first) && second.trim() !== '' && !indentedBy(second, 2) && !CUT_PIECE_START_RE.test(second) && closes(first, second);
}

/**
 * The line at [start, end) joined with the piece the terminal cut off it (the line after it), or
 * with the piece it was cut from (the line before it, not before `from`). Null when neither.
 */
export function joinCutLine(text: string, start: number, end: number, from: number): { start: number; end: number; joined: string; above: number } | null {
  const line = lineAt(text, start, end);
  if (end < text.length) {
    let next = text.indexOf('\n', end + 1);
    if (next === -1) next = text.length;
    const below = lineAt(text, end + 1, next);
    if (isCut(line, below)) return { start, end: next, joined: line + below, above: 0 };
  }
  if (start > from && start >= 2) {
    const s = text.lastIndexOf('\n', start - 2) + 1;
    if (s >= from) {
      const above = lineAt(text, s, start - 1);
      if (isCut(above, line)) return { start: s, end, joined: above + line, above: 1 };
    }
  }
  return null;
}
