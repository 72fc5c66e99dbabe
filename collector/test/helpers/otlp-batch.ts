// Decoded OTLP batches (what the receivers hand the mapper), built by hand for the mapper's tests.
import { expect } from 'vitest';
import type { ErrorRecord } from '@claude-errors/schemas';
import type { AttrValue, OtlpResourceSpans, OtlpScope, OtlpSpan } from '../../src/receiver/otlp-http/otlp-model.js';

/** Attributes from a plain object. */
export const attrs = (o: Record<string, AttrValue>): Map<string, AttrValue> => new Map(Object.entries(o));

/** This project's instrumentation as the scope of its spans. */
export const INSTRUMENTATION_SCOPE: OtlpScope = { name: '@claude-errors/instrumentation-anthropic', version: '0.1.0' };

/**
 * A batch of one resource with one span from `scope`. The span is a root client span (trace
 * a…a, span b…b, no events, status unset) unless `span` says otherwise.
 */
export function oneSpanBatch(resource: Record<string, AttrValue>, scope: OtlpScope, span: Pick<OtlpSpan, 'name' | 'startMs' | 'endMs'> & Partial<OtlpSpan>): OtlpResourceSpans[] {
  const full: OtlpSpan = {
    traceId: 'a'.repeat(32),
    spanId: 'b'.repeat(16),
    parentSpanId: '',
    kind: 3,
    attributes: new Map(),
    events: [],
    statusCode: 0,
    statusMessage: '',
    ...span,
  };
  return [{ resource: attrs(resource), scopeSpans: [{ scope, spans: [full] }] }];
}

/**
 * The whole row the mapper makes of an error event on a span of this project's instrumentation
 * (a Message Batch result, a session error): a call row of its own (a span id derived from the
 * event), with no duration, attempt, model, HTTP, exception or retry detail; `row` gives the rest.
 */
export function eventRow(row: Partial<ErrorRecord>): Record<string, unknown> {
  return {
    kind: 'call',
    duration_ms: null,
    span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
    attempt: 0,
    attempts: null,
    source: 'claude-errors',
    sdk: '@anthropic-ai/sdk',
    sdk_version: null,
    model: null,
    stream: null,
    outcome: 'error',
    http_status: null,
    exception_type: null,
    retry_after_ms: null,
    should_retry: null,
    wait_ms: null,
    catalog_id: null,
    fingerprint: null,
    ...row,
  };
}
