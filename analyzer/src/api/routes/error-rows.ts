/** The drill-down row shape shared by /errors, /errors/:trace/:span and the live stream. */
export const ERROR_ROW_COLUMNS = `epoch_ms(time) AS time_ms, dedupe_key::VARCHAR AS row_key, kind, service, model, platform, operation, stream,
  http_status AS status, error_type, catalog_id, fingerprint, error_message AS message, exception_type, request_id, trace_id, span_id,
  attempt, attempts, outcome, retry_after_ms, should_retry, wait_ms, duration_ms, source, sdk, sdk_version, attributes`;

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
    message: { type: ['string', 'null'] },
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
