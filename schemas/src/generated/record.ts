/* Generated from schemas/record.schema.json by schemas/scripts/generate-types.mjs. Do not edit. */

/**
 * One row the pipeline carries: either one SDK call (kind=call) or one HTTP attempt inside a call (kind=attempt). Attempt rows share the trace_id/span_id of their call and carry attempt >= 1; call rows carry attempt = 0. The triple (trace_id, span_id, attempt) is the dedupe key. Each property's x-duckdb is the column type used to build the DuckDB table; adding a property here adds a column to existing files on start (additive migration).
 */
export interface ErrorRecord {
  /**
   * call = one SDK method call; attempt = one HTTP attempt of that call.
   */
  kind: "call" | "attempt";
  /**
   * Start time, Unix epoch milliseconds.
   */
  time: number;
  /**
   * Wall time of the call or attempt.
   */
  duration_ms?: number | null;
  /**
   * W3C trace id, lower-case hex.
   */
  trace_id: string;
  /**
   * Span id of the call span, lower-case hex.
   */
  span_id: string;
  /**
   * Parent of the call span, if any.
   */
  parent_span_id?: string | null;
  /**
   * 0 for the call row; 1..n for attempt rows.
   */
  attempt: number;
  /**
   * Call rows: how many HTTP attempts the call made (null when unknown).
   */
  attempts?: number | null;
  /**
   * service.name of the emitting application.
   */
  service: string;
  /**
   * Which instrumentation produced the span: claude-errors, anthropic-sdk, openllmetry, openinference, python-otel, log-analyzer, unknown.
   */
  source: string;
  /**
   * SDK package, e.g. @anthropic-ai/sdk or anthropic (Python).
   */
  sdk?: string | null;
  sdk_version?: string | null;
  /**
   * Where the request was served: the Claude API (first_party), Amazon Bedrock (bedrock: InvokeModel; bedrock_mantle: the Anthropic-shaped API at bedrock-mantle.{region}.api.aws), Google Vertex AI, Microsoft Foundry, or Claude Platform on AWS (aws).
   */
  platform: "first_party" | "bedrock" | "bedrock_mantle" | "vertex" | "foundry" | "aws" | "unknown";
  /**
   * Requested model id.
   */
  model?: string | null;
  /**
   * SDK surface, e.g. messages.create, messages.stream, models.list.
   */
  operation?: string | null;
  /**
   * Which API surface the row is about. messages: a synchronous HTTP call (any endpoint, the batch endpoints included) and its attempts. batch: one request processed inside a Message Batch whose result was errored, canceled or expired (a call row made from the anthropic.batch.result event of a messages.batches.results span; its span_id is derived from that span's and the result's custom_id, its parent_span_id is that span). session: one session.error event of a Managed Agents session event stream (a call row made from the anthropic.session.error event of a sessions.events.stream span; span_id derived from that span's and the event's id, parent_span_id that span; error_type is the session error's type, e.g. model_overloaded_error, mcp_connection_failed_error; outcome error whatever its retry_status, which attributes keeps as anthropic.session.retry_status). mcp: one failed MCP tool result (an anthropic.mcp.tool_error event of a Messages call with mcp_servers or of a session event stream; error_type mcp_tool_error, the tool and server in attributes; span_id derived as for session rows). Absent or null means messages: the API filter surface=messages matches both.
   */
  surface?: "messages" | "batch" | "session" | "mcp" | null;
  stream?: boolean | null;
  outcome: "success" | "error" | "cancelled";
  /**
   * HTTP status of the (final) response; null when no response arrived.
   */
  http_status?: number | null;
  /**
   * Anthropic error type (overloaded_error, …), stream_interrupted, or an exception class for SDK-side failures.
   */
  error_type?: string | null;
  /**
   * Scrubbed error message (API keys masked).
   */
  error_message?: string | null;
  /**
   * Exception class raised by the SDK, if any.
   */
  exception_type?: string | null;
  /**
   * Anthropic request-id response header.
   */
  request_id?: string | null;
  /**
   * retry-after / retry-after-ms the server sent, in milliseconds.
   */
  retry_after_ms?: number | null;
  /**
   * x-should-retry response header.
   */
  should_retry?: boolean | null;
  /**
   * Attempt rows: time waited before this attempt (backoff).
   */
  wait_ms?: number | null;
  /**
   * Catalog entry the analyzer classified this error as; null for successes.
   */
  catalog_id?: string | null;
  /**
   * Template of the message for unknown errors, so they group into patterns.
   */
  fingerprint?: string | null;
  /**
   * Other recorded detail: rate-limit headers, lint findings, exception cause codes. Never keys, auth headers or prompt content.
   */
  attributes?: {} | null;
}
