import { describe, expect, it } from 'vitest';
import { events, tuningExcerpt as excerpt, itReads } from './logscan-corpus-text.js';

/**
 * Whose API a line is about: another provider (by its name, its model, its envelope, its host, its
 * own marks), a platform that serves other models, another AWS service, another provider's models
 * behind Claude Code.
 * Written from tuning excerpts of the analyze corpus (test/fixtures/analyze-corpus), each read by
 * id, so the test runs on the text as it was posted.
 */

describe('analyze: whose API a line is about', () => {
  it('a Vertex line about a Gemini model is that provider\'s error, not a Claude one (Vertex serves both)', async () => {
    expect(await events(excerpt('aaif-goose__goose-1244'))).toEqual([]);
  });

  it('a Vertex line that names Claude stays a Claude error', async () => {
    const line = `litellm.RateLimitError: VertexAIException - {"error":{"code":429,"message":"Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: anthropic-claude-3-5-sonnet.","status":"RESOURCE_EXHAUSTED"}}`;
    expect(await events(line)).toEqual([[429, 'vertex-resource-exhausted']]);
  });

  it("a Vertex quota error that names no Claude model is not Claude's: Vertex also serves Google's models and jobs", async () => {
    // a Java client's training-job quota: aiplatform.googleapis.com is Vertex, not Claude
    expect(await events(excerpt('GoogleCloudPlatform__vertex-ai-samples-3479'))).toEqual([]);
  });

  it("an app's banner of the model in use above a Vertex quota error names Claude for it", async () => {
    // aider prints `Main model: vertex_ai/claude-3-5-sonnet@20240620` at start; the error cut by the issue names only the base model's quota
    expect(await events(excerpt('Aider-AI__aider-1912'))).toEqual([[429, 'vertex-resource-exhausted']]);
    const noBanner = excerpt('Aider-AI__aider-1912').split('\n').filter((l) => !/model:/.test(l)).join('\n');
    expect(await events(noBanner)).toEqual([]);
  });

  it("OpenAI's error envelope (its param key, its codes) is another provider's even when no name is printed", async () => {
    expect(await events(excerpt('crewAIInc__crewAI-701'))).toEqual([]);
  });

  it("an Anthropic message behind an OpenAI-compatible client is still Claude's", async () => {
    expect(await events(excerpt('FoundationAgents__OpenManus-746'))).toEqual([[429, 'rate-limit-tokens']]);
  });
});

describe('analyze: another provider behind Claude Code', () => {
  it("an OpenAI-compatible reasoning model's reasoning_content error is that provider's, even in the API's envelope shape", async () => {
    expect(await events(excerpt('anthropics__claude-code-37757'))).toEqual([]);
  });

  it("a line that names MiniMax is MiniMax's error, in Claude Code's own wording too", async () => {
    expect(await events(excerpt('xvirobotics__metabot-192'))).toEqual([]);
    expect(await events('API Error: Repeated 529 Overloaded errors')).toEqual([[529, 'overloaded']]);
  });

  it('the same field on a line that names Claude stays a Claude error', async () => {
    const line = 'litellm.BadRequestError: AnthropicException - {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}} (reasoning_content dropped)';
    expect(await events(line)).toEqual([[null, 'context-window-exceeded']]);
  });

  it("Claude Code named beside another provider's model (GLM) is only the client: its line below is that provider's", async () => {
    expect(await events(excerpt('Sunnyender-org__cursor-sdk2api-25'))).toEqual([]);
    // Claude Code alone names no other provider: its line stays a Claude error
    const alone = ['When using Claude Code on long tasks, Claude Code frequently shows:', '', 'API Error: The response stopped arriving. The response above may be incomplete.'].join('\n');
    expect(await events(alone)).toEqual([[null, 'stream-interrupted']]);
    // a line that names a Claude model beside Claude Code and another provider stays Claude's
    const model = ['Claude Code with claude-sonnet-4-5 (GLM-4.6 as the fallback) shows:', '', 'API Error: The response stopped arriving. The response above may be incomplete.'].join('\n');
    expect(await events(model)).toEqual([[null, 'stream-interrupted']]);
  });
});

