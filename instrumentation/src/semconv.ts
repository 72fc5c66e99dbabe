/* Generated from schemas/semconv.json by schemas/scripts/generate-semconv.mjs. Do not edit. */
/**
 * Attribute and event names this instrumentation emits. The collector imports this module to map
 * spans back into records, so renaming a constant here is a breaking change for both.
 *
 * Call span: standard OpenTelemetry GenAI attributes plus `anthropic.*` detail.
 * Attempts: one span event named ATTEMPT_EVENT per HTTP attempt, on the call span.
 */

// --- OpenTelemetry semantic conventions (GenAI, HTTP, errors) ---
export const GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
export const GEN_AI_SYSTEM = 'gen_ai.system'; // older name of gen_ai.provider.name, still read
export const GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens';
export const GEN_AI_REQUEST_STREAM = 'gen_ai.request.stream';
export const GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
export const GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
export const GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
export const GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
export const GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
export const ERROR_TYPE = 'error.type';
export const SERVER_ADDRESS = 'server.address';
export const SERVER_PORT = 'server.port';
export const HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
export const HTTP_REQUEST_RESEND_COUNT = 'http.request.resend_count';
export const EXCEPTION_TYPE = 'exception.type';
export const EXCEPTION_MESSAGE = 'exception.message';

// --- Anthropic-specific detail (this project's namespace on the call span) ---
export const ANTHROPIC_OPERATION = 'anthropic.operation'; // SDK surface: messages.create, models.list, …
export const ANTHROPIC_PLATFORM = 'anthropic.platform'; // first_party | bedrock | bedrock_mantle | vertex | foundry | aws
export const ANTHROPIC_SDK_VERSION = 'anthropic.sdk.version';
export const ANTHROPIC_REQUEST_ID = 'anthropic.request.id';
export const ANTHROPIC_ERROR_TYPE = 'anthropic.error.type';
export const ANTHROPIC_ERROR_MESSAGE = 'anthropic.error.message';
export const ANTHROPIC_ERROR_CODE = 'anthropic.error.code'; // error.details.error_code of the API's error body (SDK >= 1.5: APIError.errorCode), e.g. enforced_spend_limit_reached
export const ANTHROPIC_OUTCOME = 'anthropic.outcome'; // success | error | cancelled
export const ANTHROPIC_ATTEMPT_COUNT = 'anthropic.attempt.count';
export const ANTHROPIC_STREAM_TTFT_MS = 'anthropic.stream.time_to_first_token_ms';
export const ANTHROPIC_EXCEPTION_CAUSE_CODE = 'anthropic.exception.cause_code';

// --- Per-attempt span event ---
export const ATTEMPT_EVENT = 'anthropic.attempt';
export const ATTEMPT_NUMBER = 'anthropic.attempt.number';
export const ATTEMPT_OUTCOME = 'anthropic.attempt.outcome'; // success | error
export const ATTEMPT_DURATION_MS = 'anthropic.attempt.duration_ms';
export const ATTEMPT_WAIT_MS = 'anthropic.attempt.wait_ms';
export const ATTEMPT_START_MS = 'anthropic.attempt.start_ms'; // offset from the call span's start; the event itself is stamped at the attempt's start
export const RETRY_AFTER_MS = 'anthropic.retry_after_ms';
export const SHOULD_RETRY = 'anthropic.should_retry';
/** Prefix of rate-limit header attributes, e.g. anthropic.ratelimit.tokens.remaining. */
export const RATELIMIT_PREFIX = 'anthropic.ratelimit.';

// --- Values ---
export const PROVIDER_ANTHROPIC = 'anthropic';
export const INSTRUMENTATION_NAME = '@claude-errors/instrumentation-anthropic';
export type Platform = 'first_party' | 'bedrock' | 'bedrock_mantle' | 'vertex' | 'foundry' | 'aws';
export type Outcome = 'success' | 'error' | 'cancelled';

