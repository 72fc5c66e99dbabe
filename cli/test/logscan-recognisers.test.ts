import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadSplit } from '../bench/corpus-score.mjs';
import { scanPaths } from '../src/logscan/index.js';
import { detectLinePrefix, stripLinePrefix } from '../src/logscan/line-prefix.js';

/**
 * Recognisers written from tuning excerpts of the analyze corpus (test/fixtures/analyze-corpus):
 * each case is read from the corpus by id, so the test runs on the text as it was posted.
 */

interface Excerpt {
  id: string;
  text: string;
}

async function events(text: string): Promise<Array<[number | null, string]>> {
  const r = await scanPaths(['-'], { stdin: Readable.from([Buffer.from(text)]) });
  return r.events.map((e) => [e.status, e.catalog_id]);
}

function excerpt(id: string): string {
  const c = (loadSplit('tuning') as Excerpt[]).find((x) => x.id === id);
  if (!c) throw new Error(`no tuning excerpt ${id}`);
  return c.text;
}

/** One test per text: the catalog entries of the events read from it, in order. */
function itReads(cases: Array<[string, string[]]>): void {
  it.each(cases)('%#: the events read are %j', async (text, want) => {
    expect((await events(text)).map((e) => e[1])).toEqual(want);
  });
}

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

describe('analyze: bodies printed apart from their error line', () => {
  it("the body an SDK prints under its error line says whose error it is (Mistral's, with OpenAI's param key)", async () => {
    expect(await events(excerpt('raycast__extensions-31107'))).toEqual([]);
  });

  it("the API's error object pretty-printed with its keys in another order is read (its type names the error)", async () => {
    expect(await events(excerpt('coaidev__coai-93'))).toEqual([[null, 'api-version-header-missing']]);
  });
});

describe('analyze: a prefix on every line (docker compose, pm2, journald, a container log file, a quote)', () => {
  const prefixed: Record<string, (l: string) => string> = {
    'docker compose': (l) => `api-1  | ${l}`,
    pm2: (l) => `0|api  | ${l}`,
    journald: (l) => `Mar 12 23:40:50 host node[1062716]: ${l}`,
    'a container log file': (l) => `2025-03-01T10:00:00.123456789Z stderr F ${l}`,
    'a quote': (l) => `> ${l}`,
  };
  // Shapes read from a line's first character: Claude Code's Errors array, a pretty-printed record.
  for (const id of ['anthropics__claude-code-35792', 'mattermost__mattermost-plugin-agents-257', 'coaidev__coai-93']) {
    it(`${id}: the same events under each prefix`, async () => {
      const plain = await events(excerpt(id));
      expect(plain.length).toBeGreaterThan(0);
      for (const [name, f] of Object.entries(prefixed)) {
        expect(await events(excerpt(id).split('\n').map(f).join('\n')), name).toEqual(plain);
      }
    });
  }

  it('is removed only when most of the first lines carry it, and only where a line has it', () => {
    expect(detectLinePrefix('2025-07-07 22:18:07.922 | ERROR | pipecat.services - failed\nplain line\n')).toBeNull();
    expect(detectLinePrefix('ERROR    | worker failed\nINFO     | worker started\n')).toBeNull(); // a level column, not a service
    const p = detectLinePrefix('api-1  | one\napi-1  | two\nunprefixed\n');
    expect(p).not.toBeNull();
    expect(stripLinePrefix('api-1  | one\nunprefixed\napi-1  |   at frame\n', p!, true)).toBe('one\nunprefixed\n  at frame\n');
    // a block that begins inside a line keeps that line's start as it is
    expect(stripLinePrefix('tail of a line | x\napi-1  | next\n', p!, false)).toBe('tail of a line | x\nnext\n');
  });
});

