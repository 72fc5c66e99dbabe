/**
 * A body or a message a terminal or an editor wrapped over several lines, read as one line: the
 * lines after a hit that go on with it (joinWrapped), and a body's terminal padding removed
 * (unpad). Every regex is linear (bounded runs, no adjacent quantifiers over the same
 * characters): test/security/redos-static.test.ts reads them.
 */

import { indentedBy } from './line-prefix.js';
import { CLAUDE_CODE_RE } from './recognise.js';
import { WRAPPED_BODY_END_RE } from './record-start.js';

/**
 * Terminal padding inside a pasted body: a line wrapped by the terminal and copied back reads
 * `"overload     ed_error"` or `"req_011C     cLPrM…"`. Runs of 3 or more spaces between two
 * non-space characters inside the body (from its first `{`) are removed.
 */
export function unpad(line: string): string {
  const brace = line.indexOf('{');
  if (brace === -1 || line.indexOf('   ', brace) === -1) return line;
  return line.slice(0, brace) + line.slice(brace).replace(/([^ ]) {3,200}(?=[^ ])/g, '$1');
}

/** Openers minus closers of `{` and `(` in the body of a line, for wrapped bodies. */
export function openCount(text: string): { braces: number; parens: number } {
  let braces = 0;
  let parens = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123) braces++;
    else if (c === 125) braces--;
    else if (c === 40) parens++;
    else if (c === 41) parens--;
  }
  return { braces, parens };
}

