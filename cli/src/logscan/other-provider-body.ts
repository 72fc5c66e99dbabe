/**
 * Another provider's answer, in the API's envelope shape or close to it. Claude Code and the other
 * Anthropic clients print whatever their base URL answers, and Anthropic-compatible endpoints copy
 * the API's envelope (`{"type":"error","error":{"type":…,"message":…}}`) but fill it with their
 * own marks. The API's own error types are snake_case words (`invalid_request_error`,
 * `overloaded_error`, …; docs.anthropic.com, Errors) and its messages carry no code of their own;
 * these marks are other servers', each from its provider's published error reference:
 *
 * - a numeric business code as the error's type or code (Zhipu's `"type":"1113"`, `"code":"1211"`:
 *   docs.bigmodel.cn and docs.z.ai, "api-code": 1000-1313, the HTTP status outside and the
 *   business code inside the body), or in brackets at the head of the message as Claude Code shows
 *   a z.ai answer (`[1308][Usage limit reached for 5 hour. …][2026…]`), or in parentheses at the
 *   end of the message as MiniMax's Anthropic-compatible endpoint appends it (`insufficient balance
 *   (1008)`: platform.minimax.io, Error Codes, 1000-2xxx);
 * - Moonshot's (Kimi's) error types (platform.kimi.ai/docs/api/errors, the Kimi Code error
 *   reference, MoonshotAI/kimi-code#636): `content_filter`, `invalid_authentication_error`,
 *   `incorrect_api_key_error`, `engine_overloaded_error`, `rate_limit_reached_error`,
 *   `access_terminated_error`; StepFun's `invalid_api_key` as a type (platform.stepfun.com, error
 *   codes);
 * - Alibaba Cloud Model Studio's (DashScope's) and Volcengine Ark's codes, UpperCamelCase
 *   (help.aliyun.com, status codes: `Throttling.RateQuota`, `Throttling.AllocationQuota`,
 *   `Arrearage`, `DataInspectionFailed`, `InvalidApiKey`; volcengine.com/docs/82379/1299023:
 *   `AccountOverdueError`, `ModelNotOpen`, `InvalidEndpointOrModel.NotFound`,
 *   `InvalidEndpoint.ClosedEndpoint`), and Ark's request id inside its message (`… are not valid.
 *   Request ID: {id}`);
 * - wordings the API never uses, from the same references: Moonshot's `The engine is currently
 *   overloaded` and `We're receiving too many requests at the moment` (429), `Kimi For Coding is
 *   currently only available for Coding Agents` (403), z.ai's `Usage limit reached for 5 hour`
 *   (1308, `Your limit will reset at …`, which the plan-limit wording would otherwise take for
 *   Claude's).
 *
 * - their hosts, the base URLs their Anthropic-compatible endpoints publish (`open.bigmodel.cn/api/anthropic`,
 *   `api.z.ai/api/anthropic`, `api.kimi.com/coding`, `api.xiaomimimo.com/anthropic`,
 *   `ark.cn-beijing.volces.com/api/coding`, SiliconFlow's and ModelScope's API hosts: the providers'
 *   guides for Claude Code and rig-core's `ANTHROPIC_API_BASE_URL` constants): a line that names one
 *   is that provider's (whose-api.ts providerOf), whatever model name the client sent, and its
 *   Anthropic-compatible path names no Claude; FOREIGN_RE names the others (Moonshot, MiniMax,
 *   DeepSeek, DashScope, Ollama, LM Studio) already.
 *
 * A relay in front of the API (one-api, new-api) stamps its own request id into the message
 * (`… (request id: 2025…)`: their `MessageWithRequestId`) and keeps the API's type: no mark here.
 * Every regex is linear (bounded runs).
 */

/** A body's `type` or `code` field holding another provider's error type or code. */
const OTHER_CODE_RE = new RegExp(
  `${/\\{0,4}["'](?:type|code)\\{0,4}["']\s?:\s?\\{0,4}["']?/.source}(?:${[
    /\d{4,6}/.source,
    /content_filter|invalid_authentication_error|incorrect_api_key_error|engine_overloaded_error|rate_limit_reached_error|access_terminated_error|invalid_api_key/.source,
    /Throttling(?:\.[A-Za-z]{2,40})?|Arrearage|DataInspectionFailed|InvalidApiKey|AccountOverdueError|ModelNotOpen|InvalidEndpoint(?:OrModel)?\.[A-Za-z]{2,40}/.source,
  ].join('|')})(?![\\w.-])`,
);

/** A code in the message itself: z.ai's in brackets at its head, MiniMax's in parentheses at its end, Ark's request id. */
const MESSAGE_CODE_RE = /(?:^|[\s:"'·])\[\d{4}\]\[|\s\(\d{4}\)\\{0,4}["'}]|\. Request I[Dd]: ?[\w-]{8}/;

/** Other providers' own wordings, which the API never answers with. */
const OTHER_WORDING_RE =
  /\bThe engine is currently overloaded\b|\bWe['’]re receiving too many requests at the moment\b|\bKimi For Coding is currently only available\b|\bUsage limit reached for \d{1,3} (?:hour|day|week|month)/i;

/** Other providers' API hosts, which serve their own models only. */
export const OTHER_PROVIDER_HOST_RE = /\bbigmodel\.cn\b|\bapi\.z\.ai\b|\bapi\.kimi\.com\b|\bxiaomimimo\.com\b|\bvolces\.com\b|\bsiliconflow\.(?:cn|com)\b|\bmodelscope\.cn\b/;

/** Whether a line's body is another provider's answer by its own marks (a type, a code, a wording). */
export function otherProviderBody(line: string): boolean {
  return OTHER_CODE_RE.test(line) || MESSAGE_CODE_RE.test(line) || OTHER_WORDING_RE.test(line);
}
