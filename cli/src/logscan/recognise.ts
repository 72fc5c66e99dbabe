/**
 * What a candidate line says about itself, from its format and its own words: whether it is a
 * Claude Code UI line or retry banner, whose API it talks about (Claude or another provider),
 * whether it is telemetry, which request id it carries, how a body wrapped over terminal lines
 * continues, and where one line holds several errors. Every regex is linear (bounded runs, no
 * adjacent quantifiers over the same characters): test/security/redos-static.test.ts reads them.
 */

import { namesErrorKind } from './error-kind-prose.js';
import { indentedBy } from './line-prefix.js';
import { otherVendorModel } from './model-field.js';
import { PROVIDER_FIELD_RE } from './named-field.js';
import { OTHER_PROVIDER_HOST_RE, otherProviderBody } from './other-provider-body.js';
import { WRAPPED_BODY_END_RE } from './record-start.js';

/**
 * Claude Code's line for a request its Claude plan refused (the usage window spent): `You've hit
 * your limit · resets 1am (Europe/Oslo)`, `You've hit your session limit · resets …`, `… weekly
 * limit · resets …`, and the older `Claude usage limit reached. Your limit will reset at …` and
 * `Claude AI usage limit reached|1760000400`. A warning before the limit (`Approaching usage
 * limit`) is not one.
 */
export const PLAN_LIMIT_RE = /You['’]ve hit your (?:\w{1,12} )?limit · resets\b|\bClaude (?:AI )?usage limit reached\b/;

/** Claude Code's own wording for a failed API call (TUI, `-p` output, retry banners, the plan's limit). */
export const CLAUDE_CODE_RE = new RegExp(
  `${/\bAPI [Ee]rror\b|\bUnable to connect to API\b|[Ss]tream connection error\b|· Retrying in \d|^\s{0,12}⎿ {1,4}Error: \d{3}\b|Error streaming, falling back|Error in non-streaming fallback/.source}|${PLAN_LIMIT_RE.source}`,
);

/**
 * A failed call as Gemini CLI and its forks (Qwen Code) print it, in brackets: `✕ [API Error: got
 * status: UNAVAILABLE. {…}]`, `✕ [API Error: OpenAI API error: 400 …]`. Claude Code never brackets
 * its `API Error` line: the words are no mark of Claude Code there (the failure still counts by the
 * API's own marks or Claude in its event).
 */
export const BRACKETED_API_ERROR_RE = /\[API [Ee]rror: /;

/** A line that details the error above it rather than reporting another: a cause, Claude Code's connection details. */
export const DETAIL_RE = /^\s{0,12}cause: |Connection error details:/;

/**
 * An Elixir stack frame (`(anthropix 0.6.1) lib/anthropix/api_error.ex:6:
 * Anthropix.APIError.exception(%Req.Response{status: 503, …})`). Each frame of the stack under one
 * exception may print the same response again: a frame right under a frame that showed the error
 * is that error again, not another failure.
 */
export const ELIXIR_FRAME_RE = /^\s{0,12}\([a-z]\w{0,63} \d[^)\s]{0,40}\) [^\s:]{1,200}\.(?:exs?|erl):\d{1,7}: /;

/**
 * A line Claude Code nests under the UI line above it (`    ⎿  TypeError (fetch failed)` under a
 * retry banner): the cause of that failure, when it is not an API error line itself (retry banners
 * are tested apart).
 */
export const UI_SUBLINE_RE = /^\s{0,16}⎿ {1,4}(?! |API [Ee]rror|Error: \d)/;

/**
 * An error of another HTTP client than the API's SDK, with no API status or type: Claude Code's
 * side requests (axios) fail with their own timeouts and statuses, which are not API calls.
 */
export const OTHER_CLIENT_RE = /\bAxiosError\b/;

/**
 * A server's access log line: the request it received, quoted with its path (not a URL), and the
 * status it answered its own client with: uvicorn's `INFO:     127.0.0.1:57771 - "POST /invoke
 * HTTP/1.1" 500 Internal Server Error`, Werkzeug's and the Common Log Format's `… [12/Sep/2024
 * 15:18:25] "POST /v1/chat/completions HTTP/1.1" 500 -`. It is the app's answer to its caller,
 * not an API response (an app that failed on the API logged that failure on its own line); an
 * HTTP client's log of its request names the URL it called (`HTTP Request: POST
 * https://api.anthropic.com/v1/messages "HTTP/1.1 400 Bad Request"`).
 */
export const SERVED_REQUEST_RE = /"(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \/[^\s"]{0,2048} HTTP\/\d(?:\.\d)?" [1-5]\d\d\b/;

/** A modal verb of possibility with a verb of answering: what the API can return, not what it returned. */
const MAY_ANSWER_RE = /\b(?:[Cc]an|[Mm]ay|[Mm]ight|[Cc]ould)(?: also| sometimes| occasionally)? (?:return|respond|send|throw|raise|emit|give|surface)s?\b/;
/**
 * The same prose in two other shapes: a condition on the API's answer in the present tense (`if
 * the Anthropic API is overloaded and returns a 529`, `When Bedrock returns 503 …`) or on its state
 * (`When Anthropic was overloaded, users got a generic error message`) or on reaching a limit
 * (`… was terminating with exit code 1 when hitting rate limits (HTTP 429)`), and an example
 * (`(e.g., Bedrock 503 ServiceUnavailableException)`, `such as 429`). A report of one's own
 * failure says who met it (`when I send a prompt it returns …`, FIRST_PERSON_RE) or prints it.
 * (describesOnly reads two more shapes: an explanation of the error, EXPLAINS_RE, and its name in
 * quotes as a kind of error, QUOTED_KIND_RE.)
 */