// --- Added with the full instrumentation (additive) ---
export const HTTP_REQUEST_METHOD = 'http.request.method';
export const URL_PATH = 'url.path';
export const GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages';
export const GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages';
export const GEN_AI_SYSTEM_INSTRUCTIONS = 'gen_ai.system_instructions';
/** Lint findings, one `rule: detail` string each (opt-in `lint` option). */
export const ANTHROPIC_LINT_FINDINGS = 'anthropic.lint.findings';
/** true when this instrumentation enriched the SDK's own (native) call span instead of making one. */
export const ANTHROPIC_NATIVE_SPAN = 'anthropic.native_span';
/** Rate-limit kinds as they appear in attribute names (headers use dashes: input-tokens). */
export const RATELIMIT_KINDS = ['requests', 'tokens', 'input_tokens', 'output_tokens'] as const;
export const RATELIMIT_FIELDS = ['limit', 'remaining', 'reset'] as const;
/** anthropic.ratelimit.<kind>.<field>, e.g. anthropic.ratelimit.output_tokens.remaining. */
export function ratelimitAttribute(
  kind: (typeof RATELIMIT_KINDS)[number],
  field: (typeof RATELIMIT_FIELDS)[number],
): string {
  return `${RATELIMIT_PREFIX}${kind}.${field}`;
}

// --- error.type values this instrumentation sets besides Anthropic error types and HTTP status codes ---
export const ERROR_TYPE_STREAM_INTERRUPTED = 'stream_interrupted';
export const ERROR_TYPE_CONNECTION = 'connection_error';
export const ERROR_TYPE_TIMEOUT = 'client_timeout_error';
export const ERROR_TYPE_LINT = 'preflight_lint_error';
export const ERROR_TYPE_CREDENTIALS = 'credentials_error';
export const ERROR_TYPE_CLIENT = 'client_error';

// --- Message Batch results (messages.batches.results): one span event per errored, canceled or expired result, counts on the call span ---
export const BATCH_RESULT_EVENT = 'anthropic.batch.result';
export const BATCH_ID = 'anthropic.message.batch.id'; // the batch id, named as the SDK's native span names it
export const BATCH_CUSTOM_ID = 'anthropic.batch.custom_id'; // the result's custom_id
export const BATCH_RESULT_TYPE = 'anthropic.batch.result.type'; // errored | canceled | expired
/** Prefix of the per-type result counts on the call span: anthropic.batch.results.succeeded, .errored, .canceled, .expired. */
export const BATCH_RESULTS_PREFIX = 'anthropic.batch.results.';
export const ERROR_TYPE_BATCH_CANCELED = 'batch_canceled'; // error.type of a canceled result
export const ERROR_TYPE_BATCH_EXPIRED = 'batch_expired'; // error.type of an expired result
export const BATCH_RESULT_TYPES = ['succeeded', 'errored', 'canceled', 'expired'] as const;

// --- MCP connector and Managed Agents sessions: the MCP servers a request names, one span event per failed MCP tool result, one span event per session.error of a session event stream ---
/** Names of the MCP servers a Messages request lists in `mcp_servers` (names only: never URLs or authorization tokens). */
export const ANTHROPIC_MCP_SERVERS = 'anthropic.mcp.servers';
/** Span event per `mcp_tool_result` block with `is_error: true` in a Messages response (JSON or stream). */
export const MCP_TOOL_ERROR_EVENT = 'anthropic.mcp.tool_error';
export const MCP_SERVER_NAME = 'anthropic.mcp.server.name'; // the MCP server of the tool (its `mcp_tool_use` block's server_name), or of a session's MCP error
export const MCP_TOOL_NAME = 'anthropic.mcp.tool.name'; // the tool's name, from its `mcp_tool_use` block
export const MCP_TOOL_USE_ID = 'anthropic.mcp.tool_use.id'; // the result's tool_use_id
export const ERROR_TYPE_MCP_TOOL = 'mcp_tool_error'; // error.type of an MCP tool error event
/** Span event per `session.error` event read off a Managed Agents session event stream (`beta.sessions.events.stream`); error.type is the error's type (model_overloaded_error, mcp_connection_failed_error, …). */
export const SESSION_ERROR_EVENT = 'anthropic.session.error';
export const SESSION_ID = 'anthropic.session.id'; // the session id, named as the SDK's native span names it
export const SESSION_EVENT_ID = 'anthropic.session.event.id'; // the session.error event's id
export const SESSION_RETRY_STATUS = 'anthropic.session.retry_status'; // retrying | exhausted | terminal
export const SESSION_ERRORS_COUNT = 'anthropic.session.errors'; // session.error events the stream carried, on the call span
export const SESSION_RETRY_STATUSES = ['retrying', 'exhausted', 'terminal'] as const;

// --- The Python package (claude-errors-instrumentation-anthropic) ---
/** Instrumentation scope name of the Python package's spans (its import package, as opentelemetry-python-contrib names scopes). */
export const PYTHON_INSTRUMENTATION_NAME = 'claude_errors_instrumentation_anthropic';
