import type { ErrorRecord } from '@claude-errors/schemas';
import { markTimeAdjusted, type TimeAdjustment } from './checks.js';

/**
 * A call row with no HTTP exchange of its own: an error read from a log record (map-logs.ts) or a
 * failed Message Batch result (map-spans.ts). It has no duration, attempts, stream, retry detail or
 * classification (the analyzer classifies); every field it does not name here is null.
 */
type EventKey =
  | 'time'
  | 'trace_id'
  | 'span_id'
  | 'parent_span_id'
  | 'service'
  | 'source'
  | 'sdk'
  | 'sdk_version'
  | 'platform'
  | 'model'
  | 'operation'
  | 'outcome'
  | 'http_status'
  | 'error_type'
  | 'error_message'
  | 'exception_type'
  | 'request_id'
  | 'attributes';

/** Every named field set (null when unknown); `surface` only on the rows that have one. */
export type EventFacts = { [K in EventKey]-?: Exclude<ErrorRecord[K], undefined> } & Pick<ErrorRecord, 'surface'>;

/** The row in the record's column order, `surface` only when given; marked when its time was adjusted. */
export function eventRow(f: EventFacts, adjusted: TimeAdjustment | null): ErrorRecord {
  const row: ErrorRecord = {
    kind: 'call',
    time: f.time,
    duration_ms: null,
    trace_id: f.trace_id,
    span_id: f.span_id,
    parent_span_id: f.parent_span_id,
    attempt: 0,
    attempts: null,
    service: f.service,
    source: f.source,
    sdk: f.sdk,
    sdk_version: f.sdk_version,
    platform: f.platform,
    model: f.model,
    operation: f.operation,
    ...(f.surface === undefined ? null : { surface: f.surface }),
    stream: null,
    outcome: f.outcome,
    http_status: f.http_status,
    error_type: f.error_type,
    error_message: f.error_message,
    exception_type: f.exception_type,
    request_id: f.request_id,
    retry_after_ms: null,
    should_retry: null,
    wait_ms: null,
    catalog_id: null,
    fingerprint: null,
    attributes: f.attributes,
  };
  if (adjusted !== null) markTimeAdjusted(row, adjusted);
  return row;
}