const LAST_STATUS_RE = /\bAPI [Ee]rror:? \(?\d{3} ?$/;
const UI_MARKER_RE = /^\s{0,12}(?:[⎿✻⏺●>❯]|\[\{)/;

/**
 * A status printed with its message that stops on a single space (`Error code: 429 - rate_limit_error:
 * This request would exceed the rate limit ` then `for your organization of 40,000 input tokens …`):
 * the writer's editor or terminal wrapped the message at a word and kept the space it broke at. A
 * line a program ended has no trailing space; markdown's line break is two spaces or more.
 */
const SPACE_WRAPPED_RE = /\b[45]\d\d\b[^\n]{0,400}[^\s] $/;
/** A line that starts text of its own, never the rest of a wrapped message: a list item, a heading, a quote, a table row. */
const OWN_LINE_RE = /^(?:[-*+] |\d{1,3}[.)] |#{1,6} |>|\|)/;

/**
 * botocore's ClientError message broken after `when calling the` (`An error occurred
 * (ValidationException) when calling the` then `ConverseStream operation: The provided model
 * identifier is invalid.` on the next line, at the margin): the app's log writer wrapped it at a word
 * and dropped the space. The operation's name, a capitalised word followed by `operation` and
 * botocore's colon or its retry count (`InvokeModel operation (reached max retries: 4): …`), goes on
 * with the message; the two are read as one, a space between them.
 */
const CALLING_THE_END_RE = /\bwhen calling the\s{0,4}$/;
const OPERATION_START_RE = /^[A-Z][A-Za-z0-9]{1,60} operation(?::|\s\()/;

/** An exception's repr opening its message (`ValidationException('An error occurred …`): its parenthesis closes where the message ends. */
const REPR_OPEN_RE = /\w(?:Error|Exception)\(['"]/;

/**
 * A line that holds only a status and the API's error type (`400 invalid_request_error`): the API's
 * error retyped or logged with its message on the lines below it, wrapped at the margin.
 */
export const STATUS_TYPE_LINE_RE =
  /^\s{0,12}[45]\d\d:? (?:(?:invalid_request|authentication|permission|not_found|rate_limit|api|overloaded|billing|timeout)_error|request_too_large)\s{0,8}$/;

/** A line that ends where an HTML page begins: a gateway's page printed as the error's message. */
const HTML_OPEN_RE = /<(?:!DOCTYPE html|html)\b[^>]{0,200}>\s*$/i;
const HTML_CLOSE_RE = /<\/html>/i;

/**
 * How many of the lines after a hit belong to its body when a terminal wrapped it: lines that
 * continue an unclosed `{` (indented), an unclosed `(` of a UI banner (any text, e.g. a gateway's
 * HTML page) or of an exception's repr (`RuntimeError: ValidationException('… with` then
 * `on-demand throughput isn't supported …')` at the margin), an HTML page the line opens (an SDK prints a gateway's page as the message:
 * `anthropic.InternalServerError: <html>` then `<head><title>502 Bad Gateway</title>…`, up to
 * `</html>`), follow a UI line that ends on its status (`API Error: 400` then the body), or give the
 * message of a line that holds only a status and the API's error type (`400 invalid_request_error`
 * then the message at the margin, up to a blank line), or name the operation botocore's message
 * was broken before (`… when calling the` then `ConverseStream operation: …`, CALLING_THE_END_RE).
 * Returns the joined text and the offset where the body ends. At most `maxLines` lines and
 * `maxChars` characters are joined.
 */
export function joinWrapped(text: string, line: string, end: number, maxLines = 16, maxChars = 8192): { joined: string; end: number; lines: number } {
  let joined = line;
  let open = openCount(line);
  const ui = CLAUDE_CODE_RE.test(line);
  let wantBody = ui && LAST_STATUS_RE.test(line.trimEnd());
  let html = HTML_OPEN_RE.test(line);
  // a status and the API's error type alone: the message follows, up to a blank line
  const message = STATUS_TYPE_LINE_RE.test(line);
  // a UI banner's parenthesis, or an exception repr's, holds the message: the terminal may wrap it anywhere
  const parensHold = ui || REPR_OPEN_RE.test(line);
  // a message wrapped at a word, the space kept: it goes on at the margin
  let spaceWrap = SPACE_WRAPPED_RE.test(line);
  // botocore's message broken after `when calling the`: the operation's name goes on at the margin
  let operation = CALLING_THE_END_RE.test(line);
  const lead = spaceWrap || operation ? /^[ \t>]*/.exec(line)![0] : '';
  let pos = end;
  let lines = 0;
  while ((open.braces > 0 || (parensHold && open.parens > 0) || wantBody || html || message || spaceWrap || operation) && lines < maxLines && pos < text.length && joined.length < maxChars) {
    let next = text.indexOf('\n', pos + 1);
    if (next === -1) next = text.length;
    let cont = text.slice(pos + 1, Math.min(next, pos + 1 + maxChars));
    if (cont.endsWith('\r')) cont = cont.slice(0, -1); // a Windows line end
    const indented = indentedBy(cont, 1);
    // a page has blank lines of its own
    if ((!html && !cont.trim()) || UI_MARKER_RE.test(cont) || WRAPPED_BODY_END_RE.test(cont)) break;
    // a message wrapped at a word goes on at the margin, as text of the same sentence
    // (at the line's own indentation: a log indented as a whole wraps at its margin)
    const spaced = spaceWrap && cont.startsWith(lead) && !/\s/.test(cont.charAt(lead.length)) && !OWN_LINE_RE.test(cont.slice(lead.length));
    // the operation's name at the line's own margin, right after `when calling the`
    const named = operation && cont.startsWith(lead) && OPERATION_START_RE.test(cont.slice(lead.length));
    const wrapped = spaced || named;
    if ((spaceWrap || operation) && !wrapped && !(html || message || open.braces > 0 || (parensHold && open.parens > 0) || wantBody)) break;
    // a body cut by the terminal goes on at the margin too: inside an open brace, or a UI banner's parenthesis
    if (!(indented || html || message || wrapped || open.braces > 0 || (parensHold && open.parens > 0))) break;
    const piece = cont.trimStart();
    if (wantBody && !piece.startsWith('{')) break;
    wantBody = false;
    if (html && HTML_CLOSE_RE.test(piece)) html = false;
    // one space before the text is the text's own: a terminal cut the line at its width, before a space
    const cut = !indentedBy(cont, 2) && cont.startsWith(' ') && !joined.endsWith(' ');
    joined += piece ? (html ? `${piece} ` : message || cut || named ? ` ${piece}` : piece) : '';
    spaceWrap = spaced && / $/.test(cont) && !/ {2}$/.test(cont);
    operation = false;
    open = openCount(joined);
    pos = next;
    lines++;
  }
  return { joined, end: pos, lines };
}
