/**
 * A proxy's own wording of the status its upstream answered, in its words (`upstream 429 (retry
 * 1/3), waiting 0.9s`, `upstream returned 503`, `upstream error: 500`): the status of the request
 * it forwarded, whatever the proxy answers its own caller. Like any status, it counts with Claude
 * context tied to the line (line-scanner.ts, upstreamStatus).
 */
export const UPSTREAM_STATUS_RE = /upstream (?:returned |responded with |error:? )?([45]\d\d)\b/;

/**
 * Which lines are worth a closer look. The scanner runs TRIGGER_RE over whole blocks of text (not
 * line by line), so its cost is one regex pass per block; only lines with a hit are parsed.
 * Keep the alternatives literal and case-sensitive, and shared prefixes factored out (`E(?:CONN…)`,
 * `[Aa]nthropic`): that is what makes the pass fast (about a third faster than one alternative per word).
 * Each alternative's first character is a candidate at every position of the text: one that starts
 * with a frequent character (`"`, `[`, a lowercase letter) or a non-ASCII one (`·`) slows the pass
 * by a quarter or more, so alternatives start with a capital letter where they can.
 */
const TRIGGER_WORDS = [
  '[Aa]nthropic',
  '[Cc]laude',
  'CLAUDE',
  '[Bb]edrock',
  'aiplatform',
  'Vertex',
  // the SDKs' status error classes (Python, TypeScript, LiteLLM's): other providers' are dropped later
  '(?:RateLimit|InternalServer|BadRequest|Authentication|PermissionDenied|NotFound|APIStatus|ServiceUnavailable)Error',
  'resource(?:Spans|Logs)',
  // the API's error types; request_too_large is the one whose name does not end in _error
  '_(?:error|too_large)\\b',
  // an API status; Claude Code's debug log of a failed stream and its fallback
  'Error (?:code: [45]\\d\\d|streaming|in non-streaming)',
  '(?:Throttling|ModelStreamError|AccessDenied|Validation)Exception',
  'RESOURCE_EXHAUSTED',
  // SDK classes, the AI SDK's, Claude Code's wording (also in its stream-json results: `Invalid API key`);
  // an AWS SDK's ClientError (`An error occurred (ThrottlingException) when calling the Converse operation`),
  // however its exception is spelled
  'A(?:PI(?:Connection|TimeoutError|UserAbortError|CallError| [Ee]rror| key)|n error occurred \\()',
  // httpx's pool timeout; Vertex's refusal; the API's refusal of a long prompt with its numbers as
  // Claude Code and the SDKs' messages print it (`Prompt is too long: 203073 tokens > 200000
  // maximum`: the bare words are shared, this form is the API's own, recognise.ts ANTHROPIC_MARK_RE;
  // in the API's envelope it is lowercase, after `invalid_request_error`). One alternative for the
  // three: a fourth starting with `P`, or one starting with `>`, costs the pass 10 to 30 %. Claude
  // Code's own message for that refusal, `Prompt is too long` (its PROMPT_TOO_LONG_ERROR_MESSAGE,
  // services/api/errors.ts), standing as a whole message after an error label's colon or at a
  // line's head, up to the line's end or a closing quote (escaped too, in a logger's record) or bracket: tools built on Claude Code pass
  // it on as their own error's message (the Agent Client Protocol adapter's JSON-RPC error
  // `message = "Internal error: Prompt is too long"`). The catalog reads it as the API's refusal,
  // status 400. A local model's `prompt is too long (2249 tokens, max 1996)` goes on with its own
  // numbers, and a sentence quoting the words (`said "Prompt is too long"`) has no colon before them.
  'P(?:oolTimeout|ERMISSION_DENIED|rompt is too long(?:: [1-9]\\d{0,8} tokens > |(?<=(?::[ \\t]{1,4}|(?:^|\\n)[ \\t⎿]{0,20})Prompt is too long)(?=[ \\t]{0,4}(?:\\\\{0,4}["\'})\\]]|[\\r\\n]|$))))',
  'socket hang up',
  'E(?:CONN(?:RESET|REFUSED)|NOTFOUND)',
  'fetch failed',
  'Unable to connect to API',
  'Connection error', // the SDKs' APIConnectionError message
  'Could not resolve authentication method', // the TypeScript SDK's message for a missing key
  'Request was aborted',
  'Retrying in \\d', // Claude Code's retry banners
  "You['’]ve hit your", // Claude Code's line for the plan's usage limit (recognise.ts, PLAN_LIMIT_RE)
  // Bedrock's throttling wording, printed without the service's name; its wording for the model's
  // own refusal (a ValidationException's message: `The model returned the following errors: …`);
  // the API's own refusal of a rate limit, quoted without its body (`Last error: This request would
  // exceed your organization's rate limit of 30,000 input tokens per minute`); its refusal of a Claude
  // Code credential sent by another client (recognise.ts, CREDENTIAL_REFUSAL_RE)
  'T(?:oo many (?:tokens|requests), please wait|he model returned the following errors?|his (?:request would exceed|credential is only authorized for use with Claude Code))',
  // an HTTP client's status line with the API's own 529 (`Request failed with status: 529 <unknown status code>`)
  '[Ss]tatus(?: code)?:? 529\\b',
  // the Messages API's own words in its refusals, printed without a status or an error class: its
  // block types and request fields (other providers name theirs tool_calls, toolUse, …) and its
  // own wordings; words other APIs share (max_tokens, prompt is too long, x-api-key) are left out
  'tool_(?:use|result)',
  'cache_control',
  'budget_tokens',
  'content blocks',
  'compiled grammar',
  'first message must',
  'message_stop',
  // the SDKs' own refusals before any request (recognise.ts, ANTHROPIC_MARK_RE)
  'browser-like environment',
  'treaming is (?:strongly recommended|required) for operations',
  // the pre-1.0 Python SDK's ApiException tuple (recognise.ts, ANTHROPIC_MARK_RE)
  "'(?:post|get) request failed with status code: [45]",
  // a proxy's own wording of its upstream's status (UPSTREAM_STATUS_RE)
  UPSTREAM_STATUS_RE.source,
  // the API's 529 in Claude Code's words, `529 Overloaded` (overloaded-status.ts, OVERLOADED_STATUS_RE): it starts with
  // the capital `O` and checks the status behind it, so the pass gains no digit as a first character
  'Overloaded(?<=(?<![\\w./`*-])529 Overloaded)(?![\\w`*])',
];

export const TRIGGER_RE = new RegExp(TRIGGER_WORDS.join('|'), 'g');

/** TRIGGER_RE for one line (TRIGGER_RE is global, its lastIndex the block scan's). */
export const TRIGGER_LINE_RE = new RegExp(TRIGGER_WORDS.join('|'));

/** Words that show an unmatched line is about the Claude API, so it counts as an unknown pattern. */
export const CLAUDE_CONTEXT_RE = /anthropic|claude|bedrock|vertex|aiplatform|invokemodel|converse(?:stream)? operation/i;

/** Markers of an error line (as opposed to an info line that mentions Claude). */
export const ERROR_MARKER_RE = /\b(?:error|exception|failed|failure|fatal|refused|denied|timed? ?out|\d{3} \{)|Error\b|Exception\b/i;

/** Stack frames and code lines inside tracebacks: never error lines themselves. */
export const FRAME_RE = /^\s*(?:at\s|File\s"|\^+\s*$|~+\s*$|\.\.\.<\d+ lines>\.\.\.)/;