describe("analyze: other AWS services' errors in the shapes Bedrock's take", () => {
  it("an exception another AWS service answers with is that service's, as its SDK names the operation, the service or the package", async () => {
    // botocore's operation, the SDK for Go's service, Secrets Manager by name, the SDK for JavaScript's package in the stack below
    expect(await events(excerpt('getmoto__moto-8655'))).toEqual([]);
    expect(await events(excerpt('nautobot__nautobot-app-secrets-providers-64'))).toEqual([]);
    expect(await events(excerpt('andresriancho__aws-backup-5'))).toEqual([]);
    expect(await events(excerpt('researchwiseai__langgraphjs-checkpoint-dynamodb-8'))).toEqual([]);
    expect(await events(excerpt('dbhowell__pino-cloudwatch-4'))).toEqual([]);
    const goLine = 'ERROR failed to execute query error="operation error DynamoDB: Query, https response error StatusCode: 400, RequestID: 1c82, api error ValidationException: One or more parameter values are not valid"';
    expect(await events(goLine)).toEqual([]);
    // a DynamoDB call failing in a Lambda named for Bedrock is still DynamoDB's
    expect(await events(`[/aws/lambda/BedrockChatStack-Handler] ${goLine}`)).toEqual([]);
  });

  it('a Bedrock Runtime operation keeps the same exception Bedrock\'s', async () => {
    expect(await events('botocore.errorfactory.ThrottlingException: An error occurred (ThrottlingException) when calling the ConverseStream operation (reached max retries: 4): Too many requests, please wait before trying again.')).toEqual([
      [null, 'rate-limit-requests'],
    ]);
    expect(await events('operation error Bedrock Runtime: InvokeModel, https response error StatusCode: 400, RequestID: 8518716b, ValidationException: messages: roles must alternate between "user" and "assistant"')).toEqual([
      [400, 'roles-not-alternating'],
    ]);
  });

  it("a shared AWS exception named with no status, no Bedrock wording and no Claude in its event is a name in prose; Bedrock's wording or a status keeps it", async () => {
    expect(await events(excerpt('turbot__steampipe-mod-aws-thrifty-130'))).toEqual([]);
    expect(await events('Querying hundreds of log groups causing ThrottlingException')).toEqual([]);
    // botocore naming Converse with `operation` wrapped to the next line
    expect(await events(excerpt('danilop__multimodal-chat-7'))).toEqual([[null, 'bedrock-access-denied']]);
    expect(await events('ThrottlingException: Too many tokens, please wait before trying again.')).toEqual([[null, 'rate-limit-tokens']]);
  });
});

describe("analyze: another service's envelope in the API's shape", () => {
  it("a body whose top-level type is not the API's (`\"type\":\"ErrorResponse\",\"error\":{…}`) is another service's, escaped or not", async () => {
    // an agent session's record: `"error": "Brave Search API error (429): {\"type\":\"ErrorResponse\",\"error\":{…}}"`
    expect(await events(excerpt('Aymanjohani__Flux-2026-02-05-auto-saved-3ddec4a9'))).toEqual([]);
    expect(await events('web_search failed: 429 {"type":"ErrorResponse","error":{"status":429,"detail":"Request quota limit exceeded for plan."}}')).toEqual([]);
  });
  it("the API's envelope (`\"type\":\"error\"`) stays the API's, escaped or not", async () => {
    expect(await events('web_search failed: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Rate limited"}}')).toEqual([[429, 'rate-limited']]);
    expect((await events('"error": "Claude API error (429): {\\"type\\":\\"error\\",\\"error\\":{\\"type\\":\\"rate_limit_error\\",\\"message\\":\\"Rate limited\\"}}"')).map((e) => e[1])).toEqual(['rate-limited']);
  });
});

