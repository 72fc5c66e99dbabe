import { describe, expect, it } from 'vitest';
import { events, tuningExcerpt as excerpt, itReads } from './logscan-corpus-text.js';

/**
 * The evidence that a failure is the Claude API's when the line names no Claude: the API's own
 * status, types and words, the SDKs' messages, Bedrock's wording; and what a failure in words every
 * provider uses needs.
 * Written from tuning excerpts of the analyze corpus (test/fixtures/analyze-corpus), each read by
 * id, so the test runs on the text as it was posted.
 */

describe('analyze: API evidence without a Claude word', () => {
  it("an AWS SDK's ClientError is read however its exception is spelled", async () => {
    expect(await events(excerpt('aws-samples__demo_mcp_on_amazon_bedrock-91'))).toEqual([[null, 'cache-control-limit']]);
  });

  it("Bedrock's wording for the model's own refusal is read: it names the cause the exception's name above it does not", async () => {
    // an app's print of a Bedrock ValidationException as fields: `Type: ValidationException`, then `Details: The model returned the following errors: …`
    expect(await events(excerpt('daisuke-awaji__moca-254'))).toEqual([[null, 'context-window-exceeded']]);
  });

  it("a Bedrock Runtime operation named by the SDK is Bedrock context for a bare throttling error", async () => {
    const line = 'An error occurred (ThrottlingException) when calling the ConverseStream operation (reached max retries: 4): Too many tokens, please wait before trying again.';
    expect(await events(line)).toEqual([[null, 'rate-limit-tokens']]);
  });

  it("a 529 is the API's own status: an HTTP client's line with it counts with no other Claude mark", async () => {
    expect(await events(excerpt('aaif-goose__goose-2801'))).toEqual([[529, 'overloaded']]);
  });

  it('another status in the same shape needs Claude context', async () => {
    expect(await events('Error: Request failed: Request failed with status: 503 Service Unavailable')).toEqual([]);
  });
});

describe("analyze: the API's and the SDKs' own words are Claude evidence on their own", () => {
  // Messages only Anthropic's API or SDKs print (their sources), logged bare: no status, no class, no name.
  it("the SDKs' refusal without a key or token is a Claude error though the line names no provider", async () => {
    const ts = 'Error: Could not resolve authentication method. Expected either apiKey or authToken to be set. Or for one of the "X-Api-Key" or "Authorization" headers to be explicitly omitted';
    const py = 'TypeError: "Could not resolve authentication method. Expected either api_key or auth_token to be set. Or for one of the `X-Api-Key` or `Authorization` headers to be explicitly omitted"';
    for (const line of [ts, py]) expect((await events(line)).map(([, id]) => id)).toEqual(['api-key-missing']);
  });

  it("the API's own refusals are found by their words: the first message's role, a tool_use without its tool_result, the compiled grammar", async () => {
    expect(await events('ERROR: first message must use the "user" role')).toEqual([[null, 'first-message-not-user']]);
    expect(await events('tool_use ids were found without tool_result blocks')).toEqual([[null, 'tool-result-missing']]);
    expect(await events('400 "The compiled grammar is too large"')).toEqual([[400, 'schema-too-complex']]);
  });

  it("the pre-1.0 Python SDK's ApiException tuple is the SDK's own: an app that prints it names no provider", async () => {
    // a Telegram bot's docker log: `[e] ('post request failed with status code: 401', {'detail': 'Invalid API Key'})`
    expect(await events(excerpt('ciuzaak__Claude-Telegram-Bot-7'))).toEqual([[401, 'invalid-api-key']]);
    expect(await events("[e] ('post request failed with status code 401', {'detail': 'Invalid API Key'})")).toEqual([]);
  });

  it('a stream that ended without its message_stop event is a cut Claude stream', async () => {
    expect(await events('stream ended without message_stop, likely proxy idle timeout during extended thinking')).toEqual([[null, 'stream-interrupted']]);
  });

  it('a stream that reached its message_stop is no cut stream, whatever level it was logged at', async () => {
    expect(await events('ERROR:app.llm:received message_stop, stop_reason=end_turn')).toEqual([]);
    expect(await events('{"level":50,"msg":"anthropic stream: message_stop received, stop_reason=end_turn"}')).toEqual([]);
  });

  it("the API's refusal of a long prompt with its numbers (`N tokens > M maximum`) is its own: one failure, however often a report repeats it", async () => {
    expect(await events(excerpt('code-yeongyu__oh-my-openagent-90'))).toEqual([[null, 'context-window-exceeded']]);
    expect(await events('Prompt is too long: 203073 tokens > 200000 maximum')).toEqual([[null, 'context-window-exceeded']]);
  });

  it('words other APIs share are no evidence: a local model whose prompt is too long is not reported', async () => {
    expect(await events(excerpt('Josh-XT__AGiXT-76'))).toEqual([]);
    expect(await events('error: prompt is too long (2249 tokens, max 1996)')).toEqual([]);
    expect(await events('openai.BadRequestError: max_tokens is too large: 5000. This model supports at most 4096 completion tokens')).toEqual([]);
  });
});

