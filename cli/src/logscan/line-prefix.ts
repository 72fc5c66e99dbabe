/**
 * Prefixes that log shippers and pastes put in front of every line of an application's log:
 * docker compose (`api-1  | `), pm2 (`0|api  | `), syslog and journald (`Mar 12 23:40:50 host
 * node[1062716]: `), the container runtime's log files under Kubernetes (`2025-03-01T10:00:00.1Z
 * stderr F `), `docker logs --timestamps` (`2025-03-01T10:00:00.123456789Z `: nanoseconds) and a
 * GitHub Actions raw log (`2025-03-01T10:00:00.1234567Z `: 100 ns ticks), fractions an application's
 * own timestamps do not print (3 or 6 digits), a quote (`> `), a box-drawing bar (`│ `, with
 * the panel's right edge when it has one) and a markdown code block's indentation (four spaces or a
 * tab on every one of the first lines: a log pasted indented as a whole). The recognisers read a line's shape
 * from its first character (a JSON record, a stack frame, a pretty-printed object, Claude Code's
 * Errors array) and a continuation from its indentation (one space a terminal cut before, or a line
 * of its own), so a prefix on every line hides the log's structure. When most of the first lines
 * of an input carry one of these prefixes (all of them for an indentation, which a log's own
 * frames and nested lines have too), it is removed from every line that has it; line numbers
 * stay the same. Every regex is anchored and linear (test/security/redos-static.test.ts).
 */

/** A box-drawing bar at the start of a line (a TUI's panel, a debug console's frame). */
const BOX_BAR_RE = /^ {0,4}│ ?/gm;
/** The panel's right edge: its padding and bar at the end of a line, removed with the left one. */
const BOX_EDGE_RE = / {0,400}│[ \t]*$/gm;

/** Global and multiline: replace() removes each at every line start. */
const PREFIXES: readonly RegExp[] = [
  /^[a-z0-9][\w.-]{0,63} {1,40}\| /gm, // docker compose: service name (lowercase) padded to a column, then `| `
  /^\d{1,4}\|[\w.-]{1,64} {1,40}\| /gm, // pm2: process id, name, `| `
  /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d [\w.-]{1,64} [\w./-]{1,64}(?:\[\d{1,10}\])?: /gm, // syslog, journald
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d) (?:stdout|stderr) [FP] /gm, // CRI log files
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7,9}Z /gm, // `docker logs --timestamps` (nanoseconds), GitHub Actions raw logs (100 ns ticks), UTC
  /^ {0,4}> ?/gm, // a quote
  BOX_BAR_RE,
];

/** A markdown code block's indentation: on every one of the first lines, or it is the log's own. */
const CODE_BLOCK_INDENT_RE = /^(?: {4}|\t)/gm;

/** How many of the first lines are looked at, and how many of those must carry the prefix. */
const SAMPLE_LINES = 20;
const MIN_SHARE = 0.6;
const MIN_LINES = 2;

/**
 * The prefix most of the first non-empty lines of `text` carry, or null. `text` is the start of
 * an input (its first block); a prefix on fewer than MIN_LINES lines is not one.
 */
export function detectLinePrefix(text: string): RegExp | null {
  const lines: string[] = [];
  let pos = 0;
  while (lines.length < SAMPLE_LINES && pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    const line = text.slice(pos, Math.min(end, pos + 512));
    if (line.trim()) lines.push(line);
    pos = end + 1;
  }
  if (lines.length < MIN_LINES) return null;
  for (const re of PREFIXES) {
    let n = 0;
    for (const l of lines) {
      re.lastIndex = 0; // global (for replace): test() would go on from the last match
      if (re.test(l)) n++;
    }
    if (n >= MIN_LINES && n >= lines.length * MIN_SHARE) return re;
  }
  return lines.every((l) => indentedBy(l, 4)) ? CODE_BLOCK_INDENT_RE : null;
}

/**
 * Whether a line starts with at least `n` spaces or a tab: indentation, not text (a code block's
 * four, a continuation's two; one space before the text is a terminal's cut). The one test of a
 * line's indentation, here and where wrapped lines are joined (wrapped-body.ts, hard-wrap.ts,
 * cut-line.ts); it allocates nothing.
 */
export function indentedBy(line: string, n: number): boolean {
  if (line.startsWith('\t')) return true;
  for (let i = 0; i < n; i++) if (line.charCodeAt(i) !== 32) return false;
  return true;
}

/**
 * `text` with `prefix` (from detectLinePrefix) removed at the start of every line that has it.
 * `atLineStart` says whether `text` begins a line (a block may begin in the middle of one).
 */
export function stripLinePrefix(text: string, prefix: RegExp, atLineStart: boolean): string {
  const edged = prefix === BOX_BAR_RE ? text.replace(BOX_EDGE_RE, '') : text;
  if (atLineStart) return edged.replace(prefix, '');
  const nl = edged.indexOf('\n');
  if (nl === -1) return edged;
  return edged.slice(0, nl + 1) + edged.slice(nl + 1).replace(prefix, '');
}
