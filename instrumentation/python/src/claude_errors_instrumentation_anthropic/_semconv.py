# Generated from schemas/semconv.json by schemas/scripts/generate-semconv.mjs. Do not edit.
"""Span, event and attribute names this instrumentation emits, the same as the Node package's.

Call span: standard OpenTelemetry GenAI attributes plus ``anthropic.*`` detail.
Attempts: one span event named ATTEMPT_EVENT per HTTP attempt, on the call span.
"""

from typing import Final, Literal, Tuple

# --- OpenTelemetry semantic conventions (GenAI, HTTP, errors) ---
GEN_AI_OPERATION_NAME: Final = "gen_ai.operation.name"
GEN_AI_PROVIDER_NAME: Final = "gen_ai.provider.name"
GEN_AI_SYSTEM: Final = "gen_ai.system"  # older name of gen_ai.provider.name, still read
GEN_AI_REQUEST_MODEL: Final = "gen_ai.request.model"
GEN_AI_REQUEST_MAX_TOKENS: Final = "gen_ai.request.max_tokens"
GEN_AI_REQUEST_STREAM: Final = "gen_ai.request.stream"
GEN_AI_RESPONSE_ID: Final = "gen_ai.response.id"
GEN_AI_RESPONSE_MODEL: Final = "gen_ai.response.model"
GEN_AI_RESPONSE_FINISH_REASONS: Final = "gen_ai.response.finish_reasons"
GEN_AI_USAGE_INPUT_TOKENS: Final = "gen_ai.usage.input_tokens"
GEN_AI_USAGE_OUTPUT_TOKENS: Final = "gen_ai.usage.output_tokens"
ERROR_TYPE: Final = "error.type"
SERVER_ADDRESS: Final = "server.address"
SERVER_PORT: Final = "server.port"
HTTP_RESPONSE_STATUS_CODE: Final = "http.response.status_code"
HTTP_REQUEST_RESEND_COUNT: Final = "http.request.resend_count"
EXCEPTION_TYPE: Final = "exception.type"
EXCEPTION_MESSAGE: Final = "exception.message"

# --- Anthropic-specific detail (this project's namespace on the call span) ---
ANTHROPIC_OPERATION: Final = "anthropic.operation"  # SDK surface: messages.create, models.list, …
ANTHROPIC_PLATFORM: Final = "anthropic.platform"  # first_party | bedrock | bedrock_mantle | vertex | foundry | aws
ANTHROPIC_SDK_VERSION: Final = "anthropic.sdk.version"
ANTHROPIC_REQUEST_ID: Final = "anthropic.request.id"
ANTHROPIC_ERROR_TYPE: Final = "anthropic.error.type"
ANTHROPIC_ERROR_MESSAGE: Final = "anthropic.error.message"
ANTHROPIC_ERROR_CODE: Final = "anthropic.error.code"  # error.details.error_code of the API's error body (SDK >= 1.5: APIError.errorCode), e.g. enforced_spend_limit_reached
ANTHROPIC_OUTCOME: Final = "anthropic.outcome"  # success | error | cancelled
ANTHROPIC_ATTEMPT_COUNT: Final = "anthropic.attempt.count"
ANTHROPIC_STREAM_TTFT_MS: Final = "anthropic.stream.time_to_first_token_ms"
ANTHROPIC_EXCEPTION_CAUSE_CODE: Final = "anthropic.exception.cause_code"

# --- Per-attempt span event ---
ATTEMPT_EVENT: Final = "anthropic.attempt"
ATTEMPT_NUMBER: Final = "anthropic.attempt.number"
ATTEMPT_OUTCOME: Final = "anthropic.attempt.outcome"  # success | error
ATTEMPT_DURATION_MS: Final = "anthropic.attempt.duration_ms"
ATTEMPT_WAIT_MS: Final = "anthropic.attempt.wait_ms"
ATTEMPT_START_MS: Final = "anthropic.attempt.start_ms"  # offset from the call span's start; the event itself is stamped at the attempt's start
RETRY_AFTER_MS: Final = "anthropic.retry_after_ms"
SHOULD_RETRY: Final = "anthropic.should_retry"
RATELIMIT_PREFIX: Final = "anthropic.ratelimit."  # Prefix of rate-limit header attributes, e.g. anthropic.ratelimit.tokens.remaining.

# --- Values ---
PROVIDER_ANTHROPIC: Final = "anthropic"
INSTRUMENTATION_NAME: Final = "@claude-errors/instrumentation-anthropic"
Platform = Literal["first_party", "bedrock", "bedrock_mantle", "vertex", "foundry", "aws"]
Outcome = Literal["success", "error", "cancelled"]

