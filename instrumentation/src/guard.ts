// Telemetry must never change what the application sees: every hook runs through these guards.
import { diag } from '@opentelemetry/api';
import { INSTRUMENTATION_NAME } from './semconv.js';

// The same component logger InstrumentationBase gives as `this._diag`, reachable from the free
// functions the hooks are (and from the edge entry point, which has no InstrumentationBase).
const log = diag.createComponentLogger({ namespace: INSTRUMENTATION_NAME });

/** Distinct failure messages already reported at warn; bounded, later ones go to debug. */
const warned = new Set<string>();
const MAX_WARNED = 32;

/**
 * Runs a hook; if it throws, reports the error through the OpenTelemetry diagnostics logger (warn
 * the first time a message is seen, debug after) and returns undefined, so the app's call goes on
 * without that piece of telemetry. Never throws (a diag logger that throws is ignored too).
 */
export function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    reportHookFailure(err);
    return undefined;
  }
}

function reportHookFailure(err: unknown): void {
  try {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    if (warned.has(message) || warned.size >= MAX_WARNED) {
      log.debug('a telemetry hook failed; the call goes on without it', err);
      return;
    }
    warned.add(message);
    log.warn('a telemetry hook failed; the call goes on without it (the same failure is logged at debug from now on)', err);
  } catch {
    // Reporting must not reach the app either.
  }
}

/** Resolves when `p` settles or after `ms`, whichever is first; never rejects. */
export function settleWithin(p: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref?.();
    p.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}

/** Epoch milliseconds on the same clock the OpenTelemetry SDK uses for span times. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
