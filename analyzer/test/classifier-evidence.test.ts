// What ties a failure to a Claude request, or to another service, in the text itself: the model or
// publisher it names, the client library in its stack, another vendor's host, API or error classes.
import { describe, expect, it } from 'vitest';
import { guideIdOf, type ErrorRecord } from '@claude-errors/schemas';
import { classifyRecord } from '../src/processor/classify-record.js';
import { classify } from '../src/processor/classify/index.js';

describe("a failure tied to a Claude request by the text's own evidence", () => {
  it("reads another vendor's model, another publisher's Vertex model and another client's library as not Claude's", () => {
    // The model a not-found names is another vendor's (OpenAI's model_not_found), in either of its wordings.
    for (const message of [
      'Failed to answer. Reason: openai.error.InvalidRequestError: The model: `gpt-4` does not exist',
      "Error code: 404 - {'error': {'message': 'The model `gemini-1.5-pro` was not found', 'code': 'model_not_found'}}",
    ]) {
      expect(classify({ message })).toMatchObject({ catalog_id: 'other-vendor-api-error', guide_id: null });
    }
    // ... while a Claude id in the same words stays the invalid-model row.
    expect(classify({ message: 'The model: `claude-3-opus` does not exist' }).guide_id).toBe('invalid-model');
    // Vertex's Publisher Model message for another publisher's model; a Claude id under Google's publisher is still a Claude request (below: model-not-available).
    expect(
      classify({ message: 'Publisher Model `projects/p/locations/global/publishers/google/models/gemini-2.5-pro` was not found or your project does not have access to it.', status: 404 }),
    ).toMatchObject({ catalog_id: 'other-vendor-api-error', guide_id: null });
    expect(classify({ message: '404 Publisher Model `publishers/google/models/claude-sonnet-4-5` not found.', status: 404 }).guide_id).toBe('not-found');
    // Python's requests is no Claude SDK's client: its connection error names another service unless Claude's is named.
    expect(classify({ message: "requests.exceptions.ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))" })).toMatchObject({
      catalog_id: 'other-service-connection-error',
      guide_id: null,
    });
    expect(
      classify({ message: "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.anthropic.com', port=443): ('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))" }).guide_id,
    ).toBe('socket-hang-up');
  });

  it("reads Vertex's 404 for a Claude model named by its resource path as the model not available, whatever the project and publisher segments", () => {
    // Vertex AI's `Publisher Model <path> [was] not found` names the model by its full resource path, longer than a model
    // name and with masked or placeholder segments; the path ends in a Claude id, under Anthropic's publisher or another's.
    for (const message of [
      '[VERTEX] 404 [{"error":{"code":404,"message":"Publisher Model `projects/[PROJECT_NAME]/locations/us-central1/publishers/anthropic/models/claude-sonnet-4-5@20250929` was not found or your project does not have access to it. Please ensure you are using a valid model version.","status":"NOT_FOUND"}}]',
      'API Error: 404 {"error":{"code":404,"message":"Publisher Model projects/my-project-462615-a2/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929-1m not found.","status":"NOT_FOUND"}}',
      "NotFoundError(\"Error code: 404 - {'error': {'message': 'Publisher Model `projects/**/locations/us-east5/publishers/google/models/claude-sonnet-4-20250514` not found.', 'type': 'upstream_error', 'code': 404}}\")",
      "404 NOT_FOUND. {'error': {'code': 404, 'message': 'Publisher Model `projects/my-project-00/locations/global/publishers/google/models/claude-sonnet-4-5` not found.', 'status': 'NOT_FOUND'}}",
      'Error 404, Message: Publisher Model `projects/.../locations/global/publishers/google/models/claude-opus-4-1@20250805` not found., Status: NOT_FOUND',
      '404 Publisher Model `publishers/google/models/claude-sonnet-4-5` not found.',
      // the request URL's path under another publisher, as the Anthropic SDK's debug log prints it
      'response (error; not retryable) 404 https://us-east5-aiplatform.googleapis.com/v1/projects/p/locations/us-east5/publishers/google/models/claude-3-7-sonnet@20250219:streamRawPredict',
    ]) {
      expect(classify({ message }), message).toMatchObject({ catalog_id: 'model-not-available', guide_id: 'not-found' });
    }
    // Another publisher's own model in the same words stays another vendor's; Vertex's other refusals of a Claude path keep their rows.
    expect(classify({ message: 'Publisher Model `projects/p/locations/global/publishers/zai-org/models/glm-4.7` was not found or your project does not have access to it.', status: 404 }).catalog_id).toBe(
      'other-vendor-api-error',
    );
    expect(
      classify({ message: "Project `***` is not allowed to use Publisher Model `projects/***-m8/locations/asia-southeast1/publishers/anthropic/models/claude-3-sonnet@20240229`" }).catalog_id,
    ).toBe('vertex-permission-denied');
    expect(classify({ message: 'Publisher Model projects/.../locations/us-central1/publishers/anthropic/models/claude-sonnet-4-6@default is not servable in region us-central1' }).catalog_id).toBe(
      'vertex-region-unavailable',
    );
    // The Claude API's own 404 keeps its rows: a model it does not know, a wrong path.
    expect(classify({ message: '404 {"type":"error","error":{"type":"not_found_error","message":"model: claude-3-opus-2024"}}', status: 404 }).guide_id).toBe('not-found');
    expect(classify({ message: '404 page not found', status: 404 }).catalog_id).toBe('not-found');
  });

  it("reads an output-token cap for another vendor's model as no Claude cap, and Claude's own caps as the max-tokens row", () => {
    // The cap names the model it is for, and that model is another vendor's (the families the not-found and invalid-model
    // guards know), with nothing in the text naming Anthropic or Claude: a router's or Bedrock's wording, not Claude's cap.
    for (const message of [
      'The maximum tokens you requested exceeds the model limit of 200000 (for gemini-2.5-pro)',
      'ValidationException: The maximum tokens you requested exceeds the model limit of 2048 for meta.llama3-70b-instruct-v1:0',
      'Error: max_tokens: 70000 > 65536 (deepseek-reasoner)',
    ]) {
      expect(classify({ message }).catalog_id, message).not.toBe('max-tokens-exceeded');
      expect(classify({ message }).guide_id, message).toBeNull();
    }
    // Claude's own wording, Bedrock's naming no model, and a router's line naming a Claude model beside another vendor's stay the row.
    for (const message of [
      'max_tokens: 200000 > 64000, which is the maximum allowed number of output tokens for claude-haiku',
      '400 {"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: 21333 > 4096, which is the maximum allowed number of output tokens for claude-3-opus-20240229"}}',
      'ValidationException: The maximum tokens you requested exceeds the model limit of 4096. Try again with a maximum tokens value that is lower than 4096.',
      'Malformed input request: 8192 is not less or equal to 8191, please reformat your input and try again.',
      'router: fallback from gemini-2.5-pro to claude-sonnet-4-5 failed: max_tokens: 128000 > 64000, which is the maximum allowed number of output tokens for claude-sonnet-4-5',
    ]) {
      expect(classify({ message }), message).toMatchObject({ catalog_id: 'max-tokens-exceeded', guide_id: 'max-tokens-exceeded' });
    }
  });

  it('reads a Claude id refused by a router, a Go request to a model API and a connection named as Claude\'s as the rows', () => {
    expect(classify({ message: 'anthropic/claude-sonnet-4-5 is not a valid model ID' }).guide_id).toBe('invalid-model');
    expect(classify({ message: 'openai/gpt-5 is not a valid model ID' }).guide_id).not.toBe('invalid-model');
    // A Go client's EOF is the socket row when its URL is a model API call, a local relay's included; not a local service's own endpoint.
    expect(classify({ message: 'Post "http://127.0.0.1:8317/v1/messages": EOF' }).guide_id).toBe('socket-hang-up');
    expect(classify({ message: 'Post "https://api.anthropic.com/v1/messages?beta=true": unexpected EOF' }).guide_id).toBe('socket-hang-up');
    expect(classify({ message: 'Get "http://127.0.0.1:11434/api/tags": EOF' }).guide_id).toBeNull();
    // A connection an error says could not be made to Anthropic or Claude (its cause after a colon, or the API named);
    // a sentence saying so in passing, and Claude Code's check heading alone, name no cause.
    expect(classify({ message: 'Failed to connect to Anthropic: stream read aborted' })).toMatchObject({ catalog_id: 'api-connection-error', guide_id: 'socket-hang-up' });
    expect(classify({ message: 'Could not connect to Claude API, check your network' }).guide_id).toBe('socket-hang-up');
    expect(classify({ message: 'Unable to connect to Anthropic services' }).catalog_id).not.toBe('api-connection-error');
    expect(classify({ message: 'Sessions started with the wrapper cannot connect to Anthropic after some time.' }).catalog_id).not.toBe('api-connection-error');
  });
});

