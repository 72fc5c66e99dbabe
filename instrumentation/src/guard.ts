// Telemetry must never change what the application sees: every hook runs through these guards.

export function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
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
