// Answers of the OTLP routes in the request's own encoding (OTLP/HTTP "Failures": the body of every
// 4xx and 5xx is a google.rpc.Status): a protobuf request gets a protobuf Status, a JSON request
// (and any other) the project's JSON error body. Content types are exactly `application/x-protobuf`
// and `application/json`, without parameters: the Collector's otlphttp exporter compares them as
// whole strings before it reads a partial success.
import { STATUS_CODES } from 'node:http';
import { isCeError } from '@claude-errors/schemas';
import { ErrorCodes, kindOfStatus, statusOf, type ErrorKind } from '../../errors.js';
import { pushVarint } from './decode-protobuf.js';
import { requestEncoding } from './body.js';

export const PROTOBUF_CONTENT_TYPE = 'application/x-protobuf';
export const JSON_CONTENT_TYPE = 'application/json';
/** google.rpc.ErrorInfo.domain of every error this collector answers. */
export const ERROR_DOMAIN = 'claude-errors';

export interface ErrorAnswer {
  statusCode: number;
  /** The project's error code, `CE_ERR_…`. */
  code: string;
  message: string;
  /** Seconds, also sent as `Retry-After`. */
  retryAfter?: number | undefined;
}

/**
 * The answer to an error. A coded error keeps its status and code (set from its kind where it was
 * raised); Fastify's own refusals (a body over the limit, a bad Content-Length) are coded by the
 * kind of their status; anything else failed while handing the batch off: 503, retry in 5 s.
 */
export function errorAnswer(err: unknown): ErrorAnswer {
  if (isCeError(err)) {
    return { statusCode: err.statusCode, code: err.code, message: err.message, ...(err.retryAfterSeconds !== undefined ? { retryAfter: err.retryAfterSeconds } : {}) };
  }
  const e = err as { statusCode?: unknown; message?: unknown };
  const message = String(e.message ?? err);
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const kind = kindOfStatus(e.statusCode);
    return { statusCode: statusOf(kind), code: CODE_OF_CLIENT_ERROR[kind] ?? ErrorCodes.OTLP_DECODE, message };
  }
  return { statusCode: statusOf('unavailable'), code: ErrorCodes.EXPORT_FAILED, message: `could not hand off the batch: ${message}`, retryAfter: 5 };
}

const CODE_OF_CLIENT_ERROR: Partial<Record<ErrorKind, string>> = {
  unauthorized: ErrorCodes.UNAUTHORIZED,
  not_found: ErrorCodes.NOT_FOUND,
  method_not_allowed: ErrorCodes.METHOD_NOT_ALLOWED,
  too_large: ErrorCodes.BODY_TOO_LARGE,
  unsupported_media_type: ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
};

/** The error body and its content type for a request with this Content-Type. */
export function encodeErrorAnswer(answer: ErrorAnswer, requestContentType: string | undefined): { contentType: string; body: Buffer } {
  if (requestEncoding(requestContentType) === 'protobuf') return { contentType: PROTOBUF_CONTENT_TYPE, body: encodeStatus(answer) };
  const json = { statusCode: answer.statusCode, code: answer.code, error: httpReason(answer.statusCode), message: answer.message };
  return { contentType: JSON_CONTENT_TYPE, body: Buffer.from(JSON.stringify(json)) };
}

/** The reason phrase of an HTTP status: `Unsupported Media Type` for 415, not a generic label. */
export function httpReason(statusCode: number): string {
  return STATUS_CODES[statusCode] ?? 'Error';
}

/**
 * The google.rpc.Code for an HTTP status, as the Collector's statusutil maps them, plus the cases
 * it leaves as UNKNOWN: 413 is INVALID_ARGUMENT (that body will never be accepted), 405 and 415
 * UNIMPLEMENTED (a method or an encoding this server does not implement), 500 INTERNAL. OTLP clients do not act
 * on it (the HTTP status decides retries); it is there for logs.
 */
export function grpcCodeOf(statusCode: number): number {
  switch (statusCode) {
    case 400:
    case 413:
      return 3; // INVALID_ARGUMENT
    case 401:
      return 16; // UNAUTHENTICATED
    case 403:
      return 7; // PERMISSION_DENIED
    case 404:
    case 405:
    case 415:
      return 12; // UNIMPLEMENTED
    case 429:
      return 8; // RESOURCE_EXHAUSTED
    case 500:
      return 13; // INTERNAL
    case 502:
    case 503:
    case 504:
      return 14; // UNAVAILABLE
    default:
      return 2; // UNKNOWN
  }
}

/**
 * google.rpc.Status { code, message, details }: details hold a google.rpc.ErrorInfo whose reason
 * is the `CE_ERR_…` code, and for a retryable answer with a delay a google.rpc.RetryInfo.
 */
export function encodeStatus(answer: ErrorAnswer): Buffer {
  const out: number[] = [];
  pushVarintField(out, 1, grpcCodeOf(answer.statusCode));
  pushBytesField(out, 2, utf8(answer.message));
  pushBytesField(out, 3, any('type.googleapis.com/google.rpc.ErrorInfo', errorInfo(answer.code)));
  if (answer.retryAfter !== undefined) {
    const duration: number[] = [];
    pushVarintField(duration, 1, answer.retryAfter);
    const retryInfo: number[] = [];
    pushBytesField(retryInfo, 1, duration);
    pushBytesField(out, 3, any('type.googleapis.com/google.rpc.RetryInfo', retryInfo));
  }
  return Buffer.from(out);
}

function errorInfo(reason: string): number[] {
  const out: number[] = [];
  pushBytesField(out, 1, utf8(reason));
  pushBytesField(out, 2, utf8(ERROR_DOMAIN));
  return out;
}

function any(typeUrl: string, value: number[]): number[] {
  const out: number[] = [];
  pushBytesField(out, 1, utf8(typeUrl));
  pushBytesField(out, 2, value);
  return out;
}

function pushVarintField(out: number[], field: number, value: number): void {
  if (value === 0) return;
  out.push(field << 3);
  pushVarint(out, value);
}

function pushBytesField(out: number[], field: number, bytes: ArrayLike<number>): void {
  out.push((field << 3) | 2);
  pushVarint(out, bytes.length);
  for (let i = 0; i < bytes.length; i++) out.push(bytes[i]!);
}

function utf8(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}