describe("a failure read through the client library named in its stack", () => {
  it("reads a connection failure inside another vendor's client library as that service's, unless the text names Claude", () => {
    for (const message of [
      'Error: Premature close\n    at TLSSocket.onSocketClose (/srv/app/node_modules/chatgpt/build/index.js:410:19) {\n  code: \'ERR_STREAM_PREMATURE_CLOSE\'\n}',
      'httpx.RemoteProtocolError: peer closed connection without sending complete message body (incomplete chunked read)\n  File "/venv/lib/python3.12/site-packages/openai/_streaming.py", line 72, in __stream__',
      'FetchError: request failed, reason: socket hang up\n    at ClientRequest.<anonymous> (/srv/app/node_modules/groq-sdk/core.js:120:11)',
    ]) {
      expect(classify({ message })).toMatchObject({ catalog_id: 'other-service-connection-error', guide_id: null });
    }
    // The same failures through a Claude SDK, or with Claude's request named, stay on their rows.
    expect(classify({ message: 'Error: Premature close\n    at onclose (/srv/app/node_modules/@anthropic-ai/sdk/core.js:88:9)' }).guide_id).toBe('stream-interrupted');
    expect(
      classify({ message: 'peer closed connection without sending complete message body (incomplete chunked read)\n  File "/venv/lib/python3.12/site-packages/openai/_streaming.py" (base_url https://api.anthropic.com/v1/)' }).guide_id,
    ).toBe('stream-interrupted');
    // A package of another vendor with no failure of the connection in the text says nothing of one.
    expect(classify({ message: "Cannot find module 'openai'\nRequire stack:\n- /srv/app/node_modules/chatgpt/build/index.js" }).catalog_id).not.toBe('other-service-connection-error');
  });

  it("reads a wrapper's validation error for the client's constructor refusing an argument as the SDK of another release", () => {
    expect(
      classify({ message: "pydantic.error_wrappers.ValidationError: 1 validation error for ChatAnthropicMessages\n__root__\n  __init__() got an unexpected keyword argument 'default_headers' (type=type_error)" }),
    ).toMatchObject({ catalog_id: 'import-error', guide_id: 'import-error' });
    expect(
      classify({ message: "pydantic.error_wrappers.ValidationError: 1 validation error for ChatOpenAI\n__root__\n  __init__() got an unexpected keyword argument 'proxies' (type=type_error)" }).guide_id,
    ).not.toBe('import-error');
  });
});

