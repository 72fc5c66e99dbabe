// Catalog wordings written from the runtimes', HTTP clients' and SDKs' own sources (the files that
// raise each text are named beside it), not from corpus cases; each row's table also holds the same
// words with nothing naming Claude, which stay no row.
import { describe, expect, it } from 'vitest';
import { classify } from '../src/processor/classify/index.js';

describe("the runtimes', HTTP clients' and SDKs' own wordings (their sources, not corpus cases)", () => {
  const row = (message: string): string | null => classify({ message }).guide_id;
  /** Every message lands on `want` (null: no guide row). */
  const rows = (want: string | null, messages: string[]): void => {
    for (const message of messages) expect(row(message), message).toBe(want);
  };

  it('stream-interrupted: a body cut after the response began, as the stacks that raise it word it', () => {
    // The TypeScript SDK's MessageStream (src/lib/MessageStream.ts); undici's fetch erroring the body
    // stream it was reading (lib/web/fetch/index.js, onAborted -> terminate); h2's StreamReset event that
    // httpcore raises as a RemoteProtocolError (httpcore/_async/http2.py); and, with Claude named,
    // Node's http client cutting a response (lib/_http_client.js: connResetException('aborted')), the
    // JDK HttpClient's RST_STREAM, Apache HttpCore's truncated bodies, the JDK's chunked stream and
    // Go's io.ErrUnexpectedEOF from a body read.
    rows('stream-interrupted', [
      "AnthropicError: stream has ended, this shouldn't happen",
      'TypeError: terminated\n    at Fetch.onAborted (node:internal/deps/undici/undici:11132:53)\n    at Fetch.terminate (node:internal/deps/undici/undici:10290:14)',
      'httpx.RemoteProtocolError: <StreamReset stream_id:1, error_code:ErrorCodes.INTERNAL_ERROR, remote_reset:True>',
      "Error: aborted\n    at connResetException (node:internal/errors:720:14)\n    at TLSSocket.socketCloseListener (node:_http_client:461:19)\n  code: 'ECONNRESET' (POST https://api.anthropic.com/v1/messages)",
      'org.springframework.ai.anthropic: java.io.IOException: Received RST_STREAM: Internal error',
      'org.apache.http.ConnectionClosedException: Premature end of Content-Length delimited message body (expected: 2,048; received: 512) invoking anthropic.claude-3-haiku-20240307-v1:0',
      'java.io.IOException: Premature EOF while reading the Claude response',
      'claude: read response: unexpected EOF',
    ]);
    // Go's request-level EOF with a Claude URL stays the connection row; the same runtime words with
    // nothing naming Claude stay no row.
    expect(row('Post "https://api.anthropic.com/v1/messages": unexpected EOF')).toBe('socket-hang-up');
    rows(null, [
      'java.io.IOException: Premature EOF',
      'java.io.IOException: Received RST_STREAM: Stream cancelled',
      'org.apache.http.ConnectionClosedException: Premature end of Content-Length delimited message body (expected: 2,048; received: 512)',
      "Error: aborted\n    at connResetException (node:internal/errors:720:14)\n    at TLSSocket.socketCloseListener (node:_http_client:461:19)",
      'Error: an error was encountered while running the model: unexpected EOF',
    ]);
  });

  it('socket-hang-up: a connection closed or reset before an answer, as the stacks that raise it word it', () => {
    // OkHttp's failure to read the response headers (Http1ExchangeCodec.kt readResponseHeaders:
    // "unexpected end of stream on <address>"), unlike its body reader's bare "unexpected end of
    // stream"; and, with Claude named, the JDK HttpClient (jdk.internal.net.http: Http1AsyncReceiver's
    // "EOF reached while reading", "HTTP/1.1 header parser received no bytes"), Go's net/http
    // (h2_bundle.go, transport.go), .NET's SslStream (System.Net.Security net_io_eof), Node's http2
    // (lib/internal/errors.js ERR_HTTP2_SESSION_ERROR, ERR_HTTP2_GOAWAY_SESSION), Apache HttpClient's
    // NoHttpResponseException and OkHttp's ConnectionShutdownException.
    rows('socket-hang-up', [
      'java.io.IOException: unexpected end of stream on https://api.anthropic.com/...',
      'java.io.IOException: unexpected end of stream on Connection{api.anthropic.com:443, proxy=DIRECT hostAddress=api.anthropic.com/160.79.104.10:443 protocol=http/1.1}',
      'dev.langchain4j.model.anthropic: java.io.IOException: HTTP/1.1 header parser received no bytes',
      'java.io.EOFException: EOF reached while reading (POST https://api.anthropic.com/v1/messages)',
      'Post "https://api.anthropic.com/v1/messages": http2: client connection lost',
      "anthropic: http2: Transport received Server's graceful shutdown GOAWAY",
      'Post "https://api.anthropic.com/v1/messages": net/http: HTTP/1.x transport connection broken: write: broken pipe',
      'Anthropic.SDK: System.Net.Http.HttpRequestException: An error occurred while sending the request.\n ---> System.IO.IOException: Received an unexpected EOF or 0 bytes from the transport stream.',
      'Error [ERR_HTTP2_SESSION_ERROR]: Session closed with error code 2 (api.anthropic.com)',
      'Error [ERR_HTTP2_GOAWAY_SESSION]: New streams cannot be created after receiving a GOAWAY (claude request)',
      'org.apache.http.NoHttpResponseException: bedrock-runtime.us-east-1.amazonaws.com:443 failed to respond (anthropic.claude-3-5-sonnet)',
      'okhttp3.internal.http2.ConnectionShutdownException at com.anthropic.client.okhttp.OkHttpClient',
    ]);
    // OkHttp's body reader stays the stream row; the same words with nothing naming Claude, or another
    // service's host named, stay no row.
    expect(row('java.net.ProtocolException: unexpected end of stream')).toBe('stream-interrupted');
    rows(null, [
      'java.io.IOException: HTTP/1.1 header parser received no bytes',
      'java.io.EOFException: EOF reached while reading',
      'Post "https://example.com/api": http2: client connection lost',
      'org.apache.http.NoHttpResponseException: example.com:443 failed to respond',
      'System.IO.IOException: Received an unexpected EOF or 0 bytes from the transport stream.',
      'java.io.IOException: unexpected end of stream on https://api.openai.com/...',
    ]);
  });

  it("import-error: the Anthropic SDK cannot be loaded, as each language's toolchain words it", () => {
    // Node (lib/internal/errors.js ERR_PACKAGE_PATH_NOT_EXPORTED, ERR_UNSUPPORTED_DIR_IMPORT,
    // ERR_REQUIRE_ESM; lib/internal/modules/esm/module_job.js for a CommonJS module's named export),
    // TypeScript's TS2724, CPython's circular import and importlib.metadata, the go command
    // (go/build, cmd/go modload), javac and kotlinc, Bundler, PHP's class loader, Composer, the CLR
    // and the C# compiler (CS0234): each only where the package, module or namespace is Anthropic's.
    rows('import-error', [
      'Error [ERR_PACKAGE_PATH_NOT_EXPORTED]: Package subpath \'./lib/streaming\' is not defined by "exports" in /app/node_modules/@anthropic-ai/sdk/package.json',
      "SyntaxError: Named export 'HUMAN_PROMPT' not found. The requested module '@anthropic-ai/sdk' is a CommonJS module, which may not support all module.exports as named exports.",
      "Error [ERR_UNSUPPORTED_DIR_IMPORT]: Directory import '/app/node_modules/@anthropic-ai/sdk/resources' is not supported resolving ES modules imported from /app/index.js",
      'Error [ERR_REQUIRE_ESM]: require() of ES Module /app/node_modules/@anthropic-ai/sdk/index.mjs not supported.',
      "error TS2724: '\"@anthropic-ai/sdk/resources/messages\"' has no exported member named 'ToolUseBlockParam'. Did you mean 'ToolUseBlock'?",
      "ImportError: cannot import name 'Anthropic' from partially initialized module 'anthropic' (most likely due to a circular import) (/app/anthropic.py)",
      'importlib.metadata.PackageNotFoundError: No package metadata was found for anthropic',
      'main.go:6:2: cannot find package "github.com/anthropics/anthropic-sdk-go" in any of:',
      'main.go:5:2: missing go.sum entry for module providing package github.com/anthropics/anthropic-sdk-go (imported by example); to add:',
      'Main.java:3: error: cannot find symbol\n        AnthropicClient client = AnthropicOkHttpClient.fromEnv();\n  symbol:   class AnthropicOkHttpClient',
      'e: Main.kt: (1, 12): Unresolved reference: anthropic',
      'Could not find anthropic-1.2.0 in locally installed gems',
      'PHP Fatal error:  Uncaught Error: Class "Anthropic\\Client" not found in /app/index.php:5',
      'Root composer.json requires anthropic-ai/sdk, it could not be found in any version, there may be a typo in the package name.',
      "System.IO.FileNotFoundException: Could not load file or assembly 'Anthropic, Version=10.0.0.0, Culture=neutral, PublicKeyToken=null'.",
      "error CS0234: The type or namespace name 'Bedrock' does not exist in the namespace 'Anthropic' (are you missing an assembly reference?)",
    ]);
    // Another package's import failure, or a name of the caller's own, is no row.
    rows(null, [
      "AttributeError: module 'anthropic' has no attribute 'api_key'",
      "error TS2724: '\"@langchain/anthropic\"' has no exported member named 'ChatAnthropicMessages'.",
      'Unresolved reference: anthropicClient',
      'PHP Fatal error:  Uncaught Error: Class "OpenAI\\Client" not found',
      "Could not load file or assembly 'OpenAI, Version=2.0.0.0'",
      "ImportError: cannot import name 'ChatAnthropic' from partially initialized module 'langchain_anthropic'",
    ]);
  });

  it('invalid-model: a Claude model id a platform, relay or SDK does not know, as they word it', () => {
    // CLIProxyAPI's router (sdk/api/handlers/handlers_routing.go: "unknown provider for model <id>"),
    // the AI SDK's NoSuchModelError (packages/provider/src/errors/no-such-model-error.ts).
    rows('invalid-model', [
      'Error: 400 unknown provider for model claude-opus-4-5-20251101',
      '{"error":{"message":"unknown provider for model claude-sonnet-4-6","type":"invalid_request_error","code":"model_not_found","param":"model"}}',
      'AI_NoSuchModelError: No such languageModel: anthropic:claude-3-opus-2024',
    ]);
    // The same words for another vendor's model, or for no model named, are no row; Bedrock's modelId
    // constraint stays bedrock-validation's, as the analyze corpus labels Bedrock's ValidationExceptions.
    rows(null, [
      '400 unknown provider for model gpt-image-1.5',
      '{"error":{"message":"unknown provider for model no-such-model","type":"invalid_request_error","code":"model_not_found"}}',
      "ValidationException: 1 validation error detected: Value 'meta.llama3-70b-instruct-v1:0:8k' at 'modelId' failed to satisfy constraint: Member must satisfy regular expression pattern",
      'AI_NoSuchModelError: No such languageModel: openai:gpt-9',
      'litellm.llms.bedrock.common_utils.BedrockError: Bedrock HTTPX: Unknown provider=us, model=us.anthropic.claude-3-5-sonnet-20241022-v2:0',
    ]);
  });
});

