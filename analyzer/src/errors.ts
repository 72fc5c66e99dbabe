/** Error codes of the analyzer. Each is documented in docs/errors.md. */
export const ErrorCodes = {
  STORE_OPEN: 'CE_ERR_STORE_OPEN',
  STORE_WRITE: 'CE_ERR_STORE_WRITE',
  MIGRATION: 'CE_ERR_MIGRATION',
  BAD_PARAMETER: 'CE_ERR_BAD_PARAMETER',
  UNAUTHORIZED: 'CE_ERR_UNAUTHORIZED',
  NOT_FOUND: 'CE_ERR_NOT_FOUND',
  CONFIG_INVALID: 'CE_ERR_CONFIG_INVALID',
} as const;
