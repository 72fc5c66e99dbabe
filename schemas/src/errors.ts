/**
 * Base class of every coded error in claude-errors. Each package defines its codes in its own
 * errors.ts; docs/errors.md documents them. `retryable` tells the edge how to answer:
 * permanent errors become 4xx (and dead letters), retryable ones 429/503 with Retry-After.
 */
export class CeError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;
  readonly statusCode: number;

  constructor(
    code: string,
    message: string,
    opts: { retryable?: boolean; statusCode?: number; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CeError';
    this.code = code;
    this.retryable = opts.retryable ?? false;
    this.statusCode = opts.statusCode ?? (this.retryable ? 503 : 400);
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }
}

export function isCeError(err: unknown): err is CeError {
  return err instanceof CeError;
}