describe("other vendors' own wordings, from their SDKs and error pages, read as another vendor's (issue 11)", () => {
  const read = (message: string) => classify({ message });
  /** Every message is another vendor's error: the entry other-vendor-api-error, no guide row. */
  const otherVendor = (messages: string[]): void => {
    for (const message of messages) expect(read(message), message).toMatchObject({ catalog_id: 'other-vendor-api-error', guide_id: null });
  };
  /** Each message keeps its Claude row: [row, message]. */
  const claudeRows = (table: Array<[string, string]>): void => {
    for (const [want, message] of table) expect(read(message).guide_id, message).toBe(want);
  };

  it("OpenAI and Azure OpenAI: the error-codes guide's sentences, the API's codes, the SDK's key variable", () => {
    // platform.openai.com/docs/guides/error-codes; ResponseErrorCode in the OpenAPI spec that
    // openai-python ships (api_reference/openapi.transformed.yml); openai-python src/openai/_client.py
    // (OPENAI_API_KEY) and src/openai/lib/azure.py (AZURE_OPENAI_API_KEY, AZURE_OPENAI_AD_TOKEN).
    otherVendor([
      'Error code: 429 - You exceeded your current quota, please check your plan and billing details.',
      '401 You must be a member of an organization to use the API.',
      '403 Country, region, or territory not supported',
      '500 The server had an error while processing your request. Sorry about that!',
      '503 The engine is currently overloaded, please try again later',
      '{"error":{"code":"rate_limit_exceeded","message":"Rate limit reached"}}',
      'The api_key client option must be set either by passing api_key to the client or by setting the OPENAI_API_KEY environment variable',
      'Missing credentials. Please pass one of `api_key`, `azure_ad_token`, `azure_ad_token_provider`, or the `AZURE_OPENAI_API_KEY` or `AZURE_OPENAI_AD_TOKEN` environment variables.',
    ]);
    // The same kinds of failure in the Claude API's own words, and its SDK's key variable, keep their rows.
    claudeRows([
      ['rate-limit-requests', '{"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed the rate limit for your organization of 50 requests per minute."}}'],
      ['overloaded', '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'],
      ['internal-server-error', '{"type":"error","error":{"type":"api_error","message":"Internal server error"}}'],
      ['invalid-api-key', 'The api_key client option must be set either by passing api_key to the client or by setting the ANTHROPIC_API_KEY environment variable'],
      // A Claude error relayed through an OpenAI-compatible proxy (LiteLLM) and the OpenAI SDK stays the Claude row;
      // so does OpenAI's wording when the text names the Claude model it was about.
      ['rate-limit-requests', 'litellm.RateLimitError: AnthropicException - {"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed the rate limit for your organization of 50 requests per minute."}}'],
      ['rate-limit-tokens', "openai.RateLimitError: Error code: 429 - {'error': {'message': 'litellm.RateLimitError: AnthropicException - {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of request tokens has exceeded your per-minute rate limit\"}}', 'type': None, 'param': None, 'code': '429'}}"],
      ['overloaded', '503 The engine is currently overloaded, please try again later (claude-3-5-sonnet via relay)'],
    ]);
  });

  it("the Gemini API: the Google Gen AI SDK's and the Google AI JavaScript SDK's error classes, its docs host; its RESOURCE_EXHAUSTED is not Vertex's for Claude", () => {
    // googleapis/python-genai google/genai/errors.py (APIError: "{code} {status}. {details}", ClientError,
    // ServerError); google-gemini/generative-ai-js src/errors.ts ("[GoogleGenerativeAI Error]: ...",
    // GoogleGenerativeAIFetchError); ai.google.dev, the host of the Gemini API's docs its 429 names.
    otherVendor([
      "google.genai.errors.ClientError: 429 RESOURCE_EXHAUSTED. {'error': {'code': 429, 'message': 'Resource has been exhausted (e.g. check quota).', 'status': 'RESOURCE_EXHAUSTED'}}",
      "google.genai.errors.ServerError: 503 UNAVAILABLE. {'error': {'code': 503, 'message': 'The service is currently unavailable.', 'status': 'UNAVAILABLE'}}",
      '[GoogleGenerativeAI Error]: Error fetching from https://example.test/v1beta/models/x:generateContent: [429 Too Many Requests] Resource has been exhausted (e.g. check quota).',
      'GoogleGenerativeAIFetchError: [503 Service Unavailable] The service is currently unavailable.',
      "429 RESOURCE_EXHAUSTED. {'error': {'code': 429, 'message': 'Quota exceeded. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.', 'status': 'RESOURCE_EXHAUSTED'}}",
    ]);
    // Vertex's quota for a Claude model, through Anthropic's SDK or bare, stays the Vertex rate-limit row.
    claudeRows([
      ['rate-limit-requests', "anthropic.RateLimitError: Error code: 429 - {'error': {'code': 429, 'message': 'Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: anthropic-claude-3-5-sonnet-v2.', 'status': 'RESOURCE_EXHAUSTED'}}"],
      ['rate-limit-requests', "anthropic.RateLimitError: Error code: 429 - {'error': {'code': 429, 'message': 'Resource has been exhausted (e.g. check quota).', 'status': 'RESOURCE_EXHAUSTED'}}"],
      ['rate-limit-requests', '429 Resource has been exhausted (e.g. check quota).'],
    ]);
  });

  it("Vertex AI: a quota of a Google base model (the generate_content metrics, base_model gemini-…) is not a Claude model's", () => {
    // cloud.google.com/vertex-ai/generative-ai/docs/quotas (generate_content_… metrics, base_model: gemini-…);
    // Claude's on Vertex are the online_prediction_… metrics with base_model anthropic-claude-… (docs.cloud.google.com
    // gemini-enterprise-agent-platform/models/partner-models/claude/quotas).
    otherVendor([
      '429 Quota exceeded for aiplatform.googleapis.com/generate_content_requests_per_minute_per_project_per_base_model with base model: gemini-1.5-pro. Please submit a quota increase request.',
      'google.api_core.exceptions.ResourceExhausted: 429 Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: textembedding-gecko. Please submit a quota increase request.',
    ]);
    claudeRows([
      ['rate-limit-requests', '429 Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: anthropic-claude-3-5-sonnet. Please submit a quota increase request.'],
      ['rate-limit-requests', 'RateLimitError: 429 Quota exceeded for aiplatform.googleapis.com/global_online_prediction_requests_per_base_model with base model: anthropic-claude-opus-4.'],
      ['rate-limit-requests', 'Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: claude-sonnet-4-6.'],
      ['rate-limit-tokens', 'Quota exceeded for aiplatform.googleapis.com/online_prediction_input_tokens_per_minute_per_base_model with base model: anthropic-claude-sonnet-4'],
      ['rate-limit-requests', '429 RESOURCE_EXHAUSTED: Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model'],
    ]);
  });

  it("Groq, Mistral and Cohere: their SDKs' error classes and messages", () => {
    // groq/groq-python src/groq/_client.py (GroqError, GROQ_API_KEY) and _exceptions.py; mistralai/client-python
    // src/mistralai/client/errors/sdkerror.py (SDKError("API error occurred", ...): "API error occurred: Status N")
    // and the v0 client's src/mistral_client/exceptions.py (MistralAPIException), mistralai/client-ts
    // src/models/errors/sdkerror.ts; cohere-ai/cohere-python src/cohere/errors/*.py, src/cohere/base_client.py
    // ("... or setting CO_API_KEY") and the v4 client's cohere/error.py (CohereAPIError).
    otherVendor([
      'The api_key client option must be set either by passing api_key to the client or by setting the GROQ_API_KEY environment variable',
      "groq.RateLimitError: Error code: 429 - {'error': {'message': 'Rate limit exceeded', 'type': 'tokens'}}",
      'GroqError: 401 Invalid API Key',
      'API error occurred: Status 429. Body: {"object":"error","message":"Requests rate limit exceeded","type":"rate_limited"}',
      'mistralai.models.sdkerror.SDKError: API error occurred: Status 401',
      'MistralAPIException: Status: 429. Message: Requests rate limit exceeded',
      "cohere.errors.too_many_requests_error.TooManyRequestsError: status_code: 429, body: {'message': 'rate limited'}",
      'cohere.error.CohereAPIError: invalid api token',
      'ApiError: The client must be instantiated be either passing in token or setting CO_API_KEY',
    ]);
    // The Claude API's own error through the same kind of SDK wrapper, or relayed by LiteLLM, keeps its row.
    claudeRows([
      ['rate-limit-requests', 'API error occurred: Status 429. Body: {"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your per-minute rate limit"}}'],
      ['invalid-api-key', '{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}'],
      ['invalid-api-key', 'litellm.AuthenticationError: AnthropicException - {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}'],
    ]);
  });

  it("DeepSeek, xAI and Ollama: their error pages, consoles and server's own sentences", () => {
    // api-docs.deepseek.com/quick_start/error_codes (401 - Authentication Fails); docs.x.ai/developers/debugging
    // (keys from the xAI Console, console.x.ai); ollama/ollama server/routes.go ("model %q not found, try
    // pulling it first") and ollama/ollama-python ollama/_types.py (ResponseError).
    otherVendor([
      "Error code: 401 - {'error': {'message': 'Authentication Fails, Your api key: ****abcd is invalid'}}",
      'Incorrect API key provided: xai-****. You can obtain an API key from https://console.x.ai.',
      'ollama._types.ResponseError: model "llama3" not found, try pulling it first',
      '{"error":"model \'qwen3\' not found, try pulling it first"}',
    ]);
    // The Claude API's refusals in its own words, and relayed, keep their rows; an Ollama-style wording
    // for a Claude model stays a Claude model the server does not have.
    claudeRows([
      ['invalid-api-key', '{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}'],
      ['overloaded', 'litellm.InternalServerError: AnthropicException - {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'],
      ['not-found', '{"type":"error","error":{"type":"not_found_error","message":"model: claude-3-opus-2024"}}'],
      ['not-found', '{"error":"model \\"claude-3-5-sonnet\\" not found, try pulling it first"}'],
    ]);
  });
});