describe("analyze: another API's failure, another service's key", () => {
  // `[Claude API] Copilot API error: 400 - {…}`: a proxy serving GitHub Copilot in the API's shape tags its
  // lines with Claude's name, but the API it says failed is Copilot's; an answer that names Anthropic
  // itself stays Claude's whatever client the line names (an OpenAI client pointed at the API).
  // `× ERROR: Invalid API key` (a CLI's own error for Perplexity, Gemini or GitHub keys) says nothing of
  // whose key: with no status, error type, the API's header or Claude Code's hint, it needs Claude in its event
  itReads([
    [excerpt('doulongfei__copilot-openai-proxy-TROUBLESHOOTING'), []],
    ['Copilot API error: 400 - {"error":{"message":"The requested model is not supported.","code":"model_not_supported"}}\n', []],
    [excerpt('FoundationAgents__OpenManus-746'), ['rate-limit-tokens']],
    ['[Claude API] Anthropic API error: 400 - {"type":"error","error":{"type":"invalid_request_error","message":"Invalid model name"}}\n', ['invalid-model']],
    [excerpt('gweidart__cursor-utils-config-001'), []],
    ['× ERROR: Invalid API key\n  Code: config-001\n', []],
    ['ERROR: Invalid API key for Anthropic\n', ['invalid-api-key']],
    ['Invalid API key · Fix external API key\n', ['invalid-api-key']],
    ['{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}\n', ['invalid-api-key']],
    // a status is every service's too (the next table): with nothing of Claude's, a 401 for a key is another's
    ['Error: 401 Invalid API key\n', []],
  ]);
});

describe("analyze: what the catalog reads as another service's error", () => {
  // Entries marked `another_service` (another AI vendor's limit, another AWS or Google Cloud service,
  // a connection to another host) say the failed request did not go to Claude, whatever Claude words
  // surround it: their events are never reported. The same log's Claude failures still are.
  const groqLimit =
    "2025-03-01 10:00:02 ERROR Claude agent step failed: Error code: 429 - {'error': {'message': 'Rate limit reached for model `llama3-70b-8192` in organization `org_01hq` on tokens per minute (TPM): Limit 6000, Used 5000, Requested 1500.', 'type': 'tokens', 'code': 'rate_limit_exceeded'}}\n";
  itReads([
    [`2025-03-01 10:00:01 INFO provider=anthropic model=claude-3-5-sonnet-20241022 request ok\n${groqLimit}`, []],
    ['Claude agent: tool call failed: Error: connect ECONNRESET while calling https://api.openai.com/v1/embeddings\n', []],
    [
      `${groqLimit}2025-03-01 10:00:03 ERROR Claude agent step failed: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'This request would exceed the rate limit for your organization of 40,000 input tokens per minute.'}}\n`,
      ['rate-limit-tokens'],
    ],
  ]);
});

describe("analyze: Claude Code's line prints whatever its base URL answers", () => {
  // Anthropic-compatible endpoints (Ollama, MiniMax, Zhipu, DeepSeek) copy the API's envelope, its
  // `"type":"error"` and its error types, but give their own request ids (hex digits, a date-stamped id,
  // `req_` and 24 hex digits): under Claude Code's line such an answer is that server's. The API's own
  // request id, or none, keeps it the API's; a relay's own error stays one; an app's line naming
  // Claude is not Claude Code's. A router's refusal to route (the provider not in its registry) sent no request.
  itReads([
    [
      '2026-01-27T21:27:35.536Z [ERROR] Error in non-streaming fallback: 404 {"type":"error","error":{"type":"not_found_error","message":"model \'claude-haiku-4-5-20251001\' not found"},"request_id":"req_d41493224a01d0a0ae3fb954"}\n',
      [],
    ],
    ['API Error: 500 {"type":"error","error":{"type":"api_error","message":"insufficient balance (1008)"},"request_id":"05997465cd2ee4bd50b24b216c911b75"}\n', []],
    ['  ⎿  API Error: 400 {"error":{"code":"1211","message":"Unknown Model, please check the model code."},"request_id":"2026021110204927dbd73e45224f30"}\n', []],
    [
      'API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"},"request_id":"req_011Ca5kSpev1VU8FFDsSJbWo"}\n',
      ['internal-server-error'],
    ],
    ['  ⎿  API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":null}\n', ['overloaded']],
    ['API Error: 503 {"error":{"type":"new_api_error","message":"no available channel"},"request_id":"20260426083135425412812"}\n', ['relay-error']],
    [
      '2026-01-27 21:27:35 ERROR claude client: 404 {"type":"error","error":{"type":"not_found_error","message":"model: claude-3-opus-latest"},"request_id":"7f3a9c2e-1b4d-4e8f-9a6b-2c5d8e1f0a3b"}\n',
      ['not-found'],
    ],
    ["  ⎿  API Error: 400 provider not found: provider '' not found in registry\n", []],
    ['API Error: 400 unknown provider: openrouter\n', []],
  ]);
});