describe("another AI vendor's error named by its own host, API or client library", () => {
  it("reads a connection failure reported as another vendor's API's error as that service's connection", () => {
    for (const message of [
      'ERROR    Error from OpenAI API: peer closed connection without sending complete message body (incomplete chunked read)',
      'Error from Groq API: read ECONNRESET',
    ]) {
      expect(classify({ message })).toMatchObject({ catalog_id: 'other-service-connection-error', guide_id: null });
    }
    // The same failure reported as the Claude API's, or with Claude named after the vendor, stays a row.
    expect(classify({ message: 'Error from Anthropic API: peer closed connection without sending complete message body (incomplete chunked read)' }).guide_id).toBe('stream-interrupted');
    expect(classify({ message: 'Error from OpenAI API, falling back to claude-sonnet-4-5: peer closed connection without sending complete message body (incomplete chunked read)' }).guide_id).toBe('stream-interrupted');
  });

  it("reads the Gemini API's 500, by its troubleshooting host or the API named, as another vendor's unless Claude is named", () => {
    for (const message of [
      '{"error":{"code":500,"message":"An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting","status":"INTERNAL"}}',
      '[ERROR] [Gemini API] Error calling (Status: 500, Code: 500): Internal error encountered.',
    ]) {
      expect(classify({ message })).toMatchObject({ catalog_id: 'other-vendor-api-error', guide_id: null });
    }
    // Anthropic's own 500, and a line that names Claude beside the Gemini API, stay the internal-error row.
    expect(classify({ message: 'Internal server error', status: 500 }).guide_id).toBe('internal-server-error');
    expect(classify({ message: 'Gemini API unavailable, retried with Claude: 500 Internal server error' }).guide_id).toBe('internal-server-error');
  });

  it("reads the OpenAI SDK's own error classes as another vendor's unless the text names Claude or shows the Claude API's marks", () => {
    for (const message of [
      'OpenAIError: Access denied due to invalid subscription key or wrong API endpoint.',
      "openai.RateLimitError: Error code: 429 - {'error': {'message': 'Rate limit exceeded', 'type': 'requests', 'code': '429'}}",
      'openai.error.ServiceUnavailableError: The server is overloaded or not ready yet.',
      // OpenAI's own key refusal, without its console host or an SDK class named.
      '❌ 401 Incorrect API key provided: sk-proj-***...0LkA',
      // The Gemini API's 503 overload, its host not named.
      'Gemini Generate Error: [503 Service Unavailable] The model is overloaded. Please try again later.',
    ]) {
      expect(classify({ message })).toMatchObject({ catalog_id: 'other-vendor-api-error', guide_id: null });
    }
    // The OpenAI SDK pointed at Claude (a compatible endpoint, a relay): the Claude API's envelope, or Claude or Bedrock named.
    expect(
      classify({ message: "openai.AuthenticationError: Error code: 401 - {'type': 'error', 'error': {'type': 'authentication_error', 'message': 'invalid x-api-key'}}" }).guide_id,
    ).toBe('invalid-api-key');
    expect(classify({ message: 'API Error: 401 Incorrect API key provided (x-api-key header)' }).guide_id).toBe('invalid-api-key');
    expect(classify({ message: 'claude-sonnet-4-5: The model is overloaded. Please try again later.' }).guide_id).toBe('overloaded');
    expect(classify({ message: "openai.InternalServerError: Error code: 529 - {'error': {'message': 'Overloaded'}} (model claude-sonnet-4-5)" }).guide_id).toBe('overloaded');
    expect(classify({ message: 'openai.BadRequestError: Error code: 400 - operation error Bedrock Runtime: Converse, ValidationException: A conversation must alternate between user and assistant roles.' }).catalog_id).toBe('roles-not-alternating');
  });
});