describe('relays\' and proxies\' own log lines (their sources, not corpus cases)', () => {
  it("request-aborted: a relay dropping its upstream request once its own client has disconnected, in the relays' own log lines", () => {
    // claude-relay-service (src/services/claudeConsoleRelayService.js: `⏰ Upstream timeout after …ms (waited …ms
    // after client disconnect), aborting request | Acc: …`) and other relays and proxies that log the same act
    // (`Client disconnected, aborting upstream stream processing`, `client disconnected, aborting upstream:`).
    const entry = (message: string): string => classify({ message }).catalog_id;
    const row = (message: string): string | null => classify({ message }).guide_id;
    for (const message of [
      '⏰ Upstream timeout after 201337ms (waited 180000ms after client disconnect), aborting request | Acc: console-1',
      'INFO Client disconnected, aborting upstream stream processing',
      '[stream-anthropic] client disconnected, aborting upstream: AbortError',
      '[job-7] CLIENT DISCONNECTED, aborting upstream claude-sonnet',
    ]) {
      expect(entry(message), message).toBe('request-aborted');
      expect(row(message), message).toBe(null);
    }
    // A 504 logged while the client was gone is still the gateway's timeout; the client's own disconnect
    // with no abort, and a server closing the connection on the client, are not the caller's abort.
    expect(entry('⚠️ 504 Gateway Timeout while client disconnected - likely intermediate proxy timeout')).toBe('gateway-timeout');
    expect(entry('🔌 Client disconnected after 14739ms, waiting 180000ms for upstream response')).not.toBe('request-aborted');
    expect(entry("('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))")).not.toBe('request-aborted');
    // The SDK's own abort keeps the entry; a timeout with no disconnect stays the client timeout.
    expect(entry('APIUserAbortError: Request was aborted.')).toBe('request-aborted');
    expect(entry('anthropic.APITimeoutError: Request timed out.')).toBe('api-connection-timeout');
  });
});

