/**
 * Lines that talk about errors rather than print one: prose about what the API can answer
 * (describesOnly), markdown prose and source code that name errors (namesOnly), a change note, a
 * test runner's failed assertion, a line that introduces a fenced block as an example. A failure
 * that happened is printed (a body, an error label, a log level, the API's or Claude Code's own
 * marks); the writer's own report (FIRST_PERSON_RE) is one too, when it carries some of the API's
 * evidence (unevidencedAccount). Every regex is linear (bounded
 * runs, no adjacent quantifiers over the same characters): test/security/redos-static.test.ts reads them.
 */

import { namesErrorKind } from './error-kind-prose.js';
import { apiCondition } from './state-condition.js';
import { ANTHROPIC_MARK_RE, API_WORDS_RE, CLAUDE_CODE_PRINTED_RE } from './recognise.js';

/** A modal verb of possibility with a verb of answering: what the API can return, not what it returned. */
const MAY_ANSWER_RE = /\b(?:[Cc]an|[Mm]ay|[Mm]ight|[Cc]ould)(?: also| sometimes| occasionally)? (?:return|respond|send|throw|raise|emit|give|surface)s?\b/;
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
  // a condition on the API's answer or state, or an example (state-condition.ts)
  const c = apiCondition(line);
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
 * The API's own evidence in a line, beyond a body, an error label or a record's fields (PRINTED_RE,
 * OUTPUT_MARK_RE): a status (`429`, `429s`), an API error type (`rate_limit_error`,
 * `request_too_large`), an exception or an SDK's class (`RateLimitError`, `ThrottlingException`), a
 * request id (`request_id`, `req_…`), or words in quotes or a code span (the API's message quoted:
 * `I get "Overloaded"`, `the error message is "Your request rate is too high…"`).
 */
const API_EVIDENCE_RE =
  /\b[45]\d\d(?:s\b|\b)|\b[a-z][a-z_]{2,30}_error\b|\brequest_too_large\b|\b[A-Z][A-Za-z]{1,40}(?:Error|Exception)\b|\brequest[_ -]?id\b|\breq_\w{8}|["“`][^"“”`\n]{3,400}["”`]|(?<![A-Za-z])'[^'\n]{3,400}'(?![A-Za-z])/;

/**
 * A first-person account of a failure with none of the API's evidence (`I find I'm running into the
 * Claude 20k tokens/minute rate limit really easily`, a feature request's prose): the writer tells
 * what they met in their own words, as third-person prose names errors, and prints no failure. An
 * account that reports one carries some of the API's evidence (API_EVIDENCE_RE, a body or an error
 * label, the API's or Claude Code's own marks and words): `I get 429 rate_limit_error …`, `we keep
 * seeing overloaded_error`, `I am getting API Error: 400 {…}`.
 */
export function unevidencedAccount(line: string): boolean {
  if (!FIRST_PERSON_RE.test(line) || API_EVIDENCE_RE.test(line) || PRINTED_RE.test(line) || OUTPUT_MARK_RE.test(line)) return false;
  return !ANTHROPIC_MARK_RE.test(line) && !API_WORDS_RE.test(line) && !CLAUDE_CODE_PRINTED_RE.test(line);
}

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