const IF_ANSWERS_RE =
  /\b(?:[Ii]f|[Ww]hen(?:ever)?)\b[^.;:!?\n]{1,80}? (?:returns|responds with|sends|throws|raises|(?:is|was|are|were|gets|got|becomes|became) (?:overloaded|rate[- ]limited|unavailable|down)\b)|\b(?:[Ii]f|[Ww]hen(?:ever)?) (?:[a-z]{2,12} ){0,3}(?:hit|hits|hitting|reach|reaches|reaching|exceed|exceeds|exceeding) (?:the |a |its |their |your )?(?:rate|usage|token|request) limits?\b|\b(?:e\.g\.|[Ff]or example|[Ff]or instance|such as)/;
/** A body or an envelope printed (its opening brace or bracket and a quote): a failure shown, whatever prose is around it. */
const BODY_PRINTED_RE = /[{[]\s?\\?["']/;
/** A status or an API error type, which an error line prints before any prose about it. */
const FAILURE_SHOWN_RE = /\b[45]\d\d\b|\b[a-z][a-z_]{2,30}_error\b/;

/**
 * Prose about what the API can answer, not a report of an answer: `When Anthropic is overloaded it
 * can return HTTP 529 (`overloaded_error`)`, `the API may return a 429`. The status or error type
 * comes after the modal phrase; a log line shows its failure first and may add such a sentence
 * after it (`Error code: 529 … The API can return this when busy` stays an error).
 */
export function describesOnly(line: string): boolean {
  const m = MAY_ANSWER_RE.exec(line);
  if (m !== null) return !FAILURE_SHOWN_RE.test(line.slice(0, m.index));
  const c = IF_ANSWERS_RE.exec(line);
  if (c !== null) return !FAILURE_SHOWN_RE.test(line.slice(0, c.index)) && !FIRST_PERSON_RE.test(line) && !BODY_PRINTED_RE.test(line.slice(c.index));
  // an explanation of the error names it as its subject, whatever status it names: it prints nothing;
  // nor does a sentence that names the error in quotes as a kind of error (`hitting "max input tokens exceeded" errors`)
  // a limit's size stated with no failure shown before it
  const limit = LIMIT_STATED_RE.exec(line);
  const stated = limit !== null && !FAILURE_SHOWN_RE.test(line.slice(0, limit.index));
  // an error kind named in the plural (`Anthropic overloaded errors`), with no failure shown on the line (error-kind-prose.ts)
  const kind = (QUOTED_KIND_RE.test(line) || namesErrorKind(line)) && !FAILURE_SHOWN_RE.test(line);
  const shape = EXPLAINS_RE.test(line) || QUOTED_CHANGE_RE.test(line) || stated || kind;
  return shape && !FIRST_PERSON_RE.test(line) && !PRINTED_RE.test(line) && !ANTHROPIC_MARK_RE.test(line);
}

/**
 * An error named in quotes as a kind of error, in a sentence: `the application was still hitting
 * "max input tokens exceeded" errors with Claude API`. A log line prints the error's message (after
 * a label, in a body), not a quoted name followed by the word for errors; a record's field
 * (`event='request failed' error=…`) is no sentence.
 */
const QUOTED_KIND_RE = /["“][^"“”\n]{3,80}["”] (?:errors?|exceptions?|failures?)(?![\w=:])/;

/**
 * A sentence that explains an error: the error as its subject with a verb of cause or meaning (`The
 * 401 "Invalid bearer token" error occurs because no valid Anthropic API key is configured`, `This
 * error occurs when the API key is not properly passed`, `… error means …`). A log line prints its
 * failure (a body, an error label with its message, a log level) before any such sentence.
 */
const EXPLAINS_RE = /\b(?:[Ee]rror|[Ee]xception)s? (?:occurs|happens|means|indicates|mentions|contains|is (?:caused|thrown|raised|returned) (?:by|when|if|because))\b/;

/**
 * A sentence that tells how an error's message changed (`The error changed from "API key not set"
 * to "Internal server error"`): it names two messages, neither printed as output.
 */
const QUOTED_CHANGE_RE = /\bfrom ["“][^"“”\n]{2,80}["”] to ["“]/;

/**
 * A sentence that states a limit's size (`Anthropic has a rate limit of 30k tokens per minute`): what
 * an account may send, not a request refused. The API's refusal says the request would exceed or has
 * exceeded it (`would exceed the rate limit for your organization of 40,000 input tokens per minute`).
 */
const LIMIT_STATED_RE = /\b(?:has|have|had|with) an? (?:(?:rate|usage|token|request|spend(?:ing)?) )?limits? of (?:about |around |up to )?[\d][\d,.]*\s?[kKmM]?\b/;

/** A markdown inline code span (group 1) or bold span (group 2), as issues and pull requests write names. */
const MD_SPAN_RE = /`([^`\n]{1,160})`|\*\*([^*\n]{1,160})\*\*/g;

/**
 * A failure printed in a code span: a body (a brace and a quote: `catch {}` is code), an exception or error type with its message, or a
 * status with the words after it (`API Error: 529 Overloaded`, a retyped banner). A name alone
 * (`overloaded_error`, `529`, `API Error: 529`, `status_code == 429`) prints none.
 */
const SPAN_PRINTS_RE = new RegExp(`${BODY_PRINTED_RE.source}|${/\b[A-Z]\w{0,40}(?:Error|Exception)\s?:\s?\S|\b[a-z][a-z_]{2,30}_error\s?:\s?\S|\b[45]\d\d\b[^A-Za-z]{0,4}[A-Za-z]{3}/.source}`);

/**
 * A failure printed outside the spans: a body opening or one of its keys (`\"message\":\"…`), an
 * error label with its message (`Error: …`, `RateLimitError: …`, `overloaded_error: Overloaded`),
 * `failed:`, a log level.
 */
const PRINTED_RE = new RegExp(
  `${BODY_PRINTED_RE.source}|${/\\?"[\w.]{1,40}\\?"\s?:\s?\\?["{[\d]|\b[A-Z]\w{0,40}(?:Error|Exception)\s?:\s{0,3}\S|\b(?:[Ee]rror|ERROR|[Ff]ailed|FAILED)(?: code)?\s?:\s{0,3}\S|\b[a-z][a-z_]{2,30}_error\s?:\s{0,3}\S|\b(?:ERROR|WARN|WARNING|FATAL|CRITICAL|SEVERE)\b/.source}`,
);

/** A word of prose: Latin letters (two or more), or a CJK character, which counts half a word. */
const PROSE_WORD_RE = /[A-Za-z]{2,}|[\u4e00-\u9fff\u3040-\u30ff\uac00-\ud7af]/g;
/** A description runs to sentences; a retyped error with a command beside it (`Got `API Error: 400` after `/compact``) does not. */
const PROSE_WORDS = 10;

/** Words of prose in a text (PROSE_WORD_RE), a CJK character counting half. */
function proseWords(text: string): number {
  let n = 0;
  for (const m of text.matchAll(PROSE_WORD_RE)) n += m[0].length === 1 ? 0.5 : 1;
  return n;
}

/**
 * The writer speaking of what happened to them (`I keep getting `API Error: 529``): a report, not a
 * description. `I` or `we` before a modal verb (`we should check for rate limit language first`,
 * `that detail is what we need to pinpoint the cause`) says what someone means to do or could do,
 * not what they met: a change's description or a maintainer's reply in the first person.
 */
const FIRST_PERSON_RE = /\b(?:I|[Ww]e)\b(?! (?:should|could|would|will|can|might|may|must|need to)\b)|\b(?:I'm|I've|I'd|[Ww]e're|[Ww]e've|[Mm]y|[Oo]ur)\b|我/;

/**
 * Claude Code's own lines, as it prints them: `API Error` with a capital E, its connection and retry
 * banners, the plan's limit. A program's output, whatever prose follows it.
 */
const CLAUDE_CODE_PRINTED_RE = new RegExp(`${/\bAPI Error\b|\bUnable to connect to API\b|· Retrying in \d/.source}|${PLAN_LIMIT_RE.source}`);

/**
 * A statement of source code that names an error: a handler (`except anthropic.APIConnectionError as
 * e:`, `} catch (err) {`, `rescue Faraday::Error => e`), a raise or throw (`raise RateLimitError(…)`,
 * `throw new Error(…)`), a call that would print one (`print("…", e)`, `console.error(…)`,
 * `logger.warning(…)`), an import (`from anthropic import RateLimitError`, `import anthropic`), a
 * test that expects one (`with pytest.raises(AnthropicException):`, `self.assertRaises(`,
 * `expect(…).rejects.toThrow(`), a condition that tests for one (`if (message.includes('overloaded_error')) {`,
 * `} else if (`, `if "overloaded_error" in str(e):`), an assignment from a call with keyword arguments or none
 * (`client = ClaudeAdapter(api_key="invalid_key")`, `const err = new APIError(`). Code names the
 * failures it handles; its output, not the code, shows one (a traceback's own source lines are
 * skipped apart: isTracebackCode).
 */
const CODE_LINE_RE =
  /^\s{0,16}(?:(?:\}\s?)?(?:else )?if\s?\(|(?:el)?if [^:\n]{1,200}:\s{0,4}$|except\b[^:\n]{0,200}:\s{0,4}$|\}?\s?catch\s?\(|raise [A-Za-z_][\w.]{0,80}\(|throw new [A-Z]|rescue\b[^=\n]{0,200}=>|(?:print|console\.[a-z]{3,5}|logger\.[a-z]{3,9}|logging\.[a-z]{3,9}|log\.[a-z]{3,9})\(|from [\w.]{1,120} import [\w, ]{1,200}$|import [\w.]{1,120}(?: as \w{1,40})?$|(?:with )?pytest\.raises\(|self\.assertRaises\(|(?:await )?expect\([^\n]{0,200}\)\.(?:rejects\.)?toThrow(?:Error)?\(|(?:(?:const|let|var|val|auto) )?[a-z_][\w.]{0,60} ?= ?(?:await |new )?[A-Za-z_][\w.]{0,80}\((?:[a-z_]\w{0,40}=|\)?;?$))/;

/**
 * Markdown's marks of written prose: a list item, a heading, a table row, a code or bold span, a
 * link. Documentation, pull requests and reviews write them; a program's output, and a plain
 * sentence retyping a failure (`Request fails because prompt length (203,073 tokens) exceeds …`), have
 * none, and are read as before.
 */
const MARKDOWN_PROSE_RE = /^\s{0,8}(?:[-*+] |\d{1,3}[.)] |#{1,6} |\|)|`|\*\*|\]\(https?:/;

/**
 * A line that names errors without showing one happen: prose or source code, with no mark of a
 * program's output. A failure that happened is printed: the API's body or one of its keys, an error
 * label with its message (`Error: …`, `RateLimitError: …`, `overloaded_error: Overloaded`), a log
 * level, the API's own marks (its envelope, a request id, the SDKs' own messages), Claude Code's own
 * lines (CLAUDE_CODE_PRINTED_RE), a record's fields or a status with its words (OUTPUT_MARK_RE), a
 * code span that prints one of these (a retyped banner or body). Without any of them, a sentence or
 * more of prose (PROSE_WORDS) written in markdown (MARKDOWN_PROSE_RE) names the errors it talks
 * about: a pull request, a review, documentation (`* 403 - `permission_error`: Your API key does not
 * have permission …`), a defect report (`The gateway should catch this specific API error …`), a
 * maintainer's reply; unless it is the writer's own report (`I keep getting `API Error: 529``,
 * FIRST_PERSON_RE). Source code (CODE_LINE_RE) names the failures it handles. Returns which of
 * the two the line is, or null. Prose inside a markdown code fence is a paste of output, and so is
 * the API's own sentence quoted in prose (a message rule of the catalog): the caller checks both.
 */
export function namesOnly(line: string): 'code' | 'prose' | null {
  if (CODE_LINE_RE.test(line)) return 'code';
  if (DEFINITION_RE.test(line) && !BODY_PRINTED_RE.test(line)) return 'prose';
  if (FIRST_PERSON_RE.test(line)) return null;
  let printed = false;
  let rest = line;
  let unbolded = line;
  if (line.includes('`') || line.includes('**')) {
    rest = line.replace(MD_SPAN_RE, (_m, code: string | undefined, bold: string | undefined) => {
      if (code !== undefined && SPAN_PRINTS_RE.test(code)) printed = true;
      // bold is the prose's own emphasis, read with it (`**Error:** …` labels what follows); code is a quoted name
      return code !== undefined ? ' · ' : ` ${bold} `;
    });
    // a status in bold is the prose's emphasis of a name (`上游返回 **529 Overloaded**`), not a printed one
    unbolded = line.replace(MD_SPAN_RE, ' · ');
  }
  if (printed || proseWords(rest) < PROSE_WORDS || !MARKDOWN_PROSE_RE.test(line)) return null;
  const shown = PRINTED_RE.test(rest) || OUTPUT_MARK_RE.test(unbolded) || ANTHROPIC_MARK_RE.test(rest) || CLAUDE_CODE_PRINTED_RE.test(rest);
  return shown ? null : 'prose';
}

/**
 * An entry of an error reference written as a markdown list: a status, the API's error type in a
 * code span and its description after a colon (`* 529 - `overloaded_error`: The API is temporarily
 * overloaded.`, the errors page as documentation copies it). A description may be shorter than a
 * sentence (PROSE_WORDS); a program prints no code span.
 */
const DEFINITION_RE = /^\s{0,8}[-*+] (?:\*\*)?[45]\d\d(?:\*\*)?\s?[-–—:]\s?`[a-z_]{3,40}`\s?:\s/;

/**
 * A program's output besides a body or an error label (PRINTED_RE): a record's fields (`status code:
 * 404`, `Status: [400 BAD_REQUEST]`, `type: not_found_error`, `code=ECONNRESET`, `failed with status
 * 429`), an exception class in parentheses (botocore's `An error occurred (ThrottlingException) when
 * calling …`), a status with its reason or message after it (`(429 Too many tokens, …)`, `HTTP 404:
 * model: …`, `HTTP 429 - Rate limit exceeded`).
 */
const OUTPUT_MARK_RE =
  /\b(?:[Ss]tatus(?:[ _]?[Cc]ode)?|statusCode|code|type|reason|message|request[_-]?id)(?:[:=]\s{0,2}\S|\s\[?[45]\d\d\b)|\([A-Za-z]\w{1,40}(?:Exception|Error)\)|\b[45]\d\d(?::|\s-)?\s[A-Z][a-z]|\b[45]\d\d(?::|\s-)\s?\S/;

/**
 * A change note: a line that starts with a Conventional Commits type (`fix:`, `feat(proxy):`), or
 * the word for a fix (`Fix:`, `Fixes:`, `修复：`), says what a change does about an error; it
 * prints no failure of its own.
 */
const CHANGE_NOTE_RE = /^\s{0,8}(?:[-*] )?(?:(?:fix|feat|chore|refactor|perf|docs|test|revert)(?:\([\w./-]{1,40}\))?!?:|(?:Fix|Fixes|Fixed|修复|修正)\s?[:：])/;

/**
 * A line that introduces the fenced block below it as an example of a shape, not a failure met:
 * `When the Anthropic API answers with other than an HTTP 200 status code, the response has this
 * structure:`, `For example:`, `Example error:`, `Errors have the following format:`. It ends with a
 * colon and names an example, a structure, a shape, a format or a sample; a writer who shows what
 * they met says so (`Here is the error I get:`, FIRST_PERSON_RE) or announces the error itself.
 */
const EXAMPLE_INTRO_RE = /\b(?:[Ee]xamples?|e\.g\.|[Ff]or instance|[Ss]tructure|[Ss]hape|[Ff]ormat|[Ss]ample)\b[^\n:]{0,40}:[\s*]{0,6}$/;

/** Whether a line introduces the fenced block below it as an example (EXAMPLE_INTRO_RE). */
export function introducesExample(line: string): boolean {
  return EXAMPLE_INTRO_RE.test(line) && !FIRST_PERSON_RE.test(line);
}

/** Whether a line is a change note (CHANGE_NOTE_RE). */
export function changeNote(line: string): boolean {
  return CHANGE_NOTE_RE.test(line);
}

/**
 * A test runner's report of a test's own assertion failing: pytest's short summary (`FAILED
 * tests/components/anthropic/test_init.py::test_init_error[side_effect2-Your credit balance is too low
 * to access the Claude API] - AssertionError: assert '…' in '…'`) and its assertion detail (`E
 * AssertionError: …`, `E       assert 'pong' in …`). The words are the test's id, its parameters and
 * the values it compared (an error the test feeds a mock, a string it expected): the test failed, no
 * request did. An exception other than the assertion (`FAILED …::test_x - anthropic.RateLimitError:
 * Error code: 429 - …`) is the failure the test met, and is read as before.
 */
const TEST_ASSERTION_RE = /^\s{0,8}(?:(?:FAILED|ERROR) [\w./\\-]{1,200}\.py::[^\n]{1,400} - (?:AssertionError\b|assert )|E {1,12}(?:AssertionError\b|assert ))/;

/** Whether a line is a test runner's report of a failed assertion (TEST_ASSERTION_RE). */
export function testAssertion(line: string): boolean {
  return TEST_ASSERTION_RE.test(line);
}

/**
 * Claude Code's wording quoted as a name in prose: `Message is `anthropic API error` (direct BYO
 * key)`. Closed by a quote right after it, the phrase names the error; it prints none (Claude
 * Code's line goes on: `API Error: 529 …`, `API Error (Connection error.) · Retrying…`).
 */
export const QUOTED_API_WORDS_RE = /\bAPI [Ee]rror[`'"’]/g;

/** A Claude Code retry banner: `API Error (…) · Retrying in 4 seconds… (attempt 3/10)`, `✻ 529 Overloaded · Retrying in 24s · attempt 10/10`. */
export const BANNER_RE = /· Retrying in \d/;

/**
 * The API's refusal of a Claude Code credential (a subscription's OAuth token) sent by another
 * client: `This credential is only authorized for use with Claude Code and cannot be used for other
 * API requests.` The wording is the API's own and names no status or error type when an app or a
 * relay passes it on quoted alone (a debugging note's `错误信息：` above it in a code block): a
 * refused request, one event that no catalog entry names. prefilter.ts triggers on it inside its
 * `T…` alternative, which keeps the pass's cost.
 */
const CREDENTIAL_REFUSAL_RE = /\bcredential is only authorized for use with Claude Code\b/;

/** Words that name an API failure, beyond a status or an error type (Claude Code's line for the plan's limit is its report of a refused request; the API's refusal of a Claude Code credential). */
export const API_WORDS_RE = new RegExp(
  `${/· Retrying in \d|\bAPI [Ee]rror\b|\bUnable to connect to API\b|APIStatusError|APICallError|AnthropicError|AnthropicException|HTTPStatusError|APIConnection(?:Timeout)?Error/.source}|${PLAN_LIMIT_RE.source}|${CREDENTIAL_REFUSAL_RE.source}`,
);

/** The API's error envelope, escaped or not, in a line (`{"type":"error","error":…`). */
export const API_ENVELOPE_RE = /type\\*["']:\s?\\*["']error\\*["'],\s?\\*["']error\\*["']:/;

/**
 * The API's request ids: `req_`, on Vertex `req_vrtx_`, then 24 base62 characters that begin `01`
 * (`req_011CXw8h8A796q3f74Ezmhav`; fewer where a paste cut the id). A gateway's own `req_` ids
 * are another shape (12 hex digits, a lower-case 26-character ULID) and no mark of the API.
 */
export const REQUEST_ID_MARK_RE = /\breq_(?:vrtx_)?01[A-Za-z0-9]{7,22}(?![A-Za-z0-9])/;

/** The API's marks besides its envelope and request ids: the stream's last event, the SDKs' own messages (ANTHROPIC_MARK_RE). */
export const SDK_MARK_RE = /[Pp]rompt is too long: \d{1,9} tokens > \d{1,9} maximum|\bmessage_stop\b|Could not resolve authentication method|dangerouslyAllowBrowser|browser-like environment|[Ss]treaming is (?:strongly recommended|required) for operations that may take longer than 10 minutes|\('(?:post|get) request failed with status code: [45]\d\d', \{/;

/**
 * The API's own marks: its error envelope (`{"type":"error","error":{"type":…`), its request ids
 * (`req_…`) and its stream's last event (`message_stop`); and the messages the Anthropic SDKs
 * raise themselves, before or without a response: no key or token set (`Could not resolve
 * authentication method`, TypeScript and Python), a browser without `dangerouslyAllowBrowser`, a
 * non-streaming request too long for one response; and the pre-1.0 Python SDK's `ApiException`,
 * a tuple of its own sentence and the response's body (`('post request failed with status code:
 * 401', {'detail': 'Invalid API Key'})`), printed by apps without a word about Claude. Other
 * providers' envelopes have another shape (`{"error":{"message":…,"code":…}}`).
 */
export const ANTHROPIC_MARK_RE = new RegExp(`${API_ENVELOPE_RE.source}|${REQUEST_ID_MARK_RE.source}|${SDK_MARK_RE.source}`);

/**
 * A request id of another server in a body (`"request_id":"2025…"`, a UUID, 32 hex digits,
 * `req_` and 24 hex digits): the API's are `req_01…` (`req_vrtx_01…` on Vertex; REQUEST_ID_MARK_RE).
 */
const OTHER_REQUEST_ID_RE = /\brequest_id\\{0,4}["']\s?:\s?\\{0,4}["'](?!req_(?:vrtx_)?01)[\w-]{8}/;

/**
 * Whether a body is another server's answer in the API's shape: Anthropic-compatible endpoints
 * (Ollama, MiniMax, Zhipu's GLM, DeepSeek) copy the API's envelope, `"type":"error"` first and its
 * error types, but not its request ids, and Claude Code prints whatever its base URL answers under
 * its own `API Error:` line (`underClaudeCode`: another server's request id tells it there); another
 * provider's own type, code or wording tells it whatever client printed it (other-provider-body.ts).
 * A body with the API's request id or an SDK's own message is the API's.
 */
export function otherServersBody(line: string, underClaudeCode: boolean): boolean {
  if (REQUEST_ID_MARK_RE.test(line) || SDK_MARK_RE.test(line)) return false;
  return (underClaudeCode && OTHER_REQUEST_ID_RE.test(line)) || otherProviderBody(line);
}

/**
 * Claude and the platforms that serve it. A Bedrock Runtime operation named by an AWS SDK
 * (`when calling the ConverseStream operation`) is a Bedrock call.
 */
export const CLAUDE_WORDS_RE = /anthropic|claude|bedrock|aiplatform|vertex|invokemodel|converse(?:stream)? operation/i;

/** Claude itself, by name: the platforms (Bedrock, Vertex) also serve other providers' models. */
export const CLAUDE_NAME_RE = /anthropic|claude/i;

/**
 * Other model providers: their errors are never reported (unless the same line names Claude). Besides
 * their names, OpenAI's error envelope: its `param` key and its codes (`context_length_exceeded`,
 * `rate_limit_exceeded`, `insufficient_quota`, and `invalid_api_key` as a body's code, which
 * OpenAI-compatible servers such as Groq's answer a refused key with), and the `reasoning_content` field of OpenAI-compatible
 * reasoning models (served behind Claude Code through its base URL); the API's errors have none of them.
 * So too an envelope of the API's shape whose top-level type is another (`{"type":"ErrorResponse","error":{…}}`,
 * escaped or not): the API's is always `"type":"error"`.
 * MiniMax, like Moonshot and Zhipu (its GLM models), serves its models behind Claude Code; a line that names it is its error.
 * GitHub Copilot serves Claude models through its own API, with its own errors (`Copilot API error: 400 - {…"code": "model_not_supported"…}`).
 * So do the ids of the models other Anthropic-compatible endpoints serve behind Claude Code: Moonshot's `kimi-k2…` and
 * `kimi-for-coding` (the Kimi Code error reference: `Not found the model kimi-for-coding`), Alibaba's Qwen with its version
 * or tier (`qwen3-coder-plus`, `qwen-max`; a bare `qwen-` names the Qwen Code client too), Volcengine Ark's `doubao-seed-…`
 * (its Coding Plan's Claude Code models: `doubao-seed-2.0-code`, `kimi-k2.7-code`, …).
 */
export const FOREIGN_RE = /["']type\\*["']\s?:\s?\\*["'](?!error\\*["'])[A-Za-z]\w{0,40}\\*["'],\s?\\*["']error\\*["']:|openai|\bgemini|generativelanguage|google_genai|\bgroq|ollama|mistral|deepseek|cohere|insufficient_quota|context_length_exceeded|rate_limit_exceeded|\bcode\\*["']?\s?[:=]\s?\\*["']invalid_api_key\b|["']param\\*["']:|lm.?studio|llama\.cpp|dashscope|moonshot|zhipu|\bglm-\d|minimax|\bcopilot\b|reasoning_content|\bkimi-(?:k\d|for-coding)|\bqwen(?:\d(?:\.\d)?-|-(?:max|plus|turbo|coder))|\bdoubao-/i;

/**
 * Another AWS service's call: the AWS SDKs name the operation or the service of a request in the
 * shapes Bedrock's errors take, so `ThrottlingException`, `ValidationException` and
 * `AccessDeniedException` are that service's when they do: botocore's ClientError names an
 * operation that is not one of Bedrock's (`when calling the Query operation`), the SDK for Go its
 * service (`operation error DynamoDB: Query, …`), the SDKs for JavaScript and Java their package
 * (`@aws-sdk/client-dynamodb`, `software.amazon.awssdk.services.s3`), Ruby its error module
 * (`Aws::DynamoDB::Errors`), and apps the service by name (CloudWatch, DynamoDB, Secrets Manager).
 */
const AWS_OTHER_SERVICE_RE =
  /when calling the (?!InvokeModel|Converse|InvokeAgent|InvokeInlineAgent|Retrieve|ApplyGuardrail|CountTokens|StartAsyncInvoke|GetAsyncInvoke|ListFoundationModels|GetFoundationModel|ListInferenceProfiles|GetInferenceProfile)[A-Za-z]{2,60} operation|operation error (?!Bedrock)[A-Za-z][A-Za-z0-9 ]{0,30}: [A-Z]|@aws-sdk\/client-(?!bedrock)[a-z]|software\.amazon\.awssdk\.services\.(?!bedrock)[a-z]|\bAws::(?!Bedrock)[A-Za-z]{2,30}::Errors|\b(?:cloudwatch|dynamodb|secrets ?manager)\b/i;

/**
 * Claude Code by name: a client, not a model. Pointed at another provider's endpoint through its
 * base URL it serves that provider's models (Zhipu's GLM, MiniMax, Kimi), so a line that names it
 * beside another provider is about that provider's model.
 */
const CLAUDE_TOOL_RE = /\bclaude[ -]code\b/gi;

/**
 * A Claude client's settings, which name Anthropic only as the API the client speaks: its
 * environment variables (`ANTHROPIC_BASE_URL`, `ANTHROPIC_MODEL`, `ANTHROPIC_AUTH_TOKEN`,
 * `ANTHROPIC_DEFAULT_SONNET_MODEL`) and the Anthropic-compatible path of another host
 * (`https://api.deepseek.com/anthropic`, `https://api.z.ai/api/anthropic`). Beside another
 * provider's name they are no Claude by name: `ANTHROPIC_MODEL=qwen3-coder-plus` is Qwen's model.
 */
const CLIENT_SETTING_RE = /\bANTHROPIC_[A-Z_]{2,40}|\/anthropic\b/g;

/** A successful streaming event or response: named like a cause (`message_stop`), never an error by itself. */
export const SUCCESS_RE = /\bmessage_(?:stop|delta|start)\b|"stop_reason"|\bcontent_block_(?:stop|delta|start)\b/;

/** A status at the head of a UI line after its glyph: `✻ 529 Overloaded · Retrying in 24s`. */
export const UI_STATUS_RE = /^[^\d\n]{0,12}([45]\d\d) [A-Z]/;

/** An info or debug log line: never an error report by its words alone. */
export const INFO_LEVEL_RE = /\b(?:INFO|DEBUG|TRACE)\b|\b(?:info|debug|trace):|\[(?:info|debug)\]/;

const VERTEX_URL_RE = /aiplatform\.googleapis\.com|\bVertexAI|\bvertex_ai\b|\bAnthropicVertex\b/;
const BEDROCK_URL_RE = /bedrock-runtime|\bBedrock(?:Exception|Runtime)\b|\bbedrock\//;

/** The platform a line's request went to, from its URL or its client's name: Vertex and Bedrock map statuses to their own causes. */
export function platformOf(line: string): 'vertex' | 'bedrock' | null {
  if (VERTEX_URL_RE.test(line)) return 'vertex';
  if (BEDROCK_URL_RE.test(line)) return 'bedrock';
  return null;
}

/**
 * The status printed right before an error body (`Error code: 400 - {'type': 'error', …`, `429
 * {"error":{…`): the status of that response. A wrapper that reports the failure with its own
 * status first (`HTTP Error 502: Anthropic Status Error: Error code: 400 - {…}`) does not change it.
 */
const BODY_OWN_STATUS_RE = /\b([45]\d\d)(?: -|:)? \{\\*["'](?:type\\*["']:\s?\\*["']error|error\\*["']:\s?\{)/;

/** The status an error body carries in front of it (BODY_OWN_STATUS_RE), or null. */
export function bodyOwnStatus(line: string): number | null {
  const m = BODY_OWN_STATUS_RE.exec(line);
  return m ? Number(m[1]) : null;
}

/**
 * An SDK's or LiteLLM's exception class named inside a line, qualified by its module (`… due to
 * litellm.ServiceUnavailableError: BedrockException - {…}`, `anthropic._exceptions.RequestTooLargeError`):
 * LiteLLM maps the provider's failure to the class of its status and prints no status itself.
 */
const QUALIFIED_EXCEPTION_RE = /\b(?:litellm|anthropic)(?:\.[a-z_]{1,30}){0,3}\.([A-Z][A-Za-z]{2,40}Error)\b/;

/** The exception class a line names with its module (QUALIFIED_EXCEPTION_RE), or null. */
export function qualifiedException(line: string): string | null {
  return QUALIFIED_EXCEPTION_RE.exec(line)?.[1] ?? null;
}

/**
 * A gateway's own refusal: it names the provider it would route to as a setting of its own
 * (`failed to get config for provider anthropic: not found`) and prints no response body. The API
 * never names itself a provider; a gateway that passes the API's error on prints its body
 * (OpenRouter's `Provider returned error` with the API's envelope inside).
 * The setting is the provider's bare name: a model id after the word (`Provider claude-opus-4-6
 * request failed: … status code 429`) names what was called, and the line is that call's failure.
 */
const GATEWAY_PROVIDER_RE = /\bprovider[:= ]{1,3}["'`]?(?:anthropic|bedrock|vertex(?:_ai)?|claude)\b(?![-.])/i;

/**
 * A router's refusal to route: the provider a request names is not in its registry or config
 * (`provider not found: provider '' not found in registry`, `unknown provider`); no request was sent.
 */
const PROVIDER_MISSING_RE = /\bprovider\b[^\n{]{0,40}\bnot (?:found|configured|registered)\b|\b(?:no|unknown|unsupported) provider\b/i;

/** Whether a line is a gateway's own refusal (GATEWAY_PROVIDER_RE or PROVIDER_MISSING_RE, no body in the line). */
export function gatewayOwnError(line: string): boolean {
  return !line.includes('{') && (GATEWAY_PROVIDER_RE.test(line) || PROVIDER_MISSING_RE.test(line));
}

/** Telemetry and exporters: their failures are not API calls. */
export const TELEMETRY_RE = /[Ff]ailed to export|[Ee]xport(?:ing)? failed|\bexporter\b|\bOTLP\b|\bdoExport\b|\btelemetry\b/;

/**
 * The Errors array of Claude Code's bug reports: `[{"error":"Error: 529 {…}\n    at …","timestamp":"…"},…]`,
 * at the start of a line or after a logger's prefix (`… ERROR app: [{"error":…`), also quoted as a
 * string value (`err="[{\\"error\\":…`, `RuntimeError('[{"error":…`).
 */
export const ERRORS_ARRAY_RE = /(?:^|[\s:=|>'"(])\[\{(\\?)"error\1":\1"/;

const REQUEST_ID_RE = /\b(req_[A-Za-z0-9_]{12,64})|["']?request[_-]?[Ii]d\\*["']?\s{0,4}[:=]\s{0,4}\\*["']([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|x-amzn-RequestId: ([0-9a-f]{8}-[0-9a-f-]{27})/;

/** The request id a line carries: Anthropic `req_…` ids, and the AWS request id of Bedrock errors. */
export function requestIdIn(text: string): string | null {
  const m = REQUEST_ID_RE.exec(text);
  return m ? (m[1] ?? m[2] ?? m[3] ?? null) : null;
}

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
 * then the message at the margin, up to a blank line). Returns the joined text and the offset where the body ends. At most `maxLines` lines and
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
  const lead = spaceWrap ? /^[ \t>]*/.exec(line)![0] : '';
  let pos = end;
  let lines = 0;
  while ((open.braces > 0 || (parensHold && open.parens > 0) || wantBody || html || message || spaceWrap) && lines < maxLines && pos < text.length && joined.length < maxChars) {
    let next = text.indexOf('\n', pos + 1);
    if (next === -1) next = text.length;
    let cont = text.slice(pos + 1, Math.min(next, pos + 1 + maxChars));
    if (cont.endsWith('\r')) cont = cont.slice(0, -1); // a Windows line end
    const indented = indentedBy(cont, 1);
    // a page has blank lines of its own
    if ((!html && !cont.trim()) || UI_MARKER_RE.test(cont) || WRAPPED_BODY_END_RE.test(cont)) break;
    // a message wrapped at a word goes on at the margin, as text of the same sentence
    // (at the line's own indentation: a log indented as a whole wraps at its margin)
    const wrapped = spaceWrap && cont.startsWith(lead) && !/\s/.test(cont.charAt(lead.length)) && !OWN_LINE_RE.test(cont.slice(lead.length));
    if (spaceWrap && !wrapped && !(html || message || open.braces > 0 || (parensHold && open.parens > 0) || wantBody)) break;
    // a body cut by the terminal goes on at the margin too: inside an open brace, or a UI banner's parenthesis
    if (!(indented || html || message || wrapped || open.braces > 0 || (parensHold && open.parens > 0))) break;
    const piece = cont.trimStart();
    if (wantBody && !piece.startsWith('{')) break;
    wantBody = false;
    if (html && HTML_CLOSE_RE.test(piece)) html = false;
    // one space before the text is the text's own: a terminal cut the line at its width, before a space
    const cut = !indentedBy(cont, 2) && cont.startsWith(' ') && !joined.endsWith(' ');
    joined += piece ? (html ? `${piece} ` : message || cut ? ` ${piece}` : piece) : '';
    spaceWrap = wrapped && / $/.test(cont) && !/ {2}$/.test(cont);
    open = openCount(joined);
    pos = next;
    lines++;
  }
  return { joined, end: pos, lines };
}

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

/** A proxy's name for the provider it forwarded a request to, whatever client the line names. */
const UPSTREAM_PROVIDER_RE = /\bupstream provider[:= ]{1,3}["'`]?([A-Za-z][\w.-]{1,30})/i;


/** Providers a provider field names that serve none of Claude's models, beyond FOREIGN_RE's names (Google's own API, not Vertex; xAI). */
const OTHER_PROVIDER_NAME_RE = /^(?:google(?!.?vertex)|xai)\b/i;

/**
 * The API a line says failed, by the name before `API error` (`Copilot API error: 400 - {…}`,
 * `Anthropic API error (400 Bad Request)`): a logger's tag before it that names Claude (`[Claude API]
 * Copilot API error: …`, a proxy that serves Copilot in the API's shape) does not make that API's
 * answer Claude's; an answer that names Anthropic itself is (an app's `OpenAI API error: …` for the
 * API's OpenAI-compatible endpoint, its message pointing at docs.anthropic.com).
 */
const FAILED_API_RE = /\b([A-Za-z][\w.-]{1,30}) API (?:error|request failed)\b/gi;

/** 'other' when the line names another provider's API as the one that failed and its answer names no Claude. */
function failedApiOf(line: string): 'claude' | 'other' | null {
  let found: 'claude' | 'other' | null = null;
  for (const m of line.matchAll(FAILED_API_RE)) {
    const name = m[1]!;
    if (CLAUDE_WORDS_RE.test(name) || CLAUDE_NAME_RE.test(line.slice(m.index + m[0].length))) return 'claude';
    if (FOREIGN_RE.test(name)) found = 'other';
  }
  return found;
}

/**
 * Whose API one line names: the upstream a proxy names first, then Claude by name (not Claude Code
 * alone beside another provider: the client names no model), then another provider, then a
 * platform that serves Claude (a Vertex or Bedrock line about a Gemini or Mistral model is that
 * provider's). Another AWS service's call (AWS_OTHER_SERVICE_RE) is that service's, whatever app or
 * platform the line names besides (a DynamoDB query failing in a Lambda named for Bedrock).
 */
export function providerOf(line: string): 'claude' | 'other' | null {
  // a proxy that names the provider it forwarded to says whose error it maps (`Upstream provider NIM returned HTTP 401`)
  const upstream = UPSTREAM_PROVIDER_RE.exec(line)?.[1];
  if (upstream !== undefined) return CLAUDE_WORDS_RE.test(upstream) ? 'claude' : 'other';
  // the line's own provider field names whose request it reports (`provider=google … fallbacks=anthropic/claude-…`)
  const field = PROVIDER_FIELD_RE.exec(line)?.[1];
  if (field !== undefined) {
    if (CLAUDE_WORDS_RE.test(field)) return 'claude';
    if (FOREIGN_RE.test(field) || OTHER_PROVIDER_NAME_RE.test(field)) return 'other';
  }
  // and its model field, when it names another vendor's model (`"model_id":"amazon.nova-2-lite-v1:0"`)
  if (otherVendorModel(line, FOREIGN_RE)) return 'other';
  // another provider's API host serves its own models only, whatever model name the client sends it;
  // its Anthropic-compatible path (`https://api.z.ai/api/anthropic`) names no Claude
  if (OTHER_PROVIDER_HOST_RE.test(line)) return 'other';
  if (CLAUDE_NAME_RE.test(line)) {
    // a line's tag names Claude, the API it says failed is another's (`[Claude API] Copilot API error: 400`)
    if (failedApiOf(line) === 'other') return 'other';
    // named only as the client (`Claude Code with models … (e.g., GLM-5.2)`): the model is the other provider's
    // so are a Claude client's settings (`ANTHROPIC_MODEL=qwen3-coder-plus`, CLIENT_SETTING_RE)
    if (FOREIGN_RE.test(line) && !CLAUDE_NAME_RE.test(line.replace(CLAUDE_TOOL_RE, '').replace(CLIENT_SETTING_RE, ''))) return 'other';
    return 'claude';
  }
  if (FOREIGN_RE.test(line) || AWS_OTHER_SERVICE_RE.test(line)) return 'other';
  return CLAUDE_WORDS_RE.test(line) ? 'claude' : null;
}

/**
 * Whose API the lines around a hit talk about: the hit line decides when it names a provider
 * (Claude first), else the nearest line above it that names one, up to `lookBack` lines and
 * not before `from` (the start of the hit's log event, when it has a timestamped first line).
 */
export function providerNear(text: string, start: number, line: string, from = 0, lookBack = 8): 'claude' | 'other' | null {
  return providerOf(line) ?? nearestAbove(text, start, from, lookBack, providerOf);
}

/**
 * Whether the nearest line above a hit that names a provider by name (not a platform's word)
 * names Claude: an app's banner of the model in use (`Main model: vertex_ai/claude-3-5-sonnet`)
 * says whose a Vertex quota error below it is. Same window as providerNear.
 */
export function claudeNamedAbove(text: string, start: number, from = 0, lookBack = 8): boolean {
  const named = (above: string): boolean | null => (CLAUDE_NAME_RE.test(above) ? providerOf(above) === 'claude' : FOREIGN_RE.test(above) ? false : null);
  return nearestAbove(text, start, from, lookBack, named) ?? false;
}

/** What `judge` says of the nearest of the `lookBack` lines above `start` (not before `from`) it says anything of (each read up to 2,048 characters). */
function nearestAbove<T>(text: string, start: number, from: number, lookBack: number, judge: (line: string) => T | null): T | null {
  let end = start - 1;
  for (let k = 0; k < lookBack && end > from; k++) {
    const s = text.lastIndexOf('\n', end - 1) + 1;
    const found = judge(text.slice(s, Math.min(end, s + 2048)));
    if (found !== null) return found;
    end = s - 1;
  }
  return null;
}

const DIGITS_RE = /\d/g;
const LEADING_TIME_RE = /^[\s[]{0,4}\d{4}-\d\d-\d\d[T ][\d:.,]{5,20}Z?\]?/;

/**
 * What one printer's lines share: the first 64 characters after the timestamp, digits masked
 * (the same logger's next line about another request has the same shape; its line about the same
 * request in other words has another).
 */
export function shapeOf(line: string): string {
  return line.trimStart().replace(LEADING_TIME_RE, '').trimStart().slice(0, 64).replace(DIGITS_RE, '0');
}