describe("Claude Code's own line for a 429 whose limit it does not name", () => {
  it('reads `API Error: Rate limit reached` as rate-limited, no guide row, and leaves the OpenAI-style limit message to its vendor', () => {
    // Claude Code prints this line for the API's 429s it does not spell out (anthropics/claude-code#33352,
    // #37594, #39948, #64982, with the 429's rate_limit_error in their Errors arrays): it names no limit, so
    // neither of the guide's rate-limit rows.
    for (const message of ['API Error: Rate limit reached', '  ⎿  API Error: Rate limit reached', '[Bug] Anthropic API Error: Rate limit reached']) {
      expect(classify({ message }), message).toMatchObject({ catalog_id: 'rate-limited', guide_id: null });
    }
    // The OpenAI-style `Rate limit reached for model … in organization …` stays another vendor's, behind the
    // same prefix or bare; a bare `Rate limit reached` with no client's prefix is not read as Claude Code's.
    expect(classify({ message: 'API Error: Rate limit reached for model `gpt-4o` in organization org-abc on tokens per min (TPM)' }).catalog_id).toBe('other-vendor-api-error');
    expect(classify({ message: 'Rate limit reached for model `llama3-70b-8192` in organization `org_01h` on tokens per minute' }).catalog_id).toBe('other-vendor-api-error');
    expect(classify({ message: 'Rate limit reached' }).catalog_id).not.toBe('rate-limited');
  });
});

