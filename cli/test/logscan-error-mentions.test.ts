import { describe, expect, it } from 'vitest';
import { events, tuningExcerpt as excerpt, itReads } from './logscan-corpus-text.js';

/**
 * Lines that name errors without one having happened (error-mentions.ts): prose about what the API
 * can answer, markdown prose and source code, change notes and descriptions, a test's failed
 * assertion, an error reference; and the lines beside them that print a failure and stay errors.
 * Written from tuning excerpts of the analyze corpus (test/fixtures/analyze-corpus), each read by
 * id, so the test runs on the text as it was posted.
 */

describe('analyze: lines that name an error without one having happened', () => {
  it("a server's access line is its answer to its own caller, not an API response", async () => {
    // uvicorn's `INFO: 127.0.0.1:57771 - "POST /foundation-models/…/invoke HTTP/1.1" 500 Internal Server Error` below the app's Bedrock error
    expect(await events(excerpt('build-on-aws__python-fm-playground-18'))).toEqual([[null, 'bedrock-inference-profile-required']]);
    // an app's error line and its access line for the request: one failure, classified by the error line
    expect(await events(excerpt('yym68686__uni-api-41'))).toEqual([[400, 'vertex-permission-denied']]);
    // an HTTP client's log of its request names the URL it called: that status is the API's
    expect(await events('HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 529 "')).toEqual([[529, 'overloaded']]);
  });

  it('prose about what the API can return reports nothing; a line that shows the failure first stays an error', async () => {
    // `When Anthropic is overloaded it can return HTTP 529 (`overloaded_error`). Mux now surfaces this …`
    expect(await events(excerpt('coder__xum-2166'))).toEqual([]);
    expect(await events("anthropic.InternalServerError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}} (the API can return this when busy)")).toEqual([[529, 'overloaded']]);
  });

  it('so is a condition on what the API answers, or an example of it; a report of one\'s own failure, or one that prints it, stays an error', async () => {
    // `if the Anthropic API is overloaded and returns a `529 Overloaded` response, …`
    expect(await events(excerpt('WordPress__ai-provider-for-anthropic-3'))).toEqual([]);
    // `(e.g., Bedrock 503 ServiceUnavailableException)`, `When Bedrock returns 503 ServiceUnavailableException mid-stream, …`
    expect(await events(excerpt('DayuanJiang__next-ai-draw-io-92'))).toEqual([]);
    expect(await events('When I send a prompt to Claude it returns 529 Overloaded')).toEqual([[529, 'overloaded']]);
    expect(await events('When the request is retried, Anthropic returns 400 {"type":"error","error":{"type":"invalid_request_error","message":"messages: text content blocks must be non-empty"}}')).toEqual([[400, 'empty-text-block']]);
  });

  it('error names quoted as markdown code or bold in the prose of a pull request or a review report nothing', async () => {
    // `2. **HTTP 529 overload error not retried** — The Anthropic API returns HTTP 529 with error type `overloaded_error` … only matched `API Error: 500` + `Overloaded`, but 529 uses `API Error: 529` + `overloaded_error`. …`
    expect(await events(excerpt('link-assistant__hive-mind-1440'))).toEqual([]);
    // a review: `… only treats `api_error_status`/`status`/`error.status` or plain-text `API Error`/`HTTP` + `529` + overload wording as retryable. …`
    expect(await events(excerpt('EveryInc__compound-engineering-plugin-1519'))).toEqual([]);
    // `- **Streaming forwarder** (`_stream_response`) special-cased only `status_code == 429`. A `529` falls through to `break` …`
    expect(await events(excerpt('headroomlabs-ai__headroom-1495'))).toEqual([]);
    // in Chinese prose: `上游返回 **529 Overloaded**（Anthropic 最常见）或 503 时，…`, `- `provider/retry.ts` 的重试分类是…（ECONNRESET / socket hang up 等）…`
    expect(await events(excerpt('EasyMetaAu__helm-api-641'))).toEqual([]);
  });

  it('so is an explanation of the error (it occurs, happens, means, is caused by …); a line that prints the failure first stays an error', async () => {
    // `The 401 "Invalid bearer token" error occurs because no valid Anthropic API key is configured.`
    expect(await events(excerpt('superdisco-agents__moai-flow-API_KEY_SETUP'))).toEqual([]);
    expect(await events('The 529 "Overloaded" error occurs when the Anthropic API is under heavy load across all users')).toEqual([]);
    expect(await events('anthropic.AuthenticationError: Error code: 401 - invalid x-api-key. This error occurs when the key was revoked')).toEqual([[401, 'invalid-api-key']]);
  });

  it('a failure retyped in a code span, one labelled in bold, or the writer\'s own report stays an error', async () => {
    // the banner retyped in backticks prints its failure (a status with its body), beside a command in another span
    const banner = 'After running `claude -p "fix the tests"` for a while the session stopped with `API Error (529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}) · Retrying in 1 seconds… (attempt 1/10)` and never came back.';
    expect(await events(banner)).toEqual([[529, 'overloaded']]);
    // a bold label before the quoted name prints it; the same sentence with no label names it only
    const named = 'The `API Error: 529` returned for every request the nightly job sends with `claude-opus-4` today';
    expect(await events(named)).toEqual([]);
    expect(await events(`**Error:** ${named.slice(4)}`)).toEqual([[529, 'overloaded']]);
    // a code span that holds the error's message prints it
    expect(await events('**Error:** `overloaded_error: Overloaded` from the Anthropic API for every request the nightly job sends with `claude-opus-4` today')).toEqual([[null, 'overloaded']]);
    // the writer reports what happened to them
    expect(await events('I keep getting `API Error: 529` whenever the agent runs a long task with `claude -p` in our nightly job')).toEqual([[529, 'overloaded']]);
    // a name with a command beside it and no sentence around them is a retyped error too
    expect(await events('Got `API Error: 529` after `/compact`')).toEqual([[529, 'overloaded']]);
  });

  it('a change note (a Conventional Commits type, or the word for a fix) says what a change does about an error; it prints none', async () => {
    // the pull request's first line: `修复：messages: text content blocks must be non-empty。`
    const note = excerpt('BiFangKNT__mtga-68').split('\n')[0]!;
    expect(await events(note)).toEqual([]);
    expect(await events(note.replace('修复：', ''))).toEqual([[null, 'empty-text-block']]);
    // a commit subject in the Conventional Commits format; the same words as a log line's are a failure
    expect(await events('fix(proxy): upstream returned overloaded_error: Overloaded, not retried')).toEqual([]);
    expect(await events('proxy: upstream returned overloaded_error: Overloaded, not retried')).toEqual([[null, 'overloaded']]);
  });

  it('so is a condition on the API\'s state, or an error named in quotes as a kind of error; a line that prints the failure stays an error', async () => {
    // `When Anthropic was overloaded, users got a generic error message: "The service encountered an internal error. …"`
    expect(await events(excerpt('dust-tt__dust-19956'))).toEqual([]);
    expect(await events('When Claude is rate limited the job waits a minute and sends the request again')).toEqual([]);
    expect(await events('When I ran the job Claude was overloaded and returned overloaded_error: Overloaded')).toEqual([[null, 'overloaded']]);
    // `… the application was still hitting "max input tokens exceeded" errors with Claude API. …`
    expect(await events(excerpt('darkresearch__mallory-ISSUE_58_SOLUTION'))).toEqual([]);
    expect(await events('The Claude calls kept failing with "overloaded_error" errors all afternoon')).toEqual([]);
    expect(await events('anthropic.InternalServerError: Error code: 529 - "Overloaded" errors from the Claude API')).toEqual([[529, 'overloaded']]);
  });

  it('a fenced block the prose above introduces as an example shows a shape, not a failure; one announced as the error met is a paste', async () => {
    // `… the response has this structure:` then ```json\n{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n```
    expect(await events(excerpt('rakotomandimby__code-ai-agent-25032523h50m58s_chatgpt_gpt-4o-mini'))).toEqual([]);
    const body = '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}';
    expect(await events(`Errors from the Claude API have the following format:\n\n\`\`\`\n${body}\n\`\`\`\n`)).toEqual([]);
    expect(await events(`For example:\n\`\`\`\nanthropic.InternalServerError: Error code: 529 - ${body}\n\`\`\`\n`)).toEqual([]);
    expect(await events(`The nightly job failed with:\n\n\`\`\`\nanthropic.InternalServerError: Error code: 529 - ${body}\n\`\`\`\n`)).toEqual([[529, 'overloaded']]);
    expect(await events(`Here is an example of the error I get:\n\`\`\`\n${body}\n\`\`\`\n`)).toEqual([[null, 'overloaded']]);
  });

  it('so is a condition on reaching a limit (when hitting rate limits); the writer\'s own report, or a line that prints the failure first, stays an error', async () => {
    // `The Claude Agent SDK was terminating with exit code 1 when hitting rate limits (HTTP 429), but the error details were not …`
    expect(await events(excerpt('airplne__automaker-CHANGELOG_RATE_LIMIT_HANDLING'))).toEqual([]);
    expect(await events('The Claude worker stops with exit code 1 whenever it exceeds the token limit (HTTP 429) on long batches')).toEqual([]);
    expect(await events('The Claude worker stopped when we hit the rate limit (HTTP 429) on long batches')).toEqual([[429, 'rate-limited']]);
    expect(await events('anthropic.RateLimitError: Error code: 429 - {"type":"error","error":{"type":"rate_limit_error","message":"Rate limited"}} when hitting rate limits')).toEqual([
      [429, 'rate-limited'],
    ]);
  });

  it("Claude Code's wording quoted as a name in prose is no API wording: the line below the error is not another failure", async () => {
    // the Sentry message, then `… Message is `anthropic API error` (direct BYO key), not managed `OpenHuman API error`.`
    expect(await events(excerpt('tinyhumansai__openhuman-4159'))).toEqual([[400, 'credit-balance-too-low']]);
  });
});

