import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/** Configuration of {@link AnthropicInstrumentation}. Every option is optional. */
export interface AnthropicInstrumentationConfig extends InstrumentationConfig {
  /**
   * Record prompt and completion content (`gen_ai.input.messages`, `gen_ai.output.messages`,
   * `gen_ai.system_instructions`) on the call span. Off by default: content may be personal data.
   * Env: `CLAUDE_ERRORS_CAPTURE_CONTENT=true`.
   * @default false
   */
  captureContent?: boolean;
  /**
   * Byte cap of each recorded content attribute; longer values are cut and end with `…`.
   * @default 4096
   */
  maxContentBytes?: number;
  /**
   * Pre-flight lint of Messages requests. `true` records findings on the call span
   * (`anthropic.lint.findings`); `'throw'` also rejects the call before anything is sent, with a
   * `PreflightLintError` (code `CE_ERR_PREFLIGHT_LINT`).
   * @default false
   */
  lint?: boolean | 'throw';
  /**
   * How long a call span waits, at most, for this instrumentation's reading of a response body
   * (error bodies of retried attempts) before it ends anyway, in milliseconds. A streamed body
   * nobody starts reading within this time is copied then and the copy read to its end (streams
   * are otherwise watched in the chunks the SDK reads, without a copy).
   * @default 1000
   */
  bodyReadTimeoutMs?: number;
}

export const DEFAULT_MAX_CONTENT_BYTES = 4096;
export const DEFAULT_BODY_READ_TIMEOUT_MS = 1000;