describe("a model router's refusal when the account's allowed providers serve none of the model's", () => {
  it("reads OpenRouter's `No allowed providers are available for the selected model.` as router-no-endpoint-for-feature, no guide row", () => {
    // OpenRouter answers 404 with this message when the account's allowed-providers setting (or the
    // request's provider.only) excludes every provider of the model: routing refused, no model called.
    // Clients quote it bare, in OpenRouter's JSON body, and with the providers it could have used.
    for (const message of [
      'No allowed providers are available for the selected model.',
      'HTTP 404: {"error":{"message":"No allowed providers are available for the selected model.","code":404}}',
      'OpenRouter check failed: HTTP 404: {"error":{"message":"No allowed providers are available for the selected model.","code":404,"metadata":{"available_providers":["z-ai"],"requested_providers":["anthropic"]}}}',
      "litellm.NotFoundError: OpenrouterException - No allowed providers are available for the selected model, but your account's allowed-providers setting permits only: openai.",
    ]) {
      expect(classify({ message }), message).toMatchObject({ catalog_id: 'router-no-endpoint-for-feature', guide_id: null });
    }
    // Negative controls: the API's own 404 for a model it does not have stays not-found, a relay with no
    // channel for the model stays the relay's, and providers named as allowed are not a refusal.
    expect(classify({ message: '404 {"type":"error","error":{"type":"not_found_error","message":"model: claude-sonnet-9"}}' }).guide_id).toBe('not-found');
    expect(classify({ message: 'No allowed providers configured; using all providers for routing.' }).catalog_id).not.toBe('router-no-endpoint-for-feature');
    expect(classify({ message: 'Allowed providers are available for the selected model: anthropic, google-vertex' }).catalog_id).not.toBe('router-no-endpoint-for-feature');
  });
});