describe("analyze: a line's own model field names whose request it reports", () => {
  // A gateway's request log or an app that serves several models says in its model field which
  // model the failed request was for: another vendor's model (Amazon's Nova on Bedrock, Meta's
  // Llama) makes the line that model's, whatever client sent it (Claude Code's user agent). A
  // Claude model id, a name the field does not make another vendor's (an alias), or a provider
  // field that names Anthropic leave the line's other evidence to decide.
  itReads([
    [
      '{"type":"request","level":"warning","method":"POST","path":"/anthropic/v1/messages","client_user_agent":"claude-cli/2.1.76 (external, sdk-ts)","model_id":"amazon.nova-2-lite-v1:0","error_detail":["The model returned the following errors: Malformed input request: #/messages/6/content/0: extraneous key [cachePoint] is not permitted, please reformat your input and try again."],"status_code":400}\n',
      [],
    ],
    ['2026-03-01 10:00:00 ERROR gateway: claude-cli/2.1.76 request failed model=meta.llama3-70b-instruct-v1:0 ValidationException: Malformed input request: extraneous key [cache_control] is not permitted\n', []],
    ['2026-03-01 10:00:00 ERROR gateway: claude-cli/2.1.76 request failed model=us.amazon.nova-pro-v1:0 ThrottlingException: Too many tokens, please wait before trying again.\n', []],
    [
      '{"type":"request","level":"warning","method":"POST","path":"/anthropic/v1/messages","client_user_agent":"claude-cli/2.1.76 (external, sdk-ts)","model_id":"us.anthropic.claude-sonnet-4-5-20250929-v1:0","error_detail":["The model returned the following errors: Malformed input request: #/messages/6/content/0: extraneous key [cachePoint] is not permitted, please reformat your input and try again."],"status_code":400}\n',
      ['unknown'],
    ],
    ['2026-03-01 10:00:00 ERROR gateway: claude-cli/2.1.76 request failed model=default ThrottlingException: Too many tokens, please wait before trying again.\n', ['rate-limit-tokens']],
    ['provider=anthropic model=gpt-4 error=529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n', ['overloaded']],
  ]);
});