describe('an error known to be of a Claude API call is tied to Claude whatever its words', () => {
  // Wordings every HTTP client prints alike, which the catalog reads as a row only when the text ties
  // them to Anthropic or Claude (classifier-source-wordings.test.ts: bare, they stay no row), and a
  // connection failure of a client library that is no Claude SDK's.
  const table: Array<[string, string]> = [
    ['java.io.IOException: Premature EOF', 'stream-interrupted'],
    ['java.io.IOException: Received RST_STREAM: Stream cancelled', 'stream-interrupted'],
    ['org.apache.http.ConnectionClosedException: Premature end of Content-Length delimited message body (expected: 2,048; received: 512)', 'stream-interrupted'],
    ['Error: aborted\n    at connResetException (node:internal/errors:720:14)\n    at TLSSocket.socketCloseListener (node:_http_client:461:19)', 'stream-interrupted'],
    ["requests.exceptions.ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))", 'socket-hang-up'],
  ];
  it.each(table)('%s', (message, row) => {
    expect(classify({ message }).guide_id).toBeNull();
    // the caller says so (claude_call), or names the Anthropic SDK that sent the request
    expect(classify({ message, claude_call: true }).guide_id).toBe(row);
    expect(classify({ message, sdk: 'anthropic' }).guide_id).toBe(row);
    // what the pipeline stores: every record the collector keeps is of a Claude API call
    const record = { outcome: 'error', http_status: null, error_type: null, error_message: message, exception_type: null, sdk: null, platform: 'first_party', attributes: null } as unknown as ErrorRecord;
    classifyRecord(record);
    expect(guideIdOf(record.catalog_id)).toBe(row);
  });
  it('keeps an unknown error unknown, with the fingerprint of its own message', () => {
    const r = classify({ message: 'widget 42 is not frobnicable', claude_call: true });
    expect(r).toMatchObject({ catalog_id: 'unknown', guide_id: null });
    expect(r.fingerprint).toBe(classify({ message: 'widget 42 is not frobnicable' }).fingerprint);
  });
});

