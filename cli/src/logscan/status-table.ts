/**
 * A markdown table of statuses: a row of a table (it starts and ends with a pipe, with at least
 * three cells) that holds a status alone in one of its cells (`| 529 | API Overloaded | Anthropic
 * (capacity) | Back off and retry |`), in a table whose delimiter row (`|---|---|`, `| :--- |`) stands
 * above it among the table's rows. Documentation, newsletters and guides list the API's statuses so;
 * a program prints a failure with its status in words, not in a cell of its own. A row that carries
 * the API's body or a request id (`| 529 | {"type":"error",…} |`) prints what came back and is not
 * this, nor is a row with no delimiter row above it (a program's `|`-separated output) or a line a
 * log shipper prefixed (`api-1  | …`, removed before lines are read). Every regex is linear:
 * test/security/redos-static.test.ts reads them.
 */

import { nearestAbove } from './lines-above.js';

/** A markdown table's row: a pipe first and last, three or more cells. */
const TABLE_ROW_RE = /^[ \t]{0,8}\|(?:[^|\n]{0,400}\|){3,40}[ \t]{0,8}$/;
/** A cell that holds only a status (`| 529 |`, `| HTTP 429 |`, `` | `400` | ``). */
const STATUS_CELL_RE = /\|[ \t]{0,4}(?:HTTP[ \t])?`?[1-5]\d\d`?[ \t]{0,4}\|/;
/** What a row prints of an answer: the API's body or a request id. */
const PRINTED_RE = /[{}]|\breq_[A-Za-z0-9]/;
/** A table's delimiter row: cells of three or more dashes, with an alignment colon or not. */
const DELIMITER_ROW_RE = /^[ \t]{0,8}\|?(?:[ \t]{0,4}:?-{3,80}:?[ \t]{0,4}\|){1,40}/;
/** A line that goes on with the table: a pipe first. */
const ROW_START_RE = /^[ \t]{0,8}\|/;
/** How many of the table's rows above a row are looked through for its delimiter row. */
const ROWS_ABOVE = 64;

/** Whether the line at `start` in `text` is a row of a markdown table of statuses (see above). */
export function statusTableRow(text: string, start: number, line: string): boolean {
  if (!TABLE_ROW_RE.test(line) || !STATUS_CELL_RE.test(line) || PRINTED_RE.test(line)) return false;
  // the nearest row above that is the delimiter row, or a line that is no row (the table ended above this row)
  return nearestAbove(text, start, 0, ROWS_ABOVE, delimiterAbove) ?? false;
}

function delimiterAbove(above: string): boolean | null {
  return DELIMITER_ROW_RE.test(above) ? true : ROW_START_RE.test(above) ? null : false;
}
