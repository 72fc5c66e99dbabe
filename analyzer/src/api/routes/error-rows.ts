/**
 * Error messages in lists (the /errors page, the live stream, pattern samples) are cut to this many
 * characters, with `message_truncated: true`; the detail route returns the stored message whole.
 * A page of 500 rows with 1 MB messages was 141 MB before.
 */
export const MAX_LIST_MESSAGE_CHARS = 2000;

/** The drill-down row columns shared by /errors and /errors/:trace/:span; lists pass a message cap. */
export function errorRowColumns(maxMessageChars?: number): string {
  const message =
    maxMessageChars === undefined
      ? 'error_message AS message, false AS message_truncated'
      : `left(error_message, ${Math.floor(maxMessageChars)}) AS message, coalesce(length(error_message) > ${Math.floor(maxMessageChars)}, false) AS message_truncated`;
  return `epoch_ms(time) AS time_ms, dedupe_key::VARCHAR AS row_key, kind, service, model, platform, operation, stream,
  http_status AS status, error_type, catalog_id, fingerprint, ${message}, exception_type, request_id, trace_id, span_id,
  attempt, attempts, outcome, retry_after_ms, should_retry, wait_ms, duration_ms, source, sdk, sdk_version, attributes,
  coalesce(surface, 'messages') AS surface`;
}

/** A message as lists carry it: at most MAX_LIST_MESSAGE_CHARS characters, and whether it was cut. */
export function truncateMessage(message: string | null): { message: string | null; message_truncated: boolean } {
  if (message === null || message.length <= MAX_LIST_MESSAGE_CHARS) return { message, message_truncated: false };
  // Never cut a surrogate pair in half.
  const end = /[\uD800-\uDBFF]/.test(message.charAt(MAX_LIST_MESSAGE_CHARS - 1)) ? MAX_LIST_MESSAGE_CHARS - 1 : MAX_LIST_MESSAGE_CHARS;
  return { message: message.slice(0, end), message_truncated: true };
}

export const errorRowSchema = {
  type: 'object',
  properties: {
    time: { type: 'string', format: 'date-time' },
    kind: { type: 'string', enum: ['call', 'attempt'] },
    service: { type: 'string' },
    model: { type: ['string', 'null'] },
    platform: { type: 'string' },
    operation: { type: ['string', 'null'] },
    stream: { type: ['boolean', 'null'] },
    status: { type: ['integer', 'null'] },
    error_type: { type: ['string', 'null'] },
    catalog_id: { type: ['string', 'null'] },
    fingerprint: { type: ['string', 'null'] },
    message: { type: ['string', 'null'], description: `In lists, at most ${MAX_LIST_MESSAGE_CHARS} characters (see message_truncated); whole in the detail route.` },
    message_truncated: { type: 'boolean', description: 'True when a list cut the message; GET /api/v1/errors/{trace_id}/{span_id} has it whole.' },
    exception_type: { type: ['string', 'null'] },
    request_id: { type: ['string', 'null'] },
    trace_id: { type: 'string' },
    span_id: { type: 'string' },
    attempt: { type: 'integer' },
    attempts: { type: ['integer', 'null'] },
    outcome: { type: 'string' },
    retry_after_ms: { type: ['number', 'null'] },
    should_retry: { type: ['boolean', 'null'] },
    wait_ms: { type: ['number', 'null'] },
    duration_ms: { type: ['number', 'null'] },
    source: { type: 'string' },
    sdk: { type: ['string', 'null'] },
    sdk_version: { type: ['string', 'null'] },
    attributes: { type: ['object', 'null'], additionalProperties: true },
    surface: { type: 'string', enum: ['messages', 'batch', 'session', 'mcp'] },
  },
} as const;

/** Turns a raw query row into the API row (ISO time, parsed JSON attributes). */
export function toErrorRow(r: Record<string, unknown>): Record<string, unknown> {
  const { time_ms, row_key: _key, attributes, ...rest } = r;
  return {
    ...rest,
    time: new Date(Number(time_ms)).toISOString(),
    attributes: typeof attributes === 'string' ? (JSON.parse(attributes) as unknown) : (attributes ?? null),
  };
}
