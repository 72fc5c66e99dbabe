// Coded errors of the instrumentation package (documented in docs/errors.md).

export const CE_ERR_PREFLIGHT_LINT = 'CE_ERR_PREFLIGHT_LINT';

/** Thrown before a request is sent when `lint: 'throw'` finds a request the API would reject. */
export class PreflightLintError extends Error {
  readonly code = CE_ERR_PREFLIGHT_LINT;
  readonly retryable = false;
  constructor(readonly findings: readonly string[]) {
    super(`Pre-flight lint rejected the request before sending it: ${findings.join('; ')}`);
    this.name = 'PreflightLintError';
  }
}
