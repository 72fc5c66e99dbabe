/**
 * The log event around a hit: a timestamped line and the lines that follow it up to the next
 * timestamped line or JSON record (a traceback, a stack trace, a body printed below). Where it
 * starts above the hit, whose API the lines below the hit name, and whether it names Claude.
 */

import { CLAUDE_CONTEXT_RE } from './prefilter.js';
import { startsLogEvent } from './timestamp.js';
import { providerOf } from './whose-api.js';

const EVENT_LINES = 40; // how far a log event (timestamped line + continuation lines) is followed
export const EVENT_CHARS = 8192;
/** How many lines below a hit are read for the provider they name. */
const BELOW_LINES = 8;
/** Where the paste of one failure ends below its line: a blank line, a code fence, a markdown heading. */
const PARAGRAPH_END_RE = /^\s*$|^\s{0,3}(?:```|~~~|#{1,6} )/;

/**
 * A line that starts with `{"` is a JSON log record: an event of its own, never the continuation
 * of a text event (Node's util.inspect prints `{ status: …`, Python's repr `{'type': …`).
 */
function isJsonRecord(text: string, start: number): boolean {
  return text.charCodeAt(start) === 123 && text.charCodeAt(start + 1) === 34;
}

/** Start offset (in the block) of the timestamped line this continuation line belongs to, or -1. */
export function logEventStart(text: string, start: number): number {
  let end = start - 1;
  for (let k = 0; k < EVENT_LINES && end > 0 && start - end < EVENT_CHARS; k++) {
    const s = text.lastIndexOf('\n', end - 1) + 1;
    if (isJsonRecord(text, s)) return -1;
    if (startsLogEvent(text.slice(s, Math.min(end, s + 64)))) return s;
    end = s - 1;
  }
  return -1;
}

/**
 * Whose API the lines below a hit name, within its log event (up to the next timestamped line or
 * JSON record): the body an SDK prints under its error line (`SDKError: API error occurred: Status 429`
 * then `Body: {…"param":null…}`) says whose it is when the error line does not. A blank line ends
 * them: below it is another paste or paragraph.
 */
export function providerBelow(text: string, end: number): 'claude' | 'other' | null {
  let pos = end + 1;
  for (let k = 0; k < BELOW_LINES && pos < text.length; k++) {
    let e = text.indexOf('\n', pos);
    if (e === -1) e = text.length;
    const next = text.slice(pos, Math.min(e, pos + 2048));
    if (!next.trim() || isJsonRecord(next, 0) || startsLogEvent(next.slice(0, 64))) return null;
    const found = providerOf(next);
    if (found !== null) return found;
    pos = e + 1;
  }
  return null;
}

/**
 * Claude context (or, given `words`, Claude by name) anywhere in the log event around a hit (lines
 * up to the next timestamped one); with `paragraph`, below the hit only up to PARAGRAPH_END_RE.
 */
export function eventHasContext(text: string, start: number, end: number, eventStart: number, line: string, words: RegExp = CLAUDE_CONTEXT_RE, paragraph = false): boolean {
  if (words.test(line)) return true;
  if (eventStart !== -1 && words.test(text.slice(eventStart, start))) return true;
  let pos = end + 1;
  for (let k = 0; k < EVENT_LINES && pos < text.length && pos - end < EVENT_CHARS; k++) {
    let e = text.indexOf('\n', pos);
    if (e === -1) e = text.length;
    const next = text.slice(pos, Math.min(e, pos + 512));
    if (isJsonRecord(next, 0) || startsLogEvent(next) || (paragraph && PARAGRAPH_END_RE.test(next))) return false;
    if (words.test(next)) return true;
    pos = e + 1;
  }
  return false;
}
