import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { scanPaths } from '../src/logscan/index.js';
import { events, tuningExcerpt as excerpt } from './logscan-corpus-text.js';

/**
 * A body or a message read across lines: printed apart from its error line, a gateway's HTML page,
 * a message wrapped inside an exception's repr, at the margin below a status and type, or at a word
 * with the space kept.
 * Written from tuning excerpts of the analyze corpus (test/fixtures/analyze-corpus), each read by
 * id, so the test runs on the text as it was posted.
 */

describe('analyze: bodies printed apart from their error line', () => {
  it("the body an SDK prints under its error line says whose error it is (Mistral's, with OpenAI's param key)", async () => {
    expect(await events(excerpt('raycast__extensions-31107'))).toEqual([]);
  });

  it("the API's error object pretty-printed with its keys in another order is read (its type names the error)", async () => {
    expect(await events(excerpt('coaidev__coai-93'))).toEqual([[null, 'api-version-header-missing']]);
  });
});

describe('analyze: bodies of other shapes', () => {
  it('a record that names its HTTP status under `code` (a request log entry) is read with it', async () => {
    expect(await events(excerpt('cline__cline-1664'))).toEqual([[529, 'overloaded']]);
  });

  it("a gateway's HTML page printed as the error's message is read up to </html> (the Python SDK prints a non-JSON body so)", async () => {
    const text = [
      'anthropic.InternalServerError: <html>',
      '<head><title>502 Bad Gateway</title></head>',
      '<body>',
      '',
      '<center><h1>502 Bad Gateway</h1></center>',
      '</body>',
      '</html>',
      'INFO: request finished',
    ].join('\n');
    expect(await events(text)).toEqual([[502, 'service-unavailable']]);
  });
});

describe('analyze: a message wrapped by the terminal inside an exception repr', () => {
  it("is joined up to the repr's closing parenthesis, so the cause is read across the wrap", async () => {
    expect(await events(excerpt('UKGovernmentBEIS__inspect_ai-2058'))).toEqual([[null, 'bedrock-inference-profile-required']]);
  });

  it('a closed repr takes no line after it', async () => {
    const text = ["RuntimeError: ValidationException('An error occurred (ValidationException) when calling the Converse operation: Malformed input request')", 'on-demand throughput is fine'].join('\n');
    const r = await scanPaths(['-'], { stdin: Readable.from([Buffer.from(text)]) });
    expect(r.events.map((e) => [e.line, e.line_end])).toEqual([[1, 1]]);
  });
});

describe("analyze: a status and the API's error type on a line of their own", () => {
  it('take the message on the lines below, wrapped at the margin, so its cause is read', async () => {
    expect(await events(excerpt('can1357__oh-my-pi-10633'))).toEqual([[400, 'image-too-large']]);
  });

  it('take no line after a blank one', async () => {
    const text = ['400 invalid_request_error', '', 'At least one of the image dimensions exceed max allowed size: 8000 pixels'].join('\n');
    const r = await scanPaths(['-'], { stdin: Readable.from([Buffer.from(text)]) });
    expect(r.events.every((e) => e.line_end === e.line)).toBe(true);
  });
});

describe('analyze: a message wrapped at a word, the space kept', () => {
  // An editor or a terminal that wraps a long message at a word keeps the space it broke at: the
  // message goes on at the line's margin, and its cause may be in the part below.
  it('the rest of the message is read with the line: the cause it names labels the error', async () => {
    expect(await events(excerpt('LeeRoySheep__Socializer1.0-CLAUDE_TOOL_CALLING_FIX'))).toEqual([[400, 'tool-result-missing']]);
    expect(await events(excerpt('abc0008__cfin_new-RATE_LIMIT_OPTIMIZATION'))).toEqual([[429, 'rate-limit-tokens']]);
  });
  const head = 'anthropic.RateLimitError: Error code: 429 - rate_limit_error: This request would exceed the rate limit';
  const rest = 'for your organization of 40,000 input tokens per minute.';
  it('at the margin of a log indented or quoted as a whole too', async () => {
    expect(await events(`    ${head} \n    ${rest}\n`)).toEqual([[429, 'rate-limit-tokens']]);
    expect(await events(`> ${head} \n> ${rest}\n`)).toEqual([[429, 'rate-limit-tokens']]);
  });
  it("markdown's line break (two spaces), a list item or an indented line below is text of its own", async () => {
    expect(await events(`${head}  \n${rest}\n`)).toEqual([[429, 'rate-limited']]);
    expect(await events(`${head} \n- ${rest}\n`)).toEqual([[429, 'rate-limited']]);
    expect(await events(`${head} \n    ${rest}\n`)).toEqual([[429, 'rate-limited']]);
  });
});
