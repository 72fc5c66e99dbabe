/**
 * A line that starts a record of its own, never the rest of the line above it: a timestamp, a
 * bracketed timestamp, a JSON object, a Python traceback, a code fence, a time of day. The three
 * readers that join a line's pieces stop at one; each adds what else starts a line of its own in
 * what it reads (below). Every pattern is anchored and linear (test/security/redos-static.test.ts).
 */

/** A date at a line's start (`2025-03-01`, an ISO timestamp's). */
const DATE = String.raw`\d{4}-\d\d-\d\d`;
/** The other starts every reader shares: a bracketed timestamp, a JSON object, a traceback, a code fence, a time. */
const SHARED = String.raw`\[\d{4}-|\{"|Traceback|` + '```' + String.raw`|\d\d:\d\d:\d\d`;

/**
 * joinWrapped (wrapped-body.ts): the lines a body or a message wrapped over may be indented and
 * may start with anything the body holds (a frame, a list mark), and its own tests stop the rest
 * (a blank line, Claude Code's markers, a list item or quote after a message wrapped at a word):
 * the shared starts only.
 */
export const WRAPPED_BODY_END_RE = new RegExp(`^(?:${DATE}|${SHARED})`);

/**
 * hard-wrap.ts: a piece of a line cut at a fixed width may begin anywhere in a value, so a
 * timestamp that closes a quoted string (`2026-06-08T16:01:47.767Z"},{"error":…`, an Errors array
 * cut at the width) is inside the value, not a record; a stack frame starts a line of its own at any
 * indentation (`\s+at\s`), and so does a Python frame (`\s*File "`).
 */
export const WIDTH_PIECE_START_RE = new RegExp(String.raw`^(?:${DATE}(?![\dT:.,+Z-]*\\?["'])|${SHARED}|\s+at\s|\s*File ")`);

/**
 * cut-line.ts: one line cut once at the margin, in a paste that is often markdown prose: a frame
 * or a Python frame one space in at most (deeper is indented, a line of its own already), and
 * markdown's own lines (a list item, a quote, a table row, a heading, a numbered item) start text
 * of their own.
 */
export const CUT_PIECE_START_RE = new RegExp(String.raw`^(?:${DATE}|${SHARED}|\s?at\s|\s?File "|[-*+>|] |#{1,6} |\d{1,3}[.)] )`);
