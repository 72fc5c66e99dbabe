/**
 * What a candidate line says about itself, from its format and its own words: whether it is a
 * Claude Code UI line or retry banner, whether it bears the API's own marks or names Claude or
 * another provider, whether it is telemetry, which status, exception or request id it carries.
 * Beside it: whose API a line talks about (whose-api.ts), whether it only talks about errors
 * (error-mentions.ts), how a body wrapped over terminal lines continues (wrapped-body.ts), where
 * one line holds several errors (split-errors.ts). Every regex is linear (bounded runs, no
 * adjacent quantifiers over the same characters): test/security/redos-static.test.ts reads them.
 */

import { otherProviderBody } from './other-provider-body.js';

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
 * Claude Code's own lines, as it prints them: `API Error` with a capital E, its connection and retry
 * banners, the plan's limit. A program's output, whatever prose follows it.
 */
export const CLAUDE_CODE_PRINTED_RE = new RegExp(`${/\bAPI Error\b|\bUnable to connect to API\b|· Retrying in \d/.source}|${PLAN_LIMIT_RE.source}`);

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

/**
 * Claude Code's wording quoted as a name in prose: `Message is `anthropic API error` (direct BYO
 * key)`. Closed by a quote right after it, the phrase names the error; it prints none (Claude
 * Code's line goes on: `API Error: 529 …`, `API Error (Connection error.) · Retrying…`).
 */
export const QUOTED_API_WORDS_RE = /\bAPI [Ee]rror[`'"’]/g;

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

const REQUEST_ID_RE = /\b(req_[A-Za-z0-9_]{12,64})|["']?request[_-]?[Ii]d\\*["']?\s{0,4}[:=]\s{0,4}\\*["']([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|x-amzn-RequestId: ([0-9a-f]{8}-[0-9a-f-]{27})/;

/** The request id a line carries: Anthropic `req_…` ids, and the AWS request id of Bedrock errors. */
export function requestIdIn(text: string): string | null {
  const m = REQUEST_ID_RE.exec(text);
  return m ? (m[1] ?? m[2] ?? m[3] ?? null) : null;
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