describe("Ollama's server failing to load a local model into its runner", () => {
  it('reads `do load request: Post "http://127.0.0.1:PORT/load"` as another vendor\'s, no guide row', () => {
    // Ollama's llm/server.go posts the model to its runner at http://127.0.0.1:<port>/load and wraps a failure
    // as `do load request: %w`; the API answers 500 with it when the runner died loading the model.
    for (const message of [
      'Error: 500 Internal Server Error: do load request: Post "http://127.0.0.1:40825/load": EOF',
      'ollama._types.ResponseError: do load request: Post "http://127.0.0.1:33333/load": read tcp 127.0.0.1:51234->127.0.0.1:33333: read: connection reset by peer',
      'do load request: Post "http://127.0.0.1:8081/load": dial tcp 127.0.0.1:8081: connect: connection refused',
    ]) {
      expect(classify({ message }), message).toMatchObject({ catalog_id: 'other-vendor-api-error', guide_id: null });
    }
    // Negative controls: a Claude 500 stays the guide's row, a Claude request through a local relay is not
    // Ollama's, and other load requests (no runner /load URL) are not read as it.
    expect(classify({ message: 'API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}' }).guide_id).toBe('internal-server-error');
    expect(classify({ message: 'Anthropic 500: do load request: Post "http://127.0.0.1:40825/load": EOF' }).catalog_id).not.toBe('other-vendor-api-error');
    expect(classify({ message: 'failed to do load request: Post "https://example.com/api/load": EOF' }).catalog_id).not.toBe('other-vendor-api-error');
  });
});

