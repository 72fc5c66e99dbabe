import type { ErrorRow } from '@claude-errors/schemas/api';

/**
 * Error messages in lists (the /errors page, the live stream, pattern samples) are cut to this many
 * characters, with `message_truncated: true`; the detail route returns the stored message whole.
 * A page of 500 rows with 1 MB messages was 141 MB before. ErrorRow's `message` in
 * schemas/api.schema.json states this number (a test checks).
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

/** Turns a raw query row into the API row (ISO time, parsed JSON attributes). */
export function toErrorRow(r: Record<string, unknown>): ErrorRow {
  const { time_ms, row_key: _key, attributes, ...rest } = r;
  return {
    // the columns of errorRowColumns, named as ErrorRow names them
    ...(rest as Omit<ErrorRow, 'time' | 'attributes'>),
    time: new Date(Number(time_ms)).toISOString(),
    attributes: typeof attributes === 'string' ? (JSON.parse(attributes) as ErrorRow['attributes']) : ((attributes as ErrorRow['attributes']) ?? null),
  };
}