describe('analyze: prose and code that name errors, and output that shows one', () => {
  it('documentation in markdown (a list of statuses and types, a defect report) names errors; it shows none', async () => {
    // a copy of the errors page: `* 403 - `permission_error`: Your API key does not have permission to use the specified resource.`
    // (its `* 529 - `overloaded_error`: The API is temporarily overloaded.` is shorter than a sentence of prose, and still read)
    const page = excerpt('xiqi__claude-api-markdown-errors').split('\n');
    expect(await events(page.filter((l) => !l.startsWith('* 529')).join('\n'))).toEqual([]);
    // `* **Expected Behavior:** The gateway should catch this specific API error, log a warning, …`
    expect(await events(excerpt('MillionthOdin16__openclaw-scout'))).toEqual([]);
    const words = 'the Anthropic API is temporarily overloaded, so wait a little and retry the request later';
    expect(await events(`- \`overloaded_error\`: ${words}`)).toEqual([]);
    // the same words printed by a program: an error label with its message, no markdown around it
    expect(await events(`[anthropic] overloaded_error: ${words}`)).toEqual([[null, 'overloaded']]);
  });

  it('source code names the failures it handles; its output shows them', async () => {
    // a demo script: `except anthropic.APIConnectionError as e:` then `print("🔥 서버 연결 오류:", e)`
    expect(await events(excerpt('RichSam73__Black_Yak-connect_claude_demo'))).toEqual([]);
    expect(await events('    } catch (err) { console.error("Claude API error: 529 overloaded_error", err) }')).toEqual([]);
    expect(await events('        logger.warning(f"[anthropic] overloaded_error: Overloaded (529), retrying in {delay}s")')).toEqual([]);
    expect(await events('    raise anthropic.RateLimitError("rate_limit_error", response=response, body=None)')).toEqual([]);
    expect(await events('[anthropic] overloaded_error: Overloaded (529), retrying in 4s')).toEqual([[null, 'overloaded']]);
    // tests that expect the adapter's exception: an import, `with pytest.raises(AnthropicException):`, a constructor called with a bad key
    expect(await events(excerpt('llm-proxy__llm-proxy-test_anthropic'))).toEqual([]);
    expect(await events('from anthropic import RateLimitError, APIStatusError')).toEqual([]);
    expect(await events('    client = anthropic.Anthropic(api_key="invalid_key")')).toEqual([]);
    expect(await events('    await expect(client.messages.create(params)).rejects.toThrow(AnthropicError)')).toEqual([]);
    // a condition that tests an error's text: `if (messageLower.includes('overloaded') || messageLower.includes('overloaded_error') …) {`
    expect(await events(excerpt('RFPEZ-AI__rfpez-app-OVERLOAD-ERROR-HANDLING-IMPLEMENTATION'))).toEqual([[null, 'overloaded']]);
    expect(await events("    if (err.message.includes('overloaded_error') || err.status === 529) {")).toEqual([]);
    expect(await events('    } else if (error.type === "rate_limit_error" && error.status === 429) {')).toEqual([]);
    expect(await events('    if "overloaded_error" in str(e) or e.status_code == 529:')).toEqual([]);
    expect((await events("overloaded_error: Overloaded (529) if (retry) {")).map((e) => e[1])).toEqual(['overloaded']);
    // an SDK's error printed with its status is output, whatever names it holds
    expect(await events('anthropic.AuthenticationError: Error code: 401 - invalid x-api-key (client = Anthropic(api_key=...))')).toEqual([[401, 'invalid-api-key']]);
  });

  it('markdown prose that carries a mark of output (a record\'s fields, an exception in parentheses, a status with its words) shows a failure', async () => {
    expect(await events('- botocore: An error occurred (ThrottlingException) when calling the InvokeModel operation: Too many tokens, please wait before trying again.')).toEqual([[null, 'rate-limit-tokens']]);
    expect(await events('* the proxy logged `claude-sonnet-4` failed with status 529 after four attempts at the Anthropic endpoint today')).toEqual([[529, 'overloaded']]);
  });

  it('a fenced paste is output, and so is the API\'s own sentence quoted in prose', async () => {
    // ```\n400 invalid_request_error\nmessages.11.content.8.image.source.base64.data: At least one of the\nimage dimensions exceed max allowed size: 8000 pixels\n```
    expect(await events(excerpt('can1357__oh-my-pi-10633'))).toEqual([[400, 'image-too-large']]);
    // ```\n❌ Connection Failed\n\nAn error occurred (ThrottlingException) when calling the InvokeModel operation\n(reached max retries: 4): Too many requests, please wait before trying again.\n```
    expect(await events(excerpt('ABS-IISC__tara5-THROTTLING_FIX_COMPLETE'))).toEqual([[null, 'rate-limit-requests']]);
    // `> Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.`
    expect((await events(excerpt('ex-machina-co__opencode-anthropic-auth-167'))).map((e) => e[1])).toEqual(['credit-balance-too-low']);
  });
});

