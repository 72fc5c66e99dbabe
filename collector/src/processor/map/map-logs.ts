import { createHash } from 'node:crypto';
import type { ErrorRecord } from '@claude-errors/schemas';
import type { AttrValue, OtlpLogRecord, OtlpResourceLogs } from '../../receiver/otlp-http/otlp-model.js';
import { str } from './attributes.js';
import { ValueChecks, type CheckCounts, type MapOptions } from './checks.js';
import { fieldsFromMessage } from './error-fields.js';
import { eventRow, type EventFacts } from './event-row.js';
import { capMessage } from './message-cap.js';

/**
 * OTLP log records that carry a Claude API error (an exception from the Anthropic SDK, or a body
 * with an Anthropic error envelope) become `call` error rows with source `otlp-log`. Logs without
 * trace context get deterministic ids derived from their content, so a re-sent batch deduplicates.
 */
const CLAUDE_ERROR = /anthropic|overloaded_error|rate_limit_error|invalid_request_error|authentication_error|permission_error|not_found_error|api_error|request_too_large|"type"\s*:\s*"error"|'type': 'error'/i;

export function mapResourceLogs(batch: OtlpResourceLogs[], opts: MapOptions = {}): { records: ErrorRecord[]; ignored: number; checks: CheckCounts } {
  const checks = new ValueChecks(opts);
  const records: ErrorRecord[] = [];
  let ignored = 0;
  for (const rl of batch) {
    const service = str(rl.resource, 'service.name') ?? 'unknown_service';
    for (const sl of rl.scopeLogs) {
      for (const log of sl.logRecords) {
        const rec = mapLog(log, service, rl.resource.get('telemetry.sdk.language') === 'python', checks);
        if (rec) records.push(rec);
        else ignored++;
      }
    }
  }
  return { records, ignored, checks: checks.counts() };
}

function mapLog(log: OtlpLogRecord, service: string, python: boolean, checks: ValueChecks): ErrorRecord | null {
  const a = log.attributes;
  const body = bodyText(log.body);
  const excType = str(a, 'exception.type');
  const excMsg = str(a, 'exception.message');
  const message = excMsg ?? body;
  if (!message || !CLAUDE_ERROR.test(`${excType ?? ''} ${message}`)) return null;
  const stored = capMessage(message);
  const fields = fieldsFromMessage(stored);
  const ids = idsFor(log, service, message);
  const time = checks.time(log.timeMs || checks.receivedAtMs);
  const facts: EventFacts = {
    time,
    trace_id: ids.traceId,
    span_id: ids.spanId,
    parent_span_id: null,
    service,
    source: 'otlp-log',
    sdk: python ? 'anthropic' : null,
    sdk_version: null,
    platform: 'first_party',
    model: str(a, 'gen_ai.request.model'),
    operation: null,
    outcome: 'error',
    http_status: fields.status,
    error_type: fields.errorType ?? excType,
    error_message: stored,
    exception_type: excType,
    request_id: fields.requestId,
    attributes: null,
  };
  return eventRow(facts, checks.adjusted);
}

function bodyText(b: AttrValue): string | null {
  if (typeof b === 'string') return b;
  if (b === null) return null;
  return JSON.stringify(b);
}

function idsFor(log: OtlpLogRecord, service: string, message: string): { traceId: string; spanId: string } {
  const h = createHash('sha256').update(`${service}\u0000${log.timeMs}\u0000${message}`).digest('hex');
  const traceOk = /^[0-9a-f]{32}$/.test(log.traceId) && !/^0+$/.test(log.traceId);
  return { traceId: traceOk ? log.traceId : h.slice(0, 32), spanId: h.slice(32, 48) };
}
