// The package's public API: the instrumentation, its configuration type and the preflight lint.
// Attribute names come from the './semconv' subpath.
export { AnthropicInstrumentation, SUPPORTED_SDK_VERSIONS } from './instrumentation.js';
export type { AnthropicInstrumentationConfig } from './types.js';
export { PreflightLintError, CE_ERR_PREFLIGHT_LINT } from './errors.js';
export { lintMessagesRequest } from './lint.js';
