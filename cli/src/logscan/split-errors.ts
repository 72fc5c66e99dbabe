/**
 * One line that holds several errors, read as one part each: the elements of Claude Code's Errors
 * array, or distinct API error bodies one after the other (splitErrors). Every regex is linear:
 * test/security/redos-static.test.ts reads them.
 */

/**
 * The Errors array of Claude Code's bug reports: `[{"error":"Error: 529 {…}\n    at …","timestamp":"…"},…]`,
 * at the start of a line or after a logger's prefix (`… ERROR app: [{"error":…`), also quoted as a
 * string value (`err="[{\\"error\\":…`, `RuntimeError('[{"error":…`).
 */
export const ERRORS_ARRAY_RE = /(?:^|[\s:=|>'"(])\[\{(\\?)"error\1":\1"/;

/** A cause's label right before a body (`cause: Error: SSE Error: {…`): Node's inspect of an error's `cause`. */
const CAUSE_BEFORE_RE = /\bcause: [^{}]{0,40}$/;

/** The JSON object that opens `s` (its braces balanced, strings not read), up to 4,096 characters. */
function objectAt(s: string): string {
  let depth = 0;
  const end = Math.min(s.length, 4096);
  for (let j = 0; j < end; j++) {
    const c = s.charCodeAt(j);
    if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return s.slice(0, j + 1);
  }
  return s.slice(0, end);
}

/** Errors read out of one line at most (an Errors array keeps the last 100 or so). */
const MAX_PARTS = 64;

/**
 * The errors of one line, when it holds several: the elements of Claude Code's Errors array, or
 * distinct API error bodies (`{"type":"error","error":…}`) named one after the other (identical
 * bodies count once: a wrapper quoting the error it re-raises). Each part starts a little before
 * its body, to keep its `Error: 529 ` prefix. Returns [line] for a line with one error.
 */
export function splitErrors(line: string): string[] {
  const array = ERRORS_ARRAY_RE.exec(line);
  if (array) {
    const q = `${array[1]}"`; // `\"` when a logger quoted the array as a string
    const parts = line.split(`{${q}error${q}:${q}`, MAX_PARTS + 1).slice(1);
    if (parts.length > 1) return parts;
    return [line];
  }
  const starts: number[] = [];
  const re = /\{\\*["']type\\*["']:\s?\\*["']error\\*["'],\s?\\*["']error\\*["']:/g;
  for (let m = re.exec(line); m !== null && starts.length < MAX_PARTS; m = re.exec(line)) starts.push(m.index);
  if (starts.length < 2) return [line];
  const parts: string[] = [];
  const seen = new Set<string>();
  const bodies = new Set<string>();
  for (let i = 0; i < starts.length; i++) {
    // a body's own prefix (`Error code: 429 - `) up to 40 characters back, never the previous body's end
    const from = i === 0 ? 0 : Math.max(starts[i]! - 40, starts[i - 1]! + 1, line.lastIndexOf('}', starts[i]!) + 1);
    const body = line.slice(starts[i], starts[i + 1] ?? line.length);
    const key = body.replace(/req_[A-Za-z0-9_]{12,64}/g, '');
    if (seen.has(key)) continue;
    seen.add(key);
    // an error's cause that prints the body the error printed (`APIConnectionError: {…}` … `cause: Error: SSE Error: {…}`) is that error
    const own = objectAt(body).replace(/req_[A-Za-z0-9_]{12,64}/g, '');
    if (bodies.has(own) && CAUSE_BEFORE_RE.test(line.slice(from, starts[i]))) continue;
    bodies.add(own);
    parts.push(line.slice(from, starts[i + 1] ?? line.length));
  }
  return parts.length > 1 ? parts : [line];
}
