// Turns whatever a call or an attempt failed with into recorded facts (duck-typed: the SDK is never imported).
import {
  ERROR_TYPE_CLIENT,
  ERROR_TYPE_CONNECTION,
  ERROR_TYPE_CREDENTIALS,
  ERROR_TYPE_TIMEOUT,
  type Outcome,
} from './semconv.js';
import { scrub } from './scrub.js';
import { isObj, type Obj } from './obj.js';

export interface ErrorFacts {
  outcome: Outcome;
  /** error.type: Anthropic error type, HTTP status, connection_error, client_timeout_error, … */
  errorType?: string;
  /** The Anthropic error type from the envelope, when there was one. */
  anthropicType?: string;
  message?: string;
  status?: number;
  requestId?: string;
  exceptionType?: string;
  causeCode?: string;
  /** error.details.error_code of the envelope (enforced_spend_limit_reached, …), when the API sent one. */
  errorCode?: string;
}


/** The first `code` along the `cause` chain: ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET, … */
export function causeCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 8 && isObj(e); depth++) {
    const code = e['code'];
    if (typeof code === 'string' && code !== '') return code;
    const errors = e['errors']; // AggregateError from happy-eyeballs connects
    if (Array.isArray(errors) && isObj(errors[0]) && typeof errors[0]['code'] === 'string') return errors[0]['code'];
    e = e['cause'];
  }
  return undefined;
}

export function className(err: unknown): string {
  if (!isObj(err)) return typeof err;
  const name = (err.constructor as { name?: unknown } | undefined)?.name;
  // A DOMException says what it is in `name` (AbortError, TimeoutError).
  if (name === 'DOMException' && typeof err['name'] === 'string') return err['name'];
  if (typeof name === 'string' && name !== 'Object' && name !== '') return name;
  return typeof err['name'] === 'string' ? err['name'] : 'Error';
}

/**
 * Parses an error body: the Anthropic envelope `{"type":"error","error":{"type","message"},"request_id"}`,
 * Vertex's `{"error":{"code","message","status":"RESOURCE_EXHAUSTED"}}`, Azure's
 * `{"error":{"code","message"}}` (Foundry), or Bedrock's `{"message"}`.
 */
export interface EnvelopeFacts {
  type?: string;
  message?: string;
  requestId?: string;
  errorCode?: string;
}

export function envelopeFacts(body: unknown): EnvelopeFacts {
  if (!isObj(body)) return {};
  const inner = isObj(body['error']) ? body['error'] : undefined;
  const out: EnvelopeFacts = {};
  if (typeof inner?.['type'] === 'string') out.type = inner['type'];
  const details = inner?.['details'];
  if (isObj(details) && typeof details['error_code'] === 'string') out.errorCode = details['error_code'];
  else if (typeof inner?.['status'] === 'string') out.type = inner['status'];
  // Azure's gateway in front of Microsoft Foundry: {"error":{"code":"DeploymentNotFound","message"}}
  // (a numeric code, as in {"error":{"code":"401",…}}, says no more than the status).
  if (out.type === undefined && typeof inner?.['code'] === 'string' && !/^\d+$/.test(inner['code'])) out.type = inner['code'];
  if (typeof inner?.['message'] === 'string') out.message = inner['message'];
  else if (typeof body['message'] === 'string') out.message = body['message'];
  else if (typeof body['Message'] === 'string') out.message = body['Message'];
  if (typeof body['request_id'] === 'string') out.requestId = body['request_id'];
  return out;
}

/** Bedrock's error type header: `ThrottlingException:http://internal.amazon.com/…` → ThrottlingException. */
export function amazonErrorType(headers: unknown): string | undefined {
  const get = (headers as { get?: unknown } | undefined)?.get;
  if (typeof get !== 'function') return undefined;
  const v = (get as (n: string) => string | null).call(headers, 'x-amzn-errortype');
  return v ? v.split(':')[0] : undefined;
}

/** Credential resolution failures (Vertex/Google OAuth, AWS credential chains) get their own error.type. */
export function isCredentialFailure(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && isObj(e); depth++) {
    if (typeof e['message'] === 'string' && /credential/i.test(e['message'])) return true;
    e = e['cause'];
  }
  return false;
}

function isAbort(err: Obj, name: string): boolean {
  return name === 'APIUserAbortError' || err['name'] === 'AbortError';
}

/** Facts about the error a call failed with. `userAborted` is the app's signal state. */
export function classifyError(err: unknown, userAborted: boolean): ErrorFacts {
  const exceptionType = className(err);
  if (!isObj(err)) return { outcome: 'error', errorType: ERROR_TYPE_CLIENT, exceptionType, message: scrub(String(err)) };
  const message = typeof err['message'] === 'string' ? scrub(err['message']) : undefined;
  const base: ErrorFacts = { outcome: 'error', exceptionType };
  if (message !== undefined) base.message = message;
  const code = causeCode(err);
  if (code !== undefined) base.causeCode = code;
  if (isAbort(err, exceptionType) && (userAborted || exceptionType === 'APIUserAbortError')) {
    return { ...base, outcome: 'cancelled' };
  }
  if (exceptionType === 'APIConnectionTimeoutError' || (isAbort(err, exceptionType) && !userAborted)) {
    return { ...base, errorType: ERROR_TYPE_TIMEOUT };
  }
  if (isCredentialFailure(err)) return { ...base, errorType: ERROR_TYPE_CREDENTIALS };
  if (exceptionType === 'APIConnectionError') return { ...base, errorType: ERROR_TYPE_CONNECTION };
  const status = typeof err['status'] === 'number' ? err['status'] : undefined;
  const env = envelopeFacts(err['error']);
  const facts: ErrorFacts = { ...base };
  if (status !== undefined) facts.status = status;
  const requestId = typeof err['requestID'] === 'string' ? err['requestID'] : env.requestId;
  if (requestId) facts.requestId = requestId;
  const type = env.type ?? amazonErrorType(err['headers']);
  if (type !== undefined) facts.anthropicType = type;
  if (env.message !== undefined) facts.message = scrub(env.message);
  const errorCode = typeof err['errorCode'] === 'string' ? err['errorCode'] : env.errorCode;
  if (errorCode !== undefined) facts.errorCode = errorCode;
  facts.errorType = type ?? (status !== undefined ? String(status) : err['name'] === 'TypeError' ? ERROR_TYPE_CONNECTION : ERROR_TYPE_CLIENT);
  return facts;
}
