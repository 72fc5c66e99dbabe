/**
 * What to conclude when no message rule matched: from the API error type, then the platform and
 * status together, then the status alone. A 400 with an unrecognised message stays unknown on
 * purpose: its fingerprint is more useful than a generic "bad request".
 */
export const BY_ERROR_TYPE: Readonly<Record<string, string>> = {
  overloaded_error: 'overloaded',
  // A rate_limit_error names no limit by itself; the message's words (requests, tokens) do.
  rate_limit_error: 'rate-limited',
  authentication_error: 'invalid-api-key',
  permission_error: 'permission-denied',
  not_found_error: 'not-found',
  request_too_large: 'request-too-large',
  api_error: 'internal-server-error',
  billing_error: 'billing-error',
  timeout_error: 'gateway-timeout',
  conflict_error: 'conflict',
  request_timeout: 'request-timeout',
  unprocessable_entity: 'schema-too-complex',
  ThrottlingException: 'bedrock-throttling',
  ValidationException: 'bedrock-validation',
  AccessDeniedException: 'bedrock-access-denied',
  ModelStreamErrorException: 'bedrock-model-stream-error',
  ServiceUnavailableException: 'service-unavailable',
  InternalServerException: 'internal-server-error',
  ModelTimeoutException: 'gateway-timeout',
  RESOURCE_EXHAUSTED: 'vertex-resource-exhausted',
  PERMISSION_DENIED: 'vertex-permission-denied',
  UNAVAILABLE: 'service-unavailable',
  DEADLINE_EXCEEDED: 'gateway-timeout',
  // session.error events of Managed Agents sessions (their error type, with no HTTP status)
  model_overloaded_error: 'session-model-overloaded',
  model_rate_limited_error: 'session-model-rate-limited',
  model_request_failed_error: 'session-model-request-failed',
  mcp_connection_failed_error: 'mcp-connection-failed',
  mcp_authentication_failed_error: 'mcp-authentication-failed',
  mcp_tool_error: 'mcp-tool-error',
  DeploymentNotFound: 'foundry-deployment-not-found',
  UnrecognizedClientException: 'aws-credentials-invalid',
  ResourceNotFoundException: 'not-found',
  ModelNotReadyException: 'service-unavailable',
};

/**
 * AWS exception names as they appear anywhere in a message (`ValidationException: …`, a litellm
 * `throttlingException`), read only after no message rule matched: the exception says which
 * platform refused the call, the message's own words say why (issue 11: a ValidationException
 * about max_tokens is a max_tokens error, not a generic Bedrock validation error).
 */
const AWS_EXCEPTION_RE =
  /\b(throttlingexception|validationexception|accessdeniedexception|modelstreamerrorexception|serviceunavailableexception|internalserverexception|modeltimeoutexception|unrecognizedclientexception|resourcenotfoundexception|modelnotreadyexception)\b/i;
const AWS_EXCEPTION_NAMES = new Map(
  ['ThrottlingException', 'ValidationException', 'AccessDeniedException', 'ModelStreamErrorException', 'ServiceUnavailableException', 'InternalServerException', 'ModelTimeoutException', 'UnrecognizedClientException', 'ResourceNotFoundException', 'ModelNotReadyException'].map((n) => [n.toLowerCase(), n]),
);

/** Words (lowercase) one of which AWS_EXCEPTION_RE needs, a whole word of the text: a rule gate that saw none skips it. */
export const AWS_EXCEPTION_WORDS: readonly string[] = [...AWS_EXCEPTION_NAMES.keys()];

/** The AWS exception named in `text`, in its canonical spelling, or null. */
export function awsExceptionIn(text: string): string | null {
  const m = AWS_EXCEPTION_RE.exec(text);
  return m ? (AWS_EXCEPTION_NAMES.get(m[1]!.toLowerCase()) ?? null) : null;
}

/**
 * The Claude API's error types printed bare, a whole word of the text (`Evidence: 404
 * not_found_error model: …`, a wrapper that logs the status and the type but no envelope), read
 * like an AWS exception: after no message rule matched and only when no `"type": …` was parsed.
 * A type inside a longer identifier (`handle_api_error`) is not one: `_` is a word character.
 */
const API_ERROR_TYPE_RE =
  /\b(overloaded_error|rate_limit_error|authentication_error|permission_error|not_found_error|request_too_large|api_error|billing_error|timeout_error)\b/;

/** Words (lowercase) one of which API_ERROR_TYPE_RE needs, a whole word of the text: a rule gate that saw none skips it. */
export const API_ERROR_TYPE_WORDS: readonly string[] = API_ERROR_TYPE_RE.source.slice(3, -3).split('|');

/** The API error type printed bare in `text`, or null. */
export function apiErrorTypeIn(text: string): string | null {
  return API_ERROR_TYPE_RE.exec(text)?.[1] ?? null;
}

export const BY_PLATFORM_STATUS: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  bedrock: { 400: 'bedrock-validation', 403: 'bedrock-access-denied', 429: 'bedrock-throttling' },
  vertex: { 403: 'vertex-permission-denied', 429: 'vertex-resource-exhausted' },
};

export const BY_STATUS: Readonly<Record<number, string>> = {
  401: 'invalid-api-key',
  402: 'billing-error',
  // A 403 alone names no permission (a CDN page, a refused region); permission_error does.
  403: 'forbidden',
  404: 'not-found',
  408: 'request-timeout',
  409: 'conflict',
  413: 'request-too-large',
  422: 'schema-too-complex',
  424: 'bedrock-model-stream-error',
  // A 429 alone names no limit: requests and tokens per minute are two guide rows.
  429: 'rate-limited',
  500: 'internal-server-error',
  502: 'service-unavailable',
  503: 'service-unavailable',
  504: 'gateway-timeout',
  // Cloudflare's own 52x pages: the origin failed (520), was unreachable (521-523) or too slow (524).
  520: 'internal-server-error',
  521: 'service-unavailable',
  522: 'service-unavailable',
  523: 'service-unavailable',
  524: 'gateway-timeout',
  529: 'overloaded',
};

/**
 * SDK exception class names that imply a status when the message carries none. Looked up without
 * their namespaces (`anthropic.`, the Ruby SDK's `Anthropic::Errors::`, a Ruby client's `RubyLLM::`):
 * ruby_llm raises `RubyLLM::ServiceUnavailableError` with only its own fallback text for a 502 or 503
 * (`API server unavailable - please try again later`).
 */
export const STATUS_BY_EXCEPTION: Readonly<Record<string, number>> = {
  BadRequestError: 400,
  AuthenticationError: 401,
  PermissionDeniedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  RequestTooLargeError: 413,
  UnprocessableEntityError: 422,
  RateLimitError: 429,
  InternalServerError: 500,
  ServiceUnavailableError: 503,
  DeadlineExceededError: 504,
  OverloadedError: 529,
};

/** The names of STATUS_BY_EXCEPTION (lowercase): a message whose words include none implies no status by its exception name. */
export const STATUS_EXCEPTION_WORDS: readonly string[] = Object.keys(STATUS_BY_EXCEPTION).map((n) => n.toLowerCase());