describe('analyze: an API error type named bare', () => {
  // The classifier reads a Claude API error type printed bare (`404 not_found_error model: …`) when
  // nothing else names the cause; the scanner does not take that as a failure: the tuning excerpts
  // that name the types in prose, notes and code got false reports when it did.
  it('prose and code naming the types report nothing', async () => {
    expect(await events(excerpt('WordPress__ai-provider-for-anthropic-3'))).toEqual([]);
    expect(await events(excerpt('tombii__better-ccflare-272'))).toEqual([]);
    expect(await events('- Retries on `overloaded_error` and `rate_limit_error` with backoff\n')).toEqual([]);
  });
  it('a body carrying the type still does', async () => {
    expect(await events('Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n')).toEqual([[529, 'overloaded']]);
  });
});

describe('analyze: prose that says what an error contains or how it changed', () => {
  it("a guide's symptoms (`Error mentions \"invalid API key\"`) and a change between two quoted messages report nothing", async () => {
    expect(await events(excerpt('PraneshSomasundar7__IslandGo-DEBUG_INTERNAL_ERROR'))).toEqual([]);
    expect(await events('- Error mentions "invalid API key"\n')).toEqual([]);
  });
  it('a body printed after the words, or the writer speaking of their own error, stays an error', async () => {
    const body = '401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}';
    expect(await events(`The error contains: ${body}\n`)).toEqual([[401, 'invalid-api-key']]);
    expect(await events(`Error changed from ${body} to "ok"\n`)).toEqual([[401, 'invalid-api-key']]);
    expect((await events('Now my error mentions "invalid x-api-key" (401 authentication_error)\n')).map((e) => e[1])).toEqual(['invalid-api-key']);
  });
});

