/**
 * Which lines are worth a closer look. The scanner runs TRIGGER_RE over whole blocks of text (not
 * line by line), so its cost is one regex pass per block; only lines with a hit are parsed.
 * Keep the alternatives literal and case-sensitive, and shared prefixes factored out (`E(?:CONN…)`,
 * `[Aa]nthropic`): that is what makes the pass fast (about a third faster than one alternative per word).
 */
export const TRIGGER_RE = new RegExp(
  [
    '[Aa]nthropic',
    '[Cc]laude',
    'CLAUDE',
    '[Bb]edrock',
    'aiplatform',
    '[Vv]ertex',
    // the SDKs' status error classes (Python, TypeScript, LiteLLM's): other providers' are dropped later
    '(?:RateLimit|InternalServer|BadRequest|Authentication|PermissionDenied|NotFound|APIStatus|ServiceUnavailable)Error',
    'resource(?:Spans|Logs)',
    '_error\\b',
    'Error code: [45]\\d\\d',
    '(?:Throttling|ModelStreamError|AccessDenied|Validation)Exception',
    'RESOURCE_EXHAUSTED',
    'PERMISSION_DENIED',
    'API(?:Connection|TimeoutError|UserAbortError|CallError| [Ee]rror)', // SDK classes, the AI SDK's, Claude Code's wording
    'PoolTimeout',
    'socket hang up',
    'E(?:CONN(?:RESET|REFUSED)|NOTFOUND)',
    'fetch failed',
    // Claude Code's own wording (TUI, -p output, retry banners)
    'Unable to connect to API',
    'Connection error', // the SDKs' APIConnectionError message, and Claude Code's debug log
    'non-streaming',
    '"is_error": ?true', // Claude Code's stream-json result of a failed turn
    'Retrying in \\d', // not '· Retrying': a non-ASCII first character slows the whole pass by a third
    '\\[\\{"error":"', // the Errors array of Claude Code's bug reports
    // Bedrock's throttling wording, printed without the service's name
    'Too many (?:tokens|requests), please wait',
  ].join('|'),
  'g',
);

/** Words that show an unmatched line is about the Claude API, so it counts as an unknown pattern. */
export const CLAUDE_CONTEXT_RE = /anthropic|claude|bedrock|vertex|aiplatform/i;

/** Markers of an error line (as opposed to an info line that mentions Claude). */
export const ERROR_MARKER_RE = /\b(?:error|exception|failed|failure|fatal|refused|denied|timed? ?out|\d{3} \{)|Error\b|Exception\b/i;

/** Stack frames and code lines inside tracebacks: never error lines themselves. */
export const FRAME_RE = /^\s*(?:at\s|File\s"|\^+\s*$|~+\s*$|\.\.\.<\d+ lines>\.\.\.)/;
