// Entry point for runtimes without Node's require/import hooks: Cloudflare Workers (workerd),
// Vercel Edge, Deno, Bun, bundled apps. It patches the SDK module the app hands it, as
// `manuallyInstrument` does, but without @opentelemetry/instrumentation (whose Node platform
// loads require-in-the-middle and import-in-the-middle) and without any `node:` import, Buffer,
// process or AsyncLocalStorage. Export with a fetch-based OTLP exporter (see the README).
import { diag, trace, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { patchModule, unpatchModule, type Unwrap, type Wrap } from './patch.js';
import type { Hooks } from './make-request.js';
import { INSTRUMENTATION_NAME } from './semconv.js';
import { DEFAULT_BODY_READ_TIMEOUT_MS, DEFAULT_MAX_CONTENT_BYTES, type AnthropicInstrumentationConfig } from './types.js';
import { INSTRUMENTATION_VERSION } from './version.js';
import { unwrapMethod, wrapMethod } from './wrap.js';

export interface EdgeInstrumentationOptions extends Omit<AnthropicInstrumentationConfig, 'enabled'> {
  /**
   * Where the spans go. Default: the global tracer provider (`trace.setGlobalTracerProvider`).
   * Give it when the provider is not registered globally, as is usual in a Worker.
   */
  tracerProvider?: TracerProvider;
}

/** What `instrumentAnthropic` returns: stop recording and restore the SDK's methods. */
export interface EdgeInstrumentation {
  uninstrument(): void;
}

/**
 * Patches `@anthropic-ai/sdk` for the calls of every client made from it (its namespace or its
 * default export): `instrumentAnthropic(await import('@anthropic-ai/sdk'), { tracerProvider })`.
 * Patching one module twice is harmless: the second call records nothing more.
 */
export function instrumentAnthropic(moduleExports: unknown, options: EdgeInstrumentationOptions = {}): EdgeInstrumentation {
  const { tracerProvider, ...rest } = options;
  const config: AnthropicInstrumentationConfig = {
    captureContent: false,
    maxContentBytes: DEFAULT_MAX_CONTENT_BYTES,
    lint: false,
    bodyReadTimeoutMs: DEFAULT_BODY_READ_TIMEOUT_MS,
    ...rest,
  };
  let tracer: Tracer | undefined;
  let enabled = true;
  const hooks: Hooks = {
    tracer: () => (tracer ??= (tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION)),
    config: () => config,
    enabled: () => enabled,
  };
  try {
    if (!patchModule(moduleExports, hooks, wrapMethod as Wrap)) diag.warn(`${INSTRUMENTATION_NAME}: no SDK client class to patch, or already patched`);
  } catch (err) {
    diag.error(`${INSTRUMENTATION_NAME}: could not patch @anthropic-ai/sdk`, err);
  }
  return {
    uninstrument() {
      enabled = false;
      unpatchModule(moduleExports, unwrapMethod as Unwrap);
    },
  };
}

export type { AnthropicInstrumentationConfig } from './types.js';
export { PreflightLintError, CE_ERR_PREFLIGHT_LINT } from './errors.js';
export { lintMessagesRequest } from './lint.js';