describe("analyze: an error reference's entries as a markdown list", () => {
  it('a status, the type in a code span and its description (the errors page as documentation copies it) report nothing', async () => {
    expect(await events(excerpt('xiqi__claude-api-markdown-errors'))).toEqual([]);
    expect(await events('* 529 - `overloaded_error`: The API is temporarily overloaded.\n')).toEqual([]);
  });
  it('a body printed in the entry, or the same words as output, stay an error', async () => {
    expect((await events('- 529 - `overloaded_error`: Overloaded {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n')).map((e) => e[1])).toEqual(['overloaded']);
    expect(await events('API Error: 529 - overloaded_error: Overloaded\n')).toEqual([[529, 'overloaded']]);
  });
});

describe("analyze: a sentence that states a limit's size", () => {
  // `Anthropic has a rate limit of 30k tokens per minute` states what may be sent, no request refused;
  // the API's refusal (would exceed the limit), a failure shown before such a sentence and the
  // writer's own report stay errors
  const refusal = '{"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed the rate limit for your organization of 40,000 input tokens per minute."}}';
  const cases: Array<[string, string[]]> = [
    [excerpt('CraftOS-dev__CraftBot-145'), []],
    ['- Anthropic has a usage limit of 1,000,000 tokens per day\n', []],
    [`anthropic.RateLimitError: Error code: 429 - ${refusal}\n`, ['rate-limit-tokens']],
    ['Claude API error 429: your org has a rate limit of 40,000 input tokens per minute\n', ['rate-limit-tokens']],
    ['We have a rate limit of 30k tokens per minute on Anthropic and hit 429s\n', ['rate-limit-tokens']],
  ];
  itReads(cases);
});