describe("Perplexity's refusal of a model it does not serve", () => {
  it("reads `Invalid model '…'. Permitted models can be found in the documentation` as another vendor's, no guide row", () => {
    // Perplexity's API answers 400 `invalid_model` with this text (projects' recorded tests and n8n's
    // Perplexity node quote it, with and without its docs host); the Claude API names a model it does not
    // have in a not_found_error `model: …`.
    for (const message of [
      "Error: Error: Invalid model 'llama-3.1-sonar-small-128k-online'. Permitted models can be found in the documentation at https://docs.perplexity.ai/docs/getting-started/models.",
      "http 400\ninvalid_model (400): Invalid model 'bad model'. Permitted models can be found in the documentation at https://docs.perplexity.ai/guides/model-cards.",
      "Error: Invalid model 'gpt-5'. Permitted models can be found in the documentation.",
    ]) {
      expect(classify({ message }), message).toMatchObject({ catalog_id: 'other-vendor-api-error', guide_id: null });
    }
    // Negative controls: the Claude API's own unknown-model 404 stays its row, and a text naming Claude or
    // showing the Claude API's marks is not read as another vendor's.
    expect(classify({ message: '404 {"type":"error","error":{"type":"not_found_error","message":"model: claude-3-opus-2024"}}' }).catalog_id).not.toBe('other-vendor-api-error');
    expect(classify({ message: "Claude: Invalid model 'claude-x'. Permitted models can be found in the documentation." }).catalog_id).not.toBe('other-vendor-api-error');
    expect(classify({ message: 'Invalid model name passed in model=claude-3-opus' }).catalog_id).not.toBe('other-vendor-api-error');
  });
});

