// The OpenTelemetry instrumentation of @anthropic-ai/sdk.
import { InstrumentationBase, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { INSTRUMENTATION_NAME } from './semconv.js';
import { patchModule, unpatchModule, type Unwrap, type Wrap } from './patch.js';
import type { Hooks } from './make-request.js';
import { DEFAULT_BODY_READ_TIMEOUT_MS, DEFAULT_MAX_CONTENT_BYTES, type AnthropicInstrumentationConfig } from './types.js';

export { INSTRUMENTATION_VERSION } from './version.js';
import { INSTRUMENTATION_VERSION } from './version.js';
/** SDK versions the require/import hooks patch. */
export const SUPPORTED_SDK_VERSIONS = ['>=0.20.0 <2'];

function envFlag(name: string): boolean | undefined {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  return v === 'true' || v === '1';
}

export class AnthropicInstrumentation extends InstrumentationBase<AnthropicInstrumentationConfig> {
  private readonly hooks: Hooks;
  /** Modules given to manuallyInstrument(), re-patched by enable() and unpatched by disable(). */
  private manualModules: Set<unknown> | undefined;

  constructor(config: AnthropicInstrumentationConfig = {}) {
    super(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION, {
      captureContent: envFlag('CLAUDE_ERRORS_CAPTURE_CONTENT') ?? false,
      maxContentBytes: DEFAULT_MAX_CONTENT_BYTES,
      lint: false,
      bodyReadTimeoutMs: DEFAULT_BODY_READ_TIMEOUT_MS,
      ...config,
    });
    this.hooks = {
      tracer: () => this.tracer,
      config: () => this.getConfig(),
      enabled: () => this.isEnabled(),
    };
  }

  protected init(): InstrumentationNodeModuleDefinition[] {
    return [
      new InstrumentationNodeModuleDefinition(
        '@anthropic-ai/sdk',
        SUPPORTED_SDK_VERSIONS,
        (moduleExports: unknown) => {
          this.patch(moduleExports);
          return moduleExports;
        },
        (moduleExports: unknown) => {
          if (moduleExports) unpatchModule(moduleExports, this._unwrap as unknown as Unwrap);
        },
      ),
    ];
  }

  private patch(moduleExports: unknown): boolean {
    try {
      return patchModule(moduleExports, this.hooks, this._wrap as unknown as Wrap);
    } catch (err) {
      this._diag.warn('could not patch @anthropic-ai/sdk', err);
      return false;
    }
  }

  /**
   * Patches an SDK module the require/import hooks never saw: ESM apps, bundles.
   * `instrumentation.manuallyInstrument(await import('@anthropic-ai/sdk'))`.
   */
  manuallyInstrument(moduleExports: unknown): void {
    (this.manualModules ??= new Set()).add(moduleExports);
    if (this.isEnabled()) this.patch(moduleExports);
  }

  override enable(): void {
    super.enable();
    // Runs inside the base constructor too, before this class's fields exist.
    this.manualModules?.forEach((m) => this.patch(m));
  }

  override disable(): void {
    super.disable();
    this.manualModules?.forEach((m) => unpatchModule(m, this._unwrap as unknown as Unwrap));
  }
}
