/**
 * Structured log records (pino, winston, bunyan, structlog, generic JSON lines) to classifier
 * inputs. Field names differ per library; this looks in the usual places and takes the first
 * value found. A record only counts when it is an error (level, an error object, or a status).
 */
import type { ClassifyInput } from '@claude-errors/analyzer/classify';
import { envelopeInRecord, statusOfType } from './api-envelope.js';
import { timestampFromValue } from './timestamp.js';
import { isObj, type Obj } from './obj.js';

export interface Extracted {
  input: ClassifyInput;
  timestamp: string | null;
  /** true when the record says it is an error (level error/fatal, error object, 4xx/5xx). */
  isError: boolean;
  /** true when the record is a warning (pino 40, `warn`): a retry wrapper logs a failed attempt so. */
  isWarning?: boolean;
}


function pick(o: Obj, keys: readonly string[]): unknown {
  for (const k of keys) {
    const v = k.includes('.') ? o[k] ?? dig(o, k.split('.')) : o[k];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

function dig(o: Obj, path: string[]): unknown {
  let cur: unknown = o;
  for (const p of path) {
    if (!isObj(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function statusOf(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d{3}$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && n >= 400 && n <= 599 ? n : undefined;
}

const ERROR_KEYS = ['err', 'error', 'exception', 'exc_info', 'exc'];
/** An API error type (`invalid_request_error`, `overloaded_error`): lowercase words ending in `_error`. */
const API_ERROR_TYPE_RE = /^[a-z]{1,20}(?:_[a-z]{1,20}){0,4}_error$/;
const MESSAGE_KEYS = ['message', 'msg', 'event', 'error_message', 'errorMessage', 'detail'];
const TIME_KEYS = ['time', 'timestamp', '@timestamp', 'ts', 'asctime', 'date', 'datetime', 'created'];
// `$metadata.httpStatusCode`: AWS SDK v3 errors (Bedrock) printed as JSON. A top-level `code` last:
// an error record that names its HTTP status so (`{"code": 529, "detail": "Overloaded"}`, a request
// log's entry); statusOf keeps only 400-599, so error codes that are words or other numbers are not read.
const STATUS_KEYS = ['status', 'statusCode', 'status_code', 'http_status', 'http.status_code', 'http.response.status_code', 'response.status', '$metadata.httpStatusCode', 'code'];

function levelIsWarning(level: unknown): boolean {
  if (typeof level === 'number') return level >= 40 && level < 50; // pino/bunyan: 40 warn
  return typeof level === 'string' && /^warn(?:ing)?$/i.test(level);
}

function levelIsError(level: unknown): boolean {
  if (typeof level === 'number') return level >= 50; // pino/bunyan: 50 error, 60 fatal
  if (typeof level !== 'string') return false;
  return /^(error|err|fatal|critical|crit|alert|emerg|severe)$/i.test(level);
}

/** Classifier input from one parsed JSON log record. */
export function extractFromRecord(rec: Obj): Extracted {
  const errVal = pick(rec, ERROR_KEYS);
  const err = isObj(errVal) ? errVal : undefined;
  const errText = typeof errVal === 'string' ? errVal : undefined; // structlog exc_info / winston error strings
  const envelope = envelopeInRecord(rec);

  // Claude Code's stream-json result ({"type":"result","is_error":true,"result":"Invalid API key · …"}) says what failed in `result`.
  const resultError = rec['is_error'] === true ? str(rec['result']) : undefined;
  const message =
    str(err && pick(err, ['message', 'msg'])) ??
    errText ??
    resultError ??
    str(pick(rec, MESSAGE_KEYS)) ??
    '';
  const stack = str(err?.stack);
  const outer = str(pick(rec, MESSAGE_KEYS));
  // Keep the record's own message too: loggers often put the API message there and the class in err.
  // the API's own message in an envelope the record carries says what failed when the logger's message does not
  const apiMessage = str(envelope?.['message']);
  const fullMessage = [message, outer && outer !== message ? outer : undefined, !message && stack ? stack : undefined, apiMessage && !message.includes(apiMessage) ? apiMessage : undefined]
    .filter(Boolean)
    .join(' | ');

  const named = statusOf(pick(rec, STATUS_KEYS)) ?? (err ? statusOf(pick(err, ['status', 'statusCode', 'status_code', 'code'])) : undefined);
  // a status beside the API's envelope that is not its type's is a wrapper's (a relay's own 500): the type's is the response's
  const typeStatus = statusOfType(str(envelope?.['type']));
  const status = typeStatus !== undefined && named !== undefined && named !== typeStatus ? typeStatus : named;
  // The API's error object printed as a record, its keys in any order (`{"error":{"message":…,"type":"invalid_request_error"},"type":"error"}`).
  const ownType = str(err?.['type']);
  const errorType = str(err && pick(err, ['error.type', 'error.error.type'])) ?? str(envelope?.['type']) ?? str(rec['error_type']) ?? (ownType !== undefined && API_ERROR_TYPE_RE.test(ownType) ? ownType : undefined);
  // An AWS SDK error printed whole ({"name":"ThrottlingException","$fault":"client",…}) names its class at the top.
  const awsName = rec['$fault'] !== undefined ? str(rec['name']) : undefined;
  // the envelope's own `type` ("error") names no exception class
  const exception = str(err && pick(err, err['type'] === 'error' && isObj(err['error']) ? ['name', 'class'] : ['type', 'name', 'class'])) ?? str(rec['exception_type']) ?? str(rec['exc_type']) ?? awsName;

  const input: ClassifyInput = { message: fullMessage };
  if (status !== undefined) input.status = status;
  if (errorType) input.error_type = errorType;
  if (exception) input.exception = exception;
  const platform = str(rec['platform']);
  if (platform) input.platform = platform;

  const level = rec['level'] ?? rec['severity'] ?? rec['levelname'] ?? rec['log.level'];
  return {
    input,
    timestamp: timestampFromValue(pick(rec, TIME_KEYS)),
    isError: levelIsError(level) || errVal !== undefined || status !== undefined || resultError !== undefined,
    isWarning: levelIsWarning(level),
  };
}