describe("the Gemini API's 404 for a model by its resource name", () => {
  it('reads `models/gemini-… is not found` as another vendor\'s, no guide row', () => {
    // The Gemini API (generativelanguage.googleapis.com) names models by their resource name and answers
    // 404 `models/<id> is not found for API version v1beta, or is not supported for generateContent`;
    // projects' troubleshooting notes and google.api_core's NotFound quote it. The Claude API names a model
    // it does not have in a not_found_error `model: …`, never as `models/…`.
    for (const message of [
      '404 Not Found - models/gemini-pro is not found for API version v1beta',
      '404 models/gemini-pro is not found',
      'google.api_core.exceptions.NotFound: 404 models/gemini-1.0-pro is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.',
    ]) {
      expect(classify({ message }), message).toMatchObject({ catalog_id: 'other-vendor-api-error', guide_id: null });
    }
    // Negative controls: the Claude API's own unknown-model 404 stays not-found, a Claude model under a
    // models/ path is not read as another vendor's, and a Gemini model that exists is not an error.
    expect(classify({ message: '404 {"type":"error","error":{"type":"not_found_error","message":"model: claude-3-opus-2024"}}' }).guide_id).toBe('not-found');
    expect(classify({ message: '404 models/claude-3-5-sonnet is not found' }).catalog_id).not.toBe('other-vendor-api-error');
    expect(classify({ message: 'Using models/gemini-pro: found 5 models' }).catalog_id).not.toBe('other-vendor-api-error');
  });
});
