/**
 * Pulls an HTTP status and an Anthropic error type out of an error message when the span did not
 * record them as attributes (OpenLLMetry, OpenInference and Python spans only keep the exception
 * message). Shapes: the TypeScript SDK's `529 {"type":"error","error":{"type":"overloaded_error",…}}`
 * and the Python SDK's `Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', …}}`.
 * The analyzer's classifier does the full parsing; this only fills the status and type columns.
 */
const LEADING_STATUS = /^(?:Error code: )?([1-5]\d\d)\b/;
const ERROR_TYPE = /["']error["']\s*:\s*\{\s*["']type["']\s*:\s*["']([a-z_]+)["']/;
const REQUEST_ID = /["']request_id["']\s*:\s*["'](req_[A-Za-z0-9]+)["']/;

export interface MessageFields {
  status: number | null;
  errorType: string | null;
  requestId: string | null;
}

export function fieldsFromMessage(message: string | null): MessageFields {
  if (!message) return { status: null, errorType: null, requestId: null };
  const s = LEADING_STATUS.exec(message);
  const t = ERROR_TYPE.exec(message);
  const r = REQUEST_ID.exec(message);
  return { status: s ? Number(s[1]) : null, errorType: t ? t[1]! : null, requestId: r ? r[1]! : null };
}