# --- Added with the full instrumentation (additive) ---
HTTP_REQUEST_METHOD: Final = "http.request.method"
URL_PATH: Final = "url.path"
GEN_AI_INPUT_MESSAGES: Final = "gen_ai.input.messages"
GEN_AI_OUTPUT_MESSAGES: Final = "gen_ai.output.messages"
GEN_AI_SYSTEM_INSTRUCTIONS: Final = "gen_ai.system_instructions"
ANTHROPIC_LINT_FINDINGS: Final = "anthropic.lint.findings"  # Lint findings, one `rule: detail` string each (opt-in `lint` option).
ANTHROPIC_NATIVE_SPAN: Final = "anthropic.native_span"  # true when this instrumentation enriched the SDK's own (native) call span instead of making one.
# Rate-limit kinds as they appear in attribute names (headers use dashes: input-tokens).
RATELIMIT_KINDS: Final[Tuple[str, ...]] = ("requests", "tokens", "input_tokens", "output_tokens")
RATELIMIT_FIELDS: Final[Tuple[str, ...]] = ("limit", "remaining", "reset")


def ratelimit_attribute(kind: str, field: str) -> str:
    """anthropic.ratelimit.<kind>.<field>, e.g. anthropic.ratelimit.output_tokens.remaining."""
    return f"{RATELIMIT_PREFIX}{kind}.{field}"


# --- error.type values this instrumentation sets besides Anthropic error types and HTTP status codes ---
ERROR_TYPE_STREAM_INTERRUPTED: Final = "stream_interrupted"
ERROR_TYPE_CONNECTION: Final = "connection_error"
ERROR_TYPE_TIMEOUT: Final = "client_timeout_error"
ERROR_TYPE_LINT: Final = "preflight_lint_error"
ERROR_TYPE_CREDENTIALS: Final = "credentials_error"
ERROR_TYPE_CLIENT: Final = "client_error"

# --- Message Batch results (messages.batches.results): one span event per errored, canceled or expired result, counts on the call span ---
BATCH_RESULT_EVENT: Final = "anthropic.batch.result"
BATCH_ID: Final = "anthropic.message.batch.id"  # the batch id, named as the SDK's native span names it
BATCH_CUSTOM_ID: Final = "anthropic.batch.custom_id"  # the result's custom_id
BATCH_RESULT_TYPE: Final = "anthropic.batch.result.type"  # errored | canceled | expired
BATCH_RESULTS_PREFIX: Final = "anthropic.batch.results."  # Prefix of the per-type result counts on the call span: anthropic.batch.results.succeeded, .errored, .canceled, .expired.
ERROR_TYPE_BATCH_CANCELED: Final = "batch_canceled"  # error.type of a canceled result
ERROR_TYPE_BATCH_EXPIRED: Final = "batch_expired"  # error.type of an expired result
BATCH_RESULT_TYPES: Final[Tuple[str, ...]] = ("succeeded", "errored", "canceled", "expired")

# --- MCP connector and Managed Agents sessions: the MCP servers a request names, one span event per failed MCP tool result, one span event per session.error of a session event stream ---
ANTHROPIC_MCP_SERVERS: Final = "anthropic.mcp.servers"  # Names of the MCP servers a Messages request lists in `mcp_servers` (names only: never URLs or authorization tokens).
MCP_TOOL_ERROR_EVENT: Final = "anthropic.mcp.tool_error"  # Span event per `mcp_tool_result` block with `is_error: true` in a Messages response (JSON or stream).
MCP_SERVER_NAME: Final = "anthropic.mcp.server.name"  # the MCP server of the tool (its `mcp_tool_use` block's server_name), or of a session's MCP error
MCP_TOOL_NAME: Final = "anthropic.mcp.tool.name"  # the tool's name, from its `mcp_tool_use` block
MCP_TOOL_USE_ID: Final = "anthropic.mcp.tool_use.id"  # the result's tool_use_id
ERROR_TYPE_MCP_TOOL: Final = "mcp_tool_error"  # error.type of an MCP tool error event
SESSION_ERROR_EVENT: Final = "anthropic.session.error"  # Span event per `session.error` event read off a Managed Agents session event stream (`beta.sessions.events.stream`); error.type is the error's type (model_overloaded_error, mcp_connection_failed_error, …).
SESSION_ID: Final = "anthropic.session.id"  # the session id, named as the SDK's native span names it
SESSION_EVENT_ID: Final = "anthropic.session.event.id"  # the session.error event's id
SESSION_RETRY_STATUS: Final = "anthropic.session.retry_status"  # retrying | exhausted | terminal
SESSION_ERRORS_COUNT: Final = "anthropic.session.errors"  # session.error events the stream carried, on the call span
SESSION_RETRY_STATUSES: Final[Tuple[str, ...]] = ("retrying", "exhausted", "terminal")

# --- The Python package (claude-errors-instrumentation-anthropic) ---
PYTHON_INSTRUMENTATION_NAME: Final = "claude_errors_instrumentation_anthropic"  # Instrumentation scope name of the Python package's spans (its import package, as opentelemetry-python-contrib names scopes).