describe("analyze: another provider's answer by its own marks (other-provider-body.ts)", () => {
  // Anthropic-compatible endpoints copy the API's envelope and fill it with their own error types,
  // business codes and wordings; Claude Code and the other Anthropic clients print whatever their
  // base URL answers. Texts built from each provider's published error reference: Zhipu's and
  // z.ai's business codes (docs.bigmodel.cn and docs.z.ai, api-code: 1302, 1308 `Usage limit reached
  // for 5 hour`), MiniMax's code appended in parentheses (platform.minimax.io, Error Codes: 1008),
  // Moonshot's error types and wordings (platform.kimi.ai/docs/api/errors, the Kimi Code error
  // reference, MoonshotAI/kimi-code#636), Alibaba Cloud's `Throttling.AllocationQuota`
  // (help.aliyun.com, status codes), Volcengine Ark's `AccountOverdueError` and its `Request ID:` in
  // the message (volcengine.com/docs/82379/1299023), a z.ai base URL (docs.z.ai, rig-core's
  // ANTHROPIC_API_BASE_URL). The API's own bodies through the same clients stay events, and so does
  // a new-api relay's own error, which stamps its request id into the API's type of message.
  itReads([
    ['API Error: 429 {"type":"error","error":{"type":"1302","message":"High concurrency usage of this API, please reduce concurrency or contact customer service to increase limits"}}\n', []],
    ['API Error: Request rejected (429) · [1308][Usage limit reached for 5 hour. Your limit will reset at 2026-08-31 18:19:41][20260831150427d7cd9f9634d84ecc]\n', []],
    ['API Error: 500 {"type":"error","error":{"type":"api_error","message":"insufficient balance (1008)"}}\n', []],
    ['API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"The engine is currently overloaded, please try again later"}}\n', []],
    ['API Error: 401 {"type":"error","error":{"type":"invalid_authentication_error","message":"Invalid Authentication"}}\n', []],
    ["anthropic.RateLimitError: Error code: 429 - {'error': {'message': 'The engine is currently overloaded, please try again later', 'type': 'engine_overloaded_error'}}\n", []],
    ['API Error: 429 {"type":"error","error":{"type":"Throttling.AllocationQuota","message":"Allocated quota exceeded, please increase your quota limit."}}\n', []],
    ['API Error: 403 {"type":"error","error":{"type":"AccountOverdueError","message":"The request failed because your account has an overdue balance. Request ID: 0217186543210abcdef0123"}}\n', []],
    ['API Error: 403 {"type":"error","error":{"type":"permission_error","message":"Your account does not have access to this model. Request ID: 0217186543210abcdef0123"}}\n', []],
    ['ANTHROPIC_BASE_URL=https://api.z.ai/api/anthropic\n⎿  API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n', []],
    ['API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CXw8h8A796q3f74Ezmhav"}\n', ['overloaded']],
    ['API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n', ['overloaded']],
    ['API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"messages.1234.content: Input should be a valid list"}}\n', ['unknown']],
    ['API Error: 500 {"error":{"code":"","message":"rate_limit_check_failed (request id: 202604260831354254128128268d9d641UJyrko)","type":"new_api_error"}}\n', ['relay-error']],
  ]);
});

describe("analyze: the models of other Anthropic-compatible endpoints, and a Claude client's settings", () => {
  // Claude Code pointed at another provider's Anthropic-compatible endpoint serves that provider's
  // models: a line that names one (Moonshot's `kimi-for-coding` and `kimi-k2…`, the Kimi Code error
  // reference; Qwen with its version or tier; Volcengine Ark's Coding Plan models `doubao-seed-2.0-code`,
  // `kimi-k2.7-code`) says whose the failure below it is. The client's own settings name Anthropic only
  // as the API it speaks (`ANTHROPIC_MODEL=…`, `ANTHROPIC_BASE_URL=https://api.deepseek.com/anthropic`):
  // beside another provider's name they are no Claude by name. A line that names a Claude model stays
  // Claude's, and so does a Claude model alias.
  itReads([
    ['> /model kimi-for-coding\n  ⎿  Set model to kimi-for-coding\n\n> fix the tests\n  ⎿  API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n', []],
    ['  Model: doubao-seed-2.0-code\n  ⎿  API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Rate limited"}}\n', []],
    ['export ANTHROPIC_MODEL=qwen3-coder-plus\n⎿  API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}\n', []],
    ['export ANTHROPIC_BASE_URL=https://api.deepseek.com/anthropic\n⎿  API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}\n', []],
    ['2026-03-01 10:00:00 ERROR agent: model=kimi-k2-0905-preview request failed: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n', []],
    ['  Model: claude-sonnet-4-5 (fallback qwen3-coder-plus)\n  ⎿  API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n', ['overloaded']],
    ['> /model opus\n  ⎿  Set model to opus\n  ⎿  API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n', ['overloaded']],
    ['export ANTHROPIC_BASE_URL=https://api.anthropic.com\n⎿  API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}\n', ['internal-server-error']],
  ]);
});
