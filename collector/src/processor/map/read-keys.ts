import * as sc from '@claude-errors/instrumentation-anthropic/semconv';

/**
 * Every attribute key the mappers (map-spans, map-logs, sources) read, on resources, spans, events
 * and log records alike, plus the prefixes of the detail they copy into a record's `attributes`.
 * The protobuf decoder keeps only these attributes and skips (but still validates) the values of
 * all others, so a key read by a mapper must be listed here: collector/test/read-keys.test.ts
 * records the keys the mappers ask for and fails on one missing.
 */
export const READ_KEYS: readonly string[] = [
  // resource
  'service.name',
  'telemetry.sdk.language',
  // call spans: GenAI, HTTP and error conventions, OpenLLMetry and OpenInference names
  sc.GEN_AI_OPERATION_NAME,
  sc.GEN_AI_PROVIDER_NAME,
  sc.GEN_AI_SYSTEM,
  sc.GEN_AI_REQUEST_MODEL,
  sc.GEN_AI_RESPONSE_MODEL,
  sc.GEN_AI_REQUEST_STREAM,
  'gen_ai.request.is_stream',
  'gen_ai.response.request_id',
  'llm.provider',
  'llm.system',
  'llm.model_name',
  'llm.request.model',
  'llm.request.type',
  'llm.is_streaming',
  sc.ERROR_TYPE,
  sc.HTTP_RESPONSE_STATUS_CODE,
  'http.status_code',
  sc.HTTP_REQUEST_RESEND_COUNT,
  // this project's call span
  sc.ANTHROPIC_OPERATION,
  sc.ANTHROPIC_PLATFORM,
  sc.ANTHROPIC_SDK_VERSION,
  sc.ANTHROPIC_REQUEST_ID,
  'anthropic.request_id',
  sc.ANTHROPIC_ERROR_TYPE,
  sc.ANTHROPIC_ERROR_MESSAGE,
  sc.ANTHROPIC_OUTCOME,
  sc.ANTHROPIC_ATTEMPT_COUNT,
  // attempt and exception events, log records
  sc.ATTEMPT_NUMBER,
  sc.ATTEMPT_OUTCOME,
  sc.ATTEMPT_DURATION_MS,
  sc.ATTEMPT_WAIT_MS,
  sc.RETRY_AFTER_MS,
  sc.SHOULD_RETRY,
  sc.EXCEPTION_TYPE,
  sc.EXCEPTION_MESSAGE,
  // Message Batch result events and their results span
  sc.BATCH_ID,
  sc.BATCH_CUSTOM_ID,
  sc.BATCH_RESULT_TYPE,
  sc.ANTHROPIC_ERROR_CODE,
  // session.error events of a session event stream, and the stream's span
  sc.SESSION_ID,
  sc.SESSION_EVENT_ID,
  sc.SESSION_RETRY_STATUS,
  sc.MCP_SERVER_NAME,
  // failed MCP tool results
  sc.MCP_TOOL_NAME,
  sc.MCP_TOOL_USE_ID,
];

/** Prefixes of the attributes copied into a record's `attributes` (allow-listed detail only). */
export const EXTRA_PREFIXES: readonly string[] = [
  sc.RATELIMIT_PREFIX,
  'anthropic.lint.',
  sc.ANTHROPIC_EXCEPTION_CAUSE_CODE,
  sc.ANTHROPIC_ERROR_CODE,
  sc.ANTHROPIC_STREAM_TTFT_MS,
  sc.GEN_AI_USAGE_INPUT_TOKENS,
  sc.GEN_AI_USAGE_OUTPUT_TOKENS,
  sc.GEN_AI_RESPONSE_ID,
  sc.BATCH_RESULTS_PREFIX,
  sc.ANTHROPIC_MCP_SERVERS,
  sc.SESSION_ERRORS_COUNT,
];

/** Whether a key starts with one of EXTRA_PREFIXES: one anchored test instead of a startsWith per prefix. */
export const EXTRA_KEY = new RegExp(`^(?:${EXTRA_PREFIXES.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`);

const READ = new Set(READ_KEYS);

/** Whether a mapper reads or copies the attribute with this key. */
export function isMappedAttribute(key: string): boolean {
  return READ.has(key) || EXTRA_KEY.test(key);
}
