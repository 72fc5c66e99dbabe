import { CeError } from '@claude-errors/schemas';

/** Error codes of the analyzer. Each is documented in docs/errors.md. */
export const ErrorCodes = {
  STORE_OPEN: 'CE_ERR_STORE_OPEN',
  STORE_WRITE: 'CE_ERR_STORE_WRITE',
  STORE_REFUSED: 'CE_ERR_STORE_REFUSED',
  MIGRATION: 'CE_ERR_MIGRATION',
  BAD_PARAMETER: 'CE_ERR_BAD_PARAMETER',
  UNAUTHORIZED: 'CE_ERR_UNAUTHORIZED',
  NOT_FOUND: 'CE_ERR_NOT_FOUND',
  METHOD_NOT_ALLOWED: 'CE_ERR_METHOD_NOT_ALLOWED',
  HOST_NOT_ALLOWED: 'CE_ERR_HOST_NOT_ALLOWED',
  CONFIG_INVALID: 'CE_ERR_CONFIG_INVALID',
  INTERNAL: 'CE_ERR_INTERNAL',
} as const;

/**
 * What went wrong, in the terms a client acts on (docs/errors.md, "Kinds and HTTP status").
 * Whoever raises an error of the analyzer names its kind; the HTTP status follows from it here.
 */
export type ErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'method_not_allowed' | 'too_large' | 'unsupported_media_type' | 'internal' | 'unavailable';

/** The analyzer's one mapping of kinds to HTTP statuses. */
export const HTTP_STATUS: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
  unavailable: 503,
};

/** What a kind sets on a CeError: its HTTP status and retryability (for a subclass's `super()`). */
export function ofKind(kind: ErrorKind): { statusCode: number; retryable: boolean } {
  return { statusCode: HTTP_STATUS[kind], retryable: kind === 'unavailable' };
}

/** A coded error of the given kind; its HTTP status and retryability follow from the kind. */
export function analyzerError(kind: ErrorKind, code: string, message: string, opts: { retryAfterSeconds?: number; cause?: unknown } = {}): CeError {
  return new CeError(code, message, { ...opts, ...ofKind(kind) });
}

/**
 * The kind of an error that carries only a status: Fastify's own (a query that breaks its schema,
 * a malformed request) and errors raised outside the API. Another 4xx is `invalid`, another 5xx
 * `internal`.
 */
export function kindOfStatus(statusCode: number): ErrorKind {
  for (const [kind, status] of Object.entries(HTTP_STATUS)) if (status === statusCode) return kind as ErrorKind;
  return statusCode >= 500 ? 'internal' : 'invalid';
}