describe('analyze: JSON log records at warning level', () => {
  it("a warning record (a router's failed attempt before its retry) counts by its evidence, as a text line would; info records do not", async () => {
    // pino records: level 40 for each attempt's 429 (06:07:00 and, after the retry, 06:07:10), level 30 for the cooldown between
    expect(await events(excerpt('diegosouzapw__OmniRoute-1649'))).toEqual([[null, 'rate-limited'], [null, 'rate-limited']]);
    const record = (level: number): string => `{"level":${level},"time":"2026-04-27T06:07:00.951Z","msg":"claude | all 1 active accounts rate limited (reset after 5s)"}`;
    expect(await events(record(40))).toEqual([[null, 'rate-limited']]);
    expect(await events(record(30))).toEqual([]);
    expect(await events('{"level":"warn","msg":"claude/claude-opus-4-6 all connections cooling down (reset after 5s)"}')).toEqual([]);
  });
});

describe("analyze: a failure in words every provider's API uses, and the evidence that it is Claude's", () => {
  // A key refused, an overload, a quota or a limit in words every service uses, with the status every service
  // answers them with (401, 503, 429): Claude's when the log event names Claude (or is Claude Code's own line),
  // or the message carries the API's own marks (its envelope, request id, status 529, an error type only the
  // API uses, its one-word `Overloaded`, `x-api-key`). `invalid_request_error` is OpenAI's and Groq's type too;
  // `"code":"invalid_api_key"` is OpenAI's envelope. Google's envelope (`"status": "RESOURCE_EXHAUSTED"`) is the
  // Gemini API's or Vertex's answer: Claude's when Claude is named, not by Claude Code's line around it (a client
  // pointed at other providers). Gemini CLI and its forks bracket their `[API Error: …]`; Claude Code never does.
  itReads([
    [excerpt('ag5826000__resume-commentor-4'), []],
    ['AuthenticationError: 401 {"error":{"message":"Invalid API Key","type":"invalid_request_error"}}\n', []],
    ['AuthenticationError: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}\n', ['invalid-api-key']],
    ['Error: 401 Invalid API key for Anthropic\n', ['invalid-api-key']],
    ['  ⎿  API Error: 401 {"error":{"message":"Incorrect API key provided: sk-proj-****1234.","type":"invalid_request_error","code":"invalid_api_key"}}\n', []],
    ['  ⎿  API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_011CXoMnK8nB1ma1gUBcmgVG"}\n', ['invalid-api-key']],
    ['✕ [API Error: got status: UNAVAILABLE. {"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}]\n', []],
    ['✕ [API Error: Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.]\n', []],
    ['  ⎿  API Error: 429 {"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}\n', []],
    ['  ⎿  API Error: 503 {"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}\n', []],
    [
      '  ⎿  API Error: 429 {"error":{"code":429,"message":"Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: anthropic-claude-3-5-sonnet. Please submit a quota increase request.","status":"RESOURCE_EXHAUSTED"}}\n',
      ['vertex-resource-exhausted'],
    ],
    [excerpt('cline__cline-651'), ['vertex-resource-exhausted']],
    ['  ⎿  API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n', ['overloaded']],
    ['2025-06-01 10:00:00 ERROR worker: Claude request failed: 503 The server is overloaded, please retry later\n', ['overloaded']],
    // the API's own type and its one-word message, in an event that names no Claude
    [excerpt('spring-projects__spring-ai-3740'), ['overloaded']],
    // the envelope in a JSON record's message
    [
      '{"level":"error","msg":"request failed: Error: 400 {\\"type\\":\\"error\\",\\"error\\":{\\"type\\":\\"invalid_request_error\\",\\"message\\":\\"messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`.\\"}}"}\n',
      ['thinking-blocks-invalid'],
    ],
  ]);
});

describe("analyze: the API's refusal of a rate limit quoted without its body", () => {
  // `This request would exceed …` is the API's own sentence for a rate limit; quoted alone (an AI SDK's
  // `Last error: …` of its retries) it carries no status, type or Claude word on its line
  itReads([
    [excerpt('stagewise-io__stagewise-927'), ['rate-limit-tokens']],
    ['Last error: This request would exceed the rate limit for your organization of 40,000 input tokens per minute\n', ['rate-limit-tokens']],
  ]);
});

describe("analyze: the evidence that a shared wording is Claude's is tied to the failing request", () => {
  // A key refused, an overload, a limit in words every provider's API uses needs Claude in what reports that
  // request: its line, its log event's lines above, the paragraph below it. Claude named after a blank line, a
  // code fence or a heading is what the paste goes on to say (another model tried, a settings section), not
  // the failed request. A log line's provider field names whose request it reports, whatever model a fallback
  // list beside it names. A gateway's own `req_` id (hex digits, a lower-case ULID) is not the API's request id.
  itReads([
    ['Error: 401 Invalid API key\n\nI switched the model to Claude Sonnet and it works.\n', []],
    ['Error: 401 Invalid API key\n```\n\n### Model\nclaude-sonnet-4-5\n', []],
    ['Error: 401 Invalid API key\nmodel: claude-sonnet-4-5\n', ['invalid-api-key']],
    [
      '2026-01-01T00:00:00Z ERROR agent run failed provider=google model=gemini-2.5-flash fallbacks=anthropic/claude-sonnet-4-5 error=503 The model is overloaded. Please try again later.\n',
      [],
    ],
    ['Error: 401 Invalid API key (request_id=req_f8bfddf48b9e)\n', []],
    ['Error: 401 Invalid API key (request_id=req_01jngbvsctfy0bmjw87yea904b)\n', []],
    ['Error: 401 Invalid API key (request_id=req_011CXw8h8A796q3f74Ezmhav)\n', ['invalid-api-key']],
  ]);
});
