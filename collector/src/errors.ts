import { CeError } from '@claude-errors/schemas';

/** Error codes of the collector. Each is documented in docs/errors.md. */
export const ErrorCodes = {
  OTLP_DECODE: 'CE_ERR_OTLP_DECODE',
  UNSUPPORTED_MEDIA_TYPE: 'CE_ERR_UNSUPPORTED_MEDIA_TYPE',
  BODY_TOO_LARGE: 'CE_ERR_BODY_TOO_LARGE',
  UNAUTHORIZED: 'CE_ERR_UNAUTHORIZED',
  NOT_FOUND: 'CE_ERR_NOT_FOUND',
  BAD_URL: 'CE_ERR_BAD_URL',
  METHOD_NOT_ALLOWED: 'CE_ERR_METHOD_NOT_ALLOWED',
  QUEUE_FULL: 'CE_ERR_QUEUE_FULL',
  SHUTTING_DOWN: 'CE_ERR_SHUTTING_DOWN',
  EXPORT_FAILED: 'CE_ERR_EXPORT_FAILED',
  DECODE_THREAD_LOST: 'CE_ERR_DECODE_THREAD_LOST',
  CONFIG_INVALID: 'CE_ERR_CONFIG_INVALID',
} as const;

/**
 * What went wrong, in the terms a sender acts on. Whoever raises an error names its kind; the HTTP
 * status follows from the kind here and nowhere else (as the Collector's otlpreceiver maps its
 * errors to HTTP in one function). `throttled` and `unavailable` are retryable.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'not_found'
  | 'method_not_allowed'
  | 'too_large'
  | 'unsupported_media_type'
  | 'throttled'
  | 'internal'
  | 'unavailable';

const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  too_large: 413,
  unsupported_media_type: 415,
  throttled: 429,
  internal: 500,
  unavailable: 503,
};

const KIND_OF_STATUS = new Map(Object.entries(STATUS_OF_KIND).map(([kind, status]) => [status, kind as ErrorKind]));

/** The HTTP status of a kind. */
export function statusOf(kind: ErrorKind): number {
  return STATUS_OF_KIND[kind];
}

/**
 * The kind of an error that carries only a status: Fastify's own refusals (a body over the limit,
 * a bad Content-Length) and errors raised outside the collector. Another 4xx is `invalid`, another
 * 5xx `internal`.
 */
export function kindOfStatus(statusCode: number): ErrorKind {
  return KIND_OF_STATUS.get(statusCode) ?? (statusCode >= 500 ? 'internal' : 'invalid');
}

/** A coded error of the given kind; its HTTP status and retryability follow from the kind. */
export function collectorError(kind: ErrorKind, code: string, message: string, opts: { retryAfterSeconds?: number; cause?: unknown } = {}): CeError {
  return new CeError(code, message, { ...opts, retryable: kind === 'throttled' || kind === 'unavailable', statusCode: STATUS_OF_KIND[kind] });
}