describe("analyze: a test runner's failed assertion is the test's, not a request's", () => {
  // pytest's short summary and its assertion detail name the test, its parameters and the values it
  // compared (an error it feeds a mock, a string it expected): no request failed. An exception other
  // than the assertion in the summary is the failure the test met, and stays an event.
  itReads([
    [
      "FAILED tests/components/anthropic/test_init.py::test_init_error[side_effect2-Your credit balance is too low to access the Claude API] - AssertionError: assert 'Your credit balance is too low to access the Claude API' in ''\n",
      [],
    ],
    ['FAILED tests/test_client.py::test_retry - AssertionError: assert \'{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\' == \'ok\'\n', []],
    ["E       assert 'Connection error.' in 'anthropic.APIConnectionError: Connection error.'\n", []],
    [
      "FAILED tests/test_live.py::test_messages - anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'Number of request tokens has exceeded your per-minute rate limit'}}\n",
      ['rate-limit-tokens'],
    ],
  ]);
});

describe("analyze: a change's description as a list names the errors it handles", () => {
  // A pull request's summary or a changelog lists what the change does: an item that starts with
  // the verb of what the code does with an error (classify, handle, map, detect, …) and names that
  // error in a code span prints no failure. An item that starts otherwise (the writer's own report,
  // a step with the output after it, an error line) and an item with no code span are read as before.
  itReads([
    [
      '## Summary\n- classify Claude `ClaudeResult` failures with the exact `API Error: Overloaded` message as `provider_overloaded`\n- keep stderr-only overload text unclassified\n',
      [],
    ],
    ['- Handle `529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}` with a retry and backoff\n', []],
    ["* maps `anthropic.RateLimitError: Error code: 429` to the job's `rate_limited` state\n", []],
    ['- Detects `API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}` and asks for a new key\n', []],
    ['- I get `API Error: 529 Overloaded` on every request\n', ['overloaded']],
    ['- Run `claude` and send a prompt: API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n', ['overloaded']],
    ['- Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n', ['overloaded']],
    ['- classify: API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n', ['overloaded']],
  ]);
});
