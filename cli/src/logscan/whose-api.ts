/**
 * Whose API a line talks about, Claude's or another provider's: the upstream a proxy names, the
 * line's own provider and model fields, another provider's host, the API it says failed, Claude by
 * name, another provider's or AWS service's words (providerOf); and, when the line names none, the
 * nearest line above it that does (providerNear, claudeNamedAbove). Every regex is linear (bounded
 * runs, no adjacent quantifiers over the same characters): test/security/redos-static.test.ts reads them.
 */

import { nearestAbove } from './lines-above.js';
import { otherVendorModel } from './model-field.js';
import { PROVIDER_FIELD_RE } from './named-field.js';
import { OTHER_PROVIDER_HOST_RE } from './other-provider-body.js';
import { CLAUDE_NAME_RE, CLAUDE_WORDS_RE, FOREIGN_RE } from './recognise.js';

/**
 * Another AWS service's call: the AWS SDKs name the operation or the service of a request in the
 * shapes Bedrock's errors take, so `ThrottlingException`, `ValidationException` and
 * `AccessDeniedException` are that service's when they do: botocore's ClientError names an
 * operation that is not one of Bedrock's (`when calling the Query operation`), the SDK for Go its
 * service (`operation error DynamoDB: Query, …`), the SDKs for JavaScript and Java their package
 * (`@aws-sdk/client-dynamodb`, `software.amazon.awssdk.services.s3`), Ruby its error module
 * (`Aws::DynamoDB::Errors`), and apps the service by name (CloudWatch, DynamoDB, Secrets Manager).
 */
const AWS_OTHER_SERVICE_RE =
  /when calling the (?!InvokeModel|Converse|InvokeAgent|InvokeInlineAgent|Retrieve|ApplyGuardrail|CountTokens|StartAsyncInvoke|GetAsyncInvoke|ListFoundationModels|GetFoundationModel|ListInferenceProfiles|GetInferenceProfile)[A-Za-z]{2,60} operation|operation error (?!Bedrock)[A-Za-z][A-Za-z0-9 ]{0,30}: [A-Z]|@aws-sdk\/client-(?!bedrock)[a-z]|software\.amazon\.awssdk\.services\.(?!bedrock)[a-z]|\bAws::(?!Bedrock)[A-Za-z]{2,30}::Errors|\b(?:cloudwatch|dynamodb|secrets ?manager)\b/i;

/**
 * Claude Code by name: a client, not a model. Pointed at another provider's endpoint through its
 * base URL it serves that provider's models (Zhipu's GLM, MiniMax, Kimi), so a line that names it
 * beside another provider is about that provider's model.
 */
const CLAUDE_TOOL_RE = /\bclaude[ -]code\b/gi;

/**
 * A Claude client's settings, which name Anthropic only as the API the client speaks: its
 * environment variables (`ANTHROPIC_BASE_URL`, `ANTHROPIC_MODEL`, `ANTHROPIC_AUTH_TOKEN`,
 * `ANTHROPIC_DEFAULT_SONNET_MODEL`) and the Anthropic-compatible path of another host
 * (`https://api.deepseek.com/anthropic`, `https://api.z.ai/api/anthropic`). Beside another
 * provider's name they are no Claude by name: `ANTHROPIC_MODEL=qwen3-coder-plus` is Qwen's model.
 */
const CLIENT_SETTING_RE = /\bANTHROPIC_[A-Z_]{2,40}|\/anthropic\b/g;

