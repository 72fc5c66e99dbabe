/**
 * Which lines are worth a closer look. The scanner runs TRIGGER_RE over whole blocks of text (not
 * line by line), so its cost is one regex pass per block; only lines with a hit are parsed.
 * Keep the alternatives literal and case-sensitive: that is what makes the pass fast.
 */
export const TRIGGER_RE = new RegExp(
  [
    'anthropic',
    'Anthropic',
    'claude',
    'Claude',
    'CLAUDE',
    '_error\\b',
    'Error code: [45]\\d\\d',
    'ThrottlingException',
    'ModelStreamErrorException',
    'AccessDeniedException',
    'ValidationException',
    'RESOURCE_EXHAUSTED',
    'PERMISSION_DENIED',
    'aiplatform',
    'bedrock',
    'Bedrock',
    'APIConnection',
    'APITimeoutError',
    'APIUserAbortError',
    'PoolTimeout',
    'socket hang up',
    'ECONNRESET',
    'ECONNREFUSED',
    'ENOTFOUND',
    'fetch failed',
    'resourceSpans',
    'resourceLogs',
  ].join('|'),
  'g',
);

/** Words that show an unmatched line is about the Claude API, so it counts as an unknown pattern. */
export const CLAUDE_CONTEXT_RE = /anthropic|claude|bedrock|vertex|aiplatform/i;

/** Markers of an error line (as opposed to an info line that mentions Claude). */
export const ERROR_MARKER_RE = /\b(?:error|exception|failed|failure|fatal|refused|denied|timed? ?out|\d{3} \{)|Error\b|Exception\b/i;

/** Stack frames and code lines inside tracebacks: never error lines themselves. */
export const FRAME_RE = /^\s*(?:at\s|File\s"|\^+\s*$|~+\s*$|\.\.\.<\d+ lines>\.\.\.)/;
