/**
 * What to conclude when no message rule matched: from the API error type, then the platform and
 * status together, then the status alone. A 400 with an unrecognised message stays unknown on
 * purpose: its fingerprint is more useful than a generic "bad request".
 */
export const BY_ERROR_TYPE: Readonly<Record<string, string>> = {
  overloaded_error: 'overloaded',
  rate_limit_error: 'rate-limit-requests',
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
};

export const BY_PLATFORM_STATUS: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  bedrock: { 400: 'bedrock-validation', 403: 'bedrock-access-denied', 429: 'bedrock-throttling' },
  vertex: { 403: 'vertex-permission-denied', 429: 'vertex-resource-exhausted' },
};

export const BY_STATUS: Readonly<Record<number, string>> = {
  401: 'invalid-api-key',
  402: 'billing-error',
  403: 'permission-denied',
  404: 'not-found',
  408: 'request-timeout',
  409: 'conflict',
  413: 'request-too-large',
  422: 'schema-too-complex',
  424: 'bedrock-model-stream-error',
  429: 'rate-limit-requests',
  500: 'internal-server-error',
  502: 'service-unavailable',
  503: 'service-unavailable',
  504: 'gateway-timeout',
  529: 'overloaded',
};

/** SDK exception class names that imply a status when the message carries none. */
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