/** A proxy's name for the provider it forwarded a request to, whatever client the line names. */
const UPSTREAM_PROVIDER_RE = /\bupstream provider[:= ]{1,3}["'`]?([A-Za-z][\w.-]{1,30})/i;


/** Providers a provider field names that serve none of Claude's models, beyond FOREIGN_RE's names (Google's own API, not Vertex; xAI). */
const OTHER_PROVIDER_NAME_RE = /^(?:google(?!.?vertex)|xai)\b/i;

/**
 * The API a line says failed, by the name before `API error` (`Copilot API error: 400 - {…}`,
 * `Anthropic API error (400 Bad Request)`): a logger's tag before it that names Claude (`[Claude API]
 * Copilot API error: …`, a proxy that serves Copilot in the API's shape) does not make that API's
 * answer Claude's; an answer that names Anthropic itself is (an app's `OpenAI API error: …` for the
 * API's OpenAI-compatible endpoint, its message pointing at docs.anthropic.com).
 */
const FAILED_API_RE = /\b([A-Za-z][\w.-]{1,30}) API (?:error|request failed)\b/gi;

/** 'other' when the line names another provider's API as the one that failed and its answer names no Claude. */
function failedApiOf(line: string): 'claude' | 'other' | null {
  let found: 'claude' | 'other' | null = null;
  for (const m of line.matchAll(FAILED_API_RE)) {
    const name = m[1]!;
    if (CLAUDE_WORDS_RE.test(name) || CLAUDE_NAME_RE.test(line.slice(m.index + m[0].length))) return 'claude';
    if (FOREIGN_RE.test(name)) found = 'other';
  }
  return found;
}

/**
 * Whose API one line names: the upstream a proxy names first, then Claude by name (not Claude Code
 * alone beside another provider: the client names no model), then another provider, then a
 * platform that serves Claude (a Vertex or Bedrock line about a Gemini or Mistral model is that
 * provider's). Another AWS service's call (AWS_OTHER_SERVICE_RE) is that service's, whatever app or
 * platform the line names besides (a DynamoDB query failing in a Lambda named for Bedrock).
 */
export function providerOf(line: string): 'claude' | 'other' | null {
  // a proxy that names the provider it forwarded to says whose error it maps (`Upstream provider NIM returned HTTP 401`)
  const upstream = UPSTREAM_PROVIDER_RE.exec(line)?.[1];
  if (upstream !== undefined) return CLAUDE_WORDS_RE.test(upstream) ? 'claude' : 'other';
  // the line's own provider field names whose request it reports (`provider=google … fallbacks=anthropic/claude-…`)
  const field = PROVIDER_FIELD_RE.exec(line)?.[1];
  if (field !== undefined) {
    if (CLAUDE_WORDS_RE.test(field)) return 'claude';
    if (FOREIGN_RE.test(field) || OTHER_PROVIDER_NAME_RE.test(field)) return 'other';
  }
  // and its model field, when it names another vendor's model (`"model_id":"amazon.nova-2-lite-v1:0"`)
  if (otherVendorModel(line, FOREIGN_RE)) return 'other';
  // another provider's API host serves its own models only, whatever model name the client sends it;
  // its Anthropic-compatible path (`https://api.z.ai/api/anthropic`) names no Claude
  if (OTHER_PROVIDER_HOST_RE.test(line)) return 'other';
  if (CLAUDE_NAME_RE.test(line)) {
    // a line's tag names Claude, the API it says failed is another's (`[Claude API] Copilot API error: 400`)
    if (failedApiOf(line) === 'other') return 'other';
    // named only as the client (`Claude Code with models … (e.g., GLM-5.2)`): the model is the other provider's
    // so are a Claude client's settings (`ANTHROPIC_MODEL=qwen3-coder-plus`, CLIENT_SETTING_RE)
    if (FOREIGN_RE.test(line) && !CLAUDE_NAME_RE.test(line.replace(CLAUDE_TOOL_RE, '').replace(CLIENT_SETTING_RE, ''))) return 'other';
    return 'claude';
  }
  if (FOREIGN_RE.test(line) || AWS_OTHER_SERVICE_RE.test(line)) return 'other';
  return CLAUDE_WORDS_RE.test(line) ? 'claude' : null;
}

/**
 * Whose API the lines around a hit talk about: the hit line decides when it names a provider
 * (Claude first), else the nearest line above it that names one, up to `lookBack` lines and
 * not before `from` (the start of the hit's log event, when it has a timestamped first line).
 */
export function providerNear(text: string, start: number, line: string, from = 0, lookBack = 8): 'claude' | 'other' | null {
  return providerOf(line) ?? nearestAbove(text, start, from, lookBack, providerOf);
}

/**
 * Whether the nearest line above a hit that names a provider by name (not a platform's word)
 * names Claude: an app's banner of the model in use (`Main model: vertex_ai/claude-3-5-sonnet`)
 * says whose a Vertex quota error below it is. Same window as providerNear.
 */
export function claudeNamedAbove(text: string, start: number, from = 0, lookBack = 8): boolean {
  const named = (above: string): boolean | null => (CLAUDE_NAME_RE.test(above) ? providerOf(above) === 'claude' : FOREIGN_RE.test(above) ? false : null);
  return nearestAbove(text, start, from, lookBack, named) ?? false;
}