describe("Claude Code's own words for a streaming connection that failed after the stream began", () => {
  it('reads its `Stream connection error|closed (CODE) — retrying streaming | finalizing partial response` lines as a cut stream, not a refused connection', () => {
    // Claude Code's debug log writes these after `Stream started - received first chunk` (anthropics/claude-code#83994):
    // the reset came mid-stream, the stream row, although the code (ECONNRESET) alone reads as the socket row.
    for (const message of [
      '[DEBUG] Stream started - received first chunk\n[DEBUG] [API:timing] first byte after 1959ms\n[WARN]  Stream connection error (ECONNRESET) - retrying streaming (10/15)',
      '[WARN] Stream connection error (ECONNRESET) — retrying streaming (1/10)',
      '[WARN] Stream connection closed (ECONNRESET) after 1 block(s) yielded — finalizing partial response',
    ]) {
      expect(classify({ message }), message).toMatchObject({ catalog_id: 'stream-interrupted', guide_id: 'stream-interrupted' });
    }
    // Its connection lines without the streaming retry stay the connection row.
    expect(classify({ message: 'Connection error details: code=ECONNRESET, message=The socket connection was closed unexpectedly.' }).guide_id).toBe('socket-hang-up');
    expect(classify({ message: 'API Error: Unable to connect to API (ECONNRESET)' }).guide_id).toBe('socket-hang-up');
  });
});

describe("the API's answer for a tool input_schema without its top-level type", () => {
  it('reads `tools.N.custom.input_schema.type: Field required` as an invalid tool schema, no guide row', () => {
    // The SDKs' types mark `type: "object"` required on every input_schema (anthropic-sdk-python's
    // InputSchemaTyped: `type: Required[Literal["object"]]`); projects quote the API's 400 when a wrapper
    // sends the schema empty or a union stands at its root, bare, behind Claude Code's `API Error: 400`,
    // as the AI SDK's AI_APICallError and inside a relay's JSON.
    for (const message of [
      'API Error: 400 tools.25.custom.input_schema.type: Field required',
      'AI_APICallError: tools.1.custom.input_schema.type: Field required',
      'Dispatch failed: 500 {"message":"tools.9.custom.input_schema.type: Field required"}',
      '400 input_schema.type: Field required',
    ]) {
      expect(classify({ message }), message).toMatchObject({ catalog_id: 'tool-schema-invalid', guide_id: null });
    }
    // Other fields required, or an input_schema's own property named type, are not this; the $defs the
    // schema lost stays its row.
    expect(classify({ message: 'messages.0.content.1.thinking.signature: Field required' }).catalog_id).not.toBe('tool-schema-invalid');
    expect(classify({ message: 'tools.0.name: Field required' }).catalog_id).not.toBe('tool-schema-invalid');
    expect(classify({ message: "input_schema.properties.type: 'string' is a required property" }).catalog_id).not.toBe('tool-schema-invalid');
  });
});
