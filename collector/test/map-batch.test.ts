import { describe, expect, it } from 'vitest';
import { mapResourceSpans } from '@claude-errors/collector';
import { attrs, eventRow, INSTRUMENTATION_SCOPE, oneSpanBatch } from './helpers/otlp-batch.js';

const T0 = 1_767_225_600_000;

/** A messages.batches.results span of this project's instrumentation, with two result events. */
function resultsSpan() {
  return oneSpanBatch({ 'service.name': 'batcher' }, INSTRUMENTATION_SCOPE, {
    name: 'anthropic.messages.batches.results',
    startMs: T0,
    endMs: T0 + 50,
    attributes: attrs({
      'anthropic.operation': 'messages.batches.results',
      'anthropic.outcome': 'success',
      'anthropic.attempt.count': 1,
      'http.response.status_code': 200,
      'anthropic.message.batch.id': 'msgbatch_1',
      'anthropic.batch.results.succeeded': 7,
      'anthropic.batch.results.errored': 1,
      'anthropic.batch.results.canceled': 1,
      'anthropic.batch.results.expired': 0,
    }),
    events: [
      { name: 'anthropic.attempt', timeMs: T0, attributes: attrs({ 'anthropic.attempt.number': 1, 'anthropic.attempt.outcome': 'success', 'http.response.status_code': 200 }) },
      {
        name: 'anthropic.batch.result',
        timeMs: T0 + 10,
        attributes: attrs({
          'anthropic.batch.custom_id': 'req-7',
          'anthropic.batch.result.type': 'errored',
          'error.type': 'invalid_request_error',
          'anthropic.error.type': 'invalid_request_error',
          'anthropic.error.message': 'prompt is too long',
          'anthropic.request.id': 'req_011Cx',
        }),
      },
      { name: 'anthropic.batch.result', timeMs: T0 + 20, attributes: attrs({ 'anthropic.batch.custom_id': 'req-9', 'anthropic.batch.result.type': 'canceled', 'error.type': 'batch_canceled' }) },
    ],
  });
}

describe('Message Batch result events', () => {
  it('each is a call row with surface batch, a child of the results span; the other rows have no surface', () => {
    const { records, rejected } = mapResourceSpans(resultsSpan(), { receivedAtMs: T0 + 1000 });
    expect(rejected).toBe(0);
    expect(records.map((r) => `${r.kind} ${r.surface ?? '-'} ${r.outcome}`)).toEqual(['call - success', 'attempt - success', 'call batch error', 'call batch cancelled']);
    expect(records[0]!.attributes).toMatchObject({ 'anthropic.batch.results.succeeded': 7, 'anthropic.batch.results.errored': 1 });
    const [errored, canceled] = records.slice(2);
    expect(errored).toEqual(
      eventRow({
        time: T0 + 10,
        trace_id: 'a'.repeat(32),
        parent_span_id: 'b'.repeat(16),
        service: 'batcher',
        platform: 'first_party',
        operation: 'messages.batches.results',
        surface: 'batch',
        error_type: 'invalid_request_error',
        error_message: 'prompt is too long',
        request_id: 'req_011Cx',
        attributes: { 'anthropic.batch.custom_id': 'req-7', 'anthropic.batch.result.type': 'errored', 'anthropic.message.batch.id': 'msgbatch_1' },
      }),
    );
    expect(canceled).toMatchObject({ outcome: 'cancelled', error_type: 'batch_canceled', request_id: null });
    expect(new Set([errored!.span_id, canceled!.span_id, 'b'.repeat(16)]).size).toBe(3);
    // The same span again (a replay) gives the same ids: the store dedupes it.
    expect(mapResourceSpans(resultsSpan(), { receivedAtMs: T0 + 1000 }).records.map((r) => r.span_id)).toEqual(records.map((r) => r.span_id));
  });
});
