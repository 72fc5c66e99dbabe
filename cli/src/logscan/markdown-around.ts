/**
 * A report's markdown around a line: the fenced block it lies in (a paste of a program's output),
 * one the prose above introduces as an example, a heading above it that starts another section.
 */

import { introducesExample } from './error-mentions.js';
import { MERGE_GAP } from './events.js';
import { nearestAbove } from './lines-above.js';

/** A markdown heading, its first word captured: a report's section (`### To reproduce`, `## Logs`). */
const MARKDOWN_HEADING_RE = /^[ \t]{0,4}#{1,6} ([^\s(:]{1,40})/;

/**
 * Whether one of the `n` lines above `start` in `text` is a markdown heading that starts another
 * section of a report: not one of a list of sections named alike (`### review-reviewers (PRQL/prql)`
 * under `### review-reviewers (max-sixty/tend)`, one run each), which the nearest heading above it,
 * up to MERGE_GAP lines further up, would show.
 */
export function headingAbove(text: string, start: number, n: number): boolean {
  let end = start - 1;
  let first: string | null = null;
  for (let k = 0; k < n + MERGE_GAP && end > 0; k++) {
    const s = text.lastIndexOf('\n', end - 1) + 1;
    const word = MARKDOWN_HEADING_RE.exec(text.slice(s, Math.min(end, s + 256)))?.[1]?.toLowerCase();
    if (word !== undefined) {
      if (first !== null) return word !== first;
      if (k >= n) return false;
      first = word;
    }
    end = s - 1;
  }
  return first !== null;
}

/** A markdown code fence's line (```, ~~~), behind a quote's `>` or a list's indentation. */
const FENCE_RE = /^[\s>]{0,12}(?:```|~~~)/;
/** How far above a line a fence that opens around it is looked for. */
const FENCE_LOOKBACK = 400;

/**
 * Whether a line lies inside a markdown code fence: an odd number of fence lines above it, up to
 * FENCE_LOOKBACK lines back in its block. A fenced paste is a program's output, not the prose around it.
 */
export function insideFence(text: string, start: number): boolean {
  return fenceAround(text, start) !== -1;
}

/** The offset of the fence line that opens the fenced block around a line, or -1 (see insideFence). */
function fenceAround(text: string, start: number): number {
  let fences = 0;
  let opener = -1;
  let end = start - 1;
  for (let k = 0; k < FENCE_LOOKBACK && end > 0; k++) {
    const s = text.lastIndexOf('\n', end - 1) + 1;
    if (FENCE_RE.test(text.slice(s, Math.min(end, s + 16)))) {
      if (fences === 0) opener = s;
      fences++;
    }
    end = s - 1;
  }
  return fences % 2 === 1 ? opener : -1;
}

/**
 * Whether a line lies in a fenced block that the prose above it introduces as an example
 * (error-mentions.ts introducesExample: `the response has this structure:`, `For example:`): the nearest
 * non-blank line above the opening fence says so. An example shows a shape, not a failure met.
 */
export function exampleFenced(text: string, start: number): boolean {
  const opener = fenceAround(text, start);
  return nearestAbove(text, opener, 0, 3, (above) => (above.trim() ? introducesExample(above) : null)) ?? false;
}