describe('analyze: what Claude Code nests under a UI line', () => {
  it("the cause nested under a retry banner (`⎿  TypeError (fetch failed)`) details that attempt, even with prose after it", async () => {
    expect(await events(excerpt('anthropics__claude-code-6596'))).toEqual(Array(10).fill([null, 'api-connection-error']));
  });

  it('a banner or an API error line nested under a UI line is another failure', async () => {
    const text = ['  ⎿  API Error (Request timed out.) · Retrying in 1 seconds… (attempt 1/10)', '  ⎿  API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}'].join('\n');
    expect(await events(text)).toEqual([
      [null, 'api-connection-timeout'],
      [500, 'internal-server-error'],
    ]);
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

describe('analyze: where a status is printed', () => {
  it("after the request's quoted URL, as the Go SDK prints its errors (plain or escaped inside a logfmt value)", async () => {
    const plain = '2025/06/01 10:00:00 failed to create message: POST "https://api.anthropic.com/v1/messages": 529  (Request-ID: req_011CZAau32QzxDkriovTaFCB) {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}';
    expect(await events(plain)).toEqual([[529, 'overloaded']]);
    const logfmt = 'time=2025-06-01T10:00:00.000Z level=ERROR msg="llm call failed" err="POST \\"https://api.anthropic.com/v1/messages\\": 400 Bad Request {\\"type\\":\\"error\\",\\"error\\":{\\"type\\":\\"invalid_request_error\\",\\"message\\":\\"prompt is too long: 210000 tokens > 200000 maximum\\"}}"';
    expect(await events(logfmt)).toEqual([[400, 'context-window-exceeded']]);
  });

  it("in an HTTP client's words with its reason: requests' HTTPError and Spring's HttpStatus name, with Claude context from the URL", async () => {
    // requests' raise_for_status message after an app's own words, quoted in prose
    expect(await events(excerpt('vysakh0__dravid-6'))).toEqual([[429, 'rate-limited']]);
    // Spring WebClient's response exception for the Messages URL, the body not printed
    expect(await events(excerpt('didalgolab__ai-intellij-plugin-39'))).toEqual([[400, 'unknown']]);
    expect(await events('org.springframework.web.server.ResponseStatusException: 429 TOO_MANY_REQUESTS from POST https://api.anthropic.com/v1/messages')).toEqual([[429, 'rate-limited']]);
    // the same forms for another service's URL name no Claude call
    expect(await events('429 Client Error: Too Many Requests for url: https://api.openai.com/v1/chat/completions')).toEqual([]);
    expect(await events('Error processing main.py: 500 Server Error: Internal Server Error for url: http://localhost:11434/api/chat')).toEqual([]);
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

describe('analyze: another provider behind Claude Code', () => {
  it("an OpenAI-compatible reasoning model's reasoning_content error is that provider's, even in the API's envelope shape", async () => {
    expect(await events(excerpt('anthropics__claude-code-37757'))).toEqual([]);
  });

  it("a line that names MiniMax is MiniMax's error, in Claude Code's own wording too", async () => {
    expect(await events(excerpt('xvirobotics__metabot-192'))).toEqual([]);
    expect(await events('API Error: Repeated 529 Overloaded errors')).toEqual([[null, 'overloaded']]);
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

describe("analyze: Claude Code's line for the plan's usage limit", () => {
  // `You've hit your (session |weekly )?limit · resets …`: each line is a request the plan refused.
  // The catalog names only `You've hit your limit` and `usage limit reached|…` so far: the other
  // wordings are found and left `unknown` by the classifier.
  it('each refused prompt is one event, with or without the /login and /upgrade hints under it', async () => {
    expect((await events(excerpt('anthropics__claude-code-79136'))).length).toBe(2);
    expect((await events(excerpt('anthropics__claude-code-77262'))).length).toBe(2);
    expect((await events(excerpt('anthropics__claude-code-77122'))).length).toBe(1);
  });

  it('the older wording is found too, wrapped by the terminal', async () => {
    expect((await events(excerpt('anthropics__claude-code-9236'))).length).toBe(1);
  });

  it("the line the catalog names is classified as the plan's limit", async () => {
    expect(await events("You've hit your limit · resets 1am (Europe/Oslo)")).toEqual([[null, 'subscription-limit']]);
  });

  it("prose about a limit is not Claude Code's line", async () => {
    expect(await events('I hit my limit on Claude ha, allow me to set a limit on `Invoke-AITool` so that I can control how many commands it runs before stopping')).toEqual([]);
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

describe('analyze: stack frames of one exception', () => {
  it('an Elixir stack that prints the same response in two frames is one failure', async () => {
    // Anthropix.APIError.exception(%Req.Response{status: 503, … body: "no healthy upstream" …}) in two frames of one stack
    expect(await events(excerpt('aaronrussell__anthropix-17'))).toEqual([[503, 'service-unavailable']]);
  });

  it('two exceptions, each with its frame, are two failures', async () => {
    const stack = `** (FunctionClauseError) no function clause matching in Anthropix.APIError.exception/1
(anthropix 0.6.1) lib/anthropix/api_error.ex:6: Anthropix.APIError.exception(%Req.Response{status: 503, headers: %{"via" => ["1.1 google"]}, body: "no healthy upstream"})
(anthropix 0.6.1) lib/anthropix.ex:464: Anthropix.res/1
`;
    expect(await events(stack + stack)).toEqual([[503, 'service-unavailable'], [503, 'service-unavailable']]);
  });
});

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
    expect(await events('When I send a prompt to Claude it returns 529 Overloaded')).toEqual([[null, 'overloaded']]);
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

describe('analyze: a status named by its reason phrase', () => {
  it("an error whose whole message is an HTTP reason phrase (a fetch call's statusText) has that status", async () => {
    // a fix note's console line: `TaskChat.jsx:593 Chat error: Error: Claude API error: Not Found`
    expect(await events(excerpt('HeyoJarvis__DXFactorBuild-CLAUDE_API_ERROR_FIX'))).toEqual([[404, 'not-found']]);
    expect(await events('Error: Claude API error: Too Many Requests')).toEqual([[429, 'rate-limited']]);
    // in a logger's record, closed by a quote; a phrase inside a longer message is not the status
    expect(await events('level=error msg="anthropic call failed: Error: Service Unavailable" model=claude-sonnet-4')).toEqual([[503, 'service-unavailable']]);
    expect(await events('Claude API error: Not Found in the cache, fetching the model list again')).toEqual([[null, 'unknown']]);
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

describe('analyze: one failure printed again in another place', () => {
  it("an error's cause that prints the body the error printed (Node's inspect of a retry wrapper's error) is that error", async () => {
    expect(await events(excerpt('nraiden__cofounder-3'))).toEqual([[null, 'overloaded']]);
  });

  it('two different bodies in one line stay two errors, a cause or not', async () => {
    const line =
      'Fallback failed: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}} cause: Error: {"type":"error","error":{"type":"rate_limit_error","message":"Rate limited"}}';
    expect(await events(line)).toEqual([
      [null, 'overloaded'],
      [null, 'rate-limited'],
    ]);
  });

  it('the same line pasted under each heading of an issue template (the last copy cut short) is one failure', async () => {
    expect(await events(excerpt('warpdotdev__warp-6276'))).toEqual([[400, 'empty-text-block']]);
  });

  it('the same line under headings named alike (one run each) is one failure per run', async () => {
    const line = 'Action failed with error: SDK execution error: Error: Claude Code returned an error result: API Error: 529 Overloaded.';
    const text = ['### review (org/one)', '', '```', line, '```', '', '### review (org/two)', '', '```', line, '```'].join('\n');
    expect(await events(text)).toEqual([
      [529, 'overloaded'],
      [529, 'overloaded'],
    ]);
    // the same lines with no heading between them are two failures too
    expect(await events([line, line].join('\n'))).toEqual([
      [529, 'overloaded'],
      [529, 'overloaded'],
    ]);
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

describe("analyze: a Python traceback's exception below a frame of a module named for Claude's API", () => {
  const frames = (path: string, indent = ''): string =>
    `${indent}Traceback (most recent call last):\n${indent}  File "${path}", line 64, in chat\n${indent}    raise handle_http_error(\n`;
  it('the exception line names no trigger word: the frame above gives it its context', async () => {
    // a gateway's adapter raising the API's overload as its own ServerError
    expect(await events(excerpt('sahilhd__unify-ANTHROPIC_OVERLOAD_SOLUTION'))).toEqual([[null, 'overloaded']]);
    expect(await events(`${frames('/app/src/unillm/adapters/anthropic_adapter.py', '    ')}    unillm.exceptions.ServerError: Server error: Overloaded\n`)).toEqual([[null, 'overloaded']]);
  });
  it("a Vertex module's frame is no Claude context; an exception with no API evidence, or one read by its own trigger word, counts as before", async () => {
    const vertex = '/usr/lib/python3.11/site-packages/vertexai/generative_models/_generative_models.py';
    expect(await events(`${frames(vertex)}google.api_core.exceptions.ResourceExhausted: 429 Resource exhausted. Please try again later.\n`)).toEqual([]);
    const sdk = '/usr/local/lib/python3.11/site-packages/anthropic/_base_client.py';
    expect(await events(`${frames(sdk)}TypeError: Client.__init__() got an unexpected keyword argument 'proxies'\n`)).toEqual([]);
    const body = "{'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'Number of request tokens has exceeded your per-minute rate limit'}}";
    expect(await events(`${frames(sdk)}anthropic.RateLimitError: Error code: 429 - ${body}\n`)).toEqual([[429, 'rate-limit-tokens']]);
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

describe("analyze: a proxy's own wording of its upstream's status", () => {
  // A proxy in front of the API prints the status its upstream answered in its own words, one line
  // per attempt it retries; with Claude named in the lines of its paragraph, each is an attempt that
  // failed. Its access lines are its own answers to its caller, and with no Claude context the status
  // is any upstream's.
  itReads([
    [
      '  upstream 429 (retry 1/3), waiting 0.9s\n  upstream 429 (retry 2/3), waiting 2.0s\n[metrics anthropic] e2e=4100.2ms  upstream=4099.8ms\n',
      ['rate-limited', 'rate-limited'],
    ],
    ['relay: upstream returned 529 for POST https://api.anthropic.com/v1/messages\n', ['overloaded']],
    ['2026-03-02 10:00:01 WARN relay: upstream error: 500, retrying POST https://api.anthropic.com/v1/messages\n', ['internal-server-error']],
    ['  upstream 429 (retry 1/3), waiting 0.9s\n  upstream 429 (retry 2/3), waiting 2.0s\n[metrics openai] e2e=4100.2ms\n', []],
    ['  upstream 503 (retry 1/3), waiting 0.9s\n', []],
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

describe('analyze: a log pasted indented as a whole (a markdown code block)', () => {
  // Four spaces or a tab on every one of the first lines is the paste's, not the log's: it is
  // removed as a quote's `> ` is, so a body the terminal cut (one space before the text it goes on
  // with) is joined as it is bare. A log whose first line is not indented keeps its own indentation
  // (a stack's frames), and another provider's error indented stays none.
  itReads([
    [
      '    Error: Network Error: Anthropic API error: 400 Bad Request -\n     {"type":"error","error":{"type":"invalid_request_error","message":"response_format: Extra inputs are not\n     permitted"}} for complex test cases\n',
      ['request-field-not-permitted'],
    ],
    [
      '\tError: Network Error: Anthropic API error: 400 Bad Request -\n\t {"type":"error","error":{"type":"invalid_request_error","message":"response_format: Extra inputs are not\n\t permitted"}} for complex test cases\n',
      ['request-field-not-permitted'],
    ],
    [
      "    openai.RateLimitError: Error code: 429 - {'error': {'message': 'Rate limit reached for gpt-4o in organization org-x on tokens per min (TPM)', 'type': 'tokens', 'code': 'rate_limit_exceeded'}}\n    retrying in 2s\n",
      [],
    ],
    [
      'software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException: Too many tokens, please wait before trying again. (Service: BedrockRuntime, Status Code: 429, Request ID: 8518716b)\n\tat software.amazon.awssdk.core.internal.http.CombinedResponseHandler.handleErrorResponse(CombinedResponseHandler.java:125)\n\tat software.amazon.awssdk.core.internal.http.CombinedResponseHandler.handleResponse(CombinedResponseHandler.java:82)\n',
      ['rate-limit-tokens'],
    ],
  ]);
  it('the indentation is the paste\'s only when every one of the first lines carries it', () => {
    expect(detectLinePrefix('    Error: one\n\n     two\n\tthree\n')).not.toBeNull();
    expect(detectLinePrefix('Error: one\n    at two\n    at three\n')).toBeNull();
    expect(detectLinePrefix('  ⎿  API Error: 529\n     Overloaded\n')).toBeNull();
  });
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

describe("analyze: Claude Code's own message for a prompt too long, passed on by a tool built on it", () => {
  // Claude Code prints the API's refusal of a long prompt as `Prompt is too long` (its
  // PROMPT_TOO_LONG_ERROR_MESSAGE, services/api/errors.ts), and tools built on it pass that on as
  // their own error's message: the Agent Client Protocol adapter's JSON-RPC error, printed by an
  // editor's Lua (the tuning excerpt) or as JSON. Standing as a whole message after an error
  // label's colon it is read; a local model's wording with its own numbers, the words quoted in a
  // sentence, or followed by more words are not.
  itReads([
    [excerpt('agentclientprotocol__claude-agent-acp-296'), ['context-window-exceeded']],
    ['{"jsonrpc":"2.0","id":3,"error":{"code":-32603,"message":"Internal error: Prompt is too long"}}\n', ['context-window-exceeded']],
    ['  ⎿  Stop hook error: Hook evaluator API error: Prompt is too long \n', ['context-window-exceeded']],
    ['2023-04-25 05:23:47 llama_generate: **error: prompt is too long (2249 tokens, max 1996)**\n', []],
    ['The tool said "Prompt is too long" and stopped\n', []],
    ['Error: Prompt is too long for this model, please shorten it\n', []],
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
