import { describe, expect, it } from 'vitest';
import { mapResourceSpans } from '@claude-errors/collector';

const T0 = 1_767_225_600_000;
const attrs = (o: Record<string, string | number>) => new Map<string, string | number>(Object.entries(o));

/** A messages.batches.results span of this project's instrumentation, with two result events. */
function resultsSpan() {
  return [
    {
      resource: attrs({ 'service.name': 'batcher' }),
      scopeSpans: [
        {
          scope: { name: '@claude-errors/instrumentation-anthropic', version: '0.1.0' },
          spans: [
            {
              traceId: 'a'.repeat(32),
              spanId: 'b'.repeat(16),
              parentSpanId: '',
              name: 'anthropic.messages.batches.results',
              kind: 3,
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
              statusCode: 0,
              statusMessage: '',
            },
          ],
        },
      ],
    },
  ];
}

describe('Message Batch result events', () => {
  it('each is a call row with surface batch, a child of the results span; the other rows have no surface', () => {
    const { records, rejected } = mapResourceSpans(resultsSpan(), { receivedAtMs: T0 + 1000 });
    expect(rejected).toBe(0);
    expect(records.map((r) => `${r.kind} ${r.surface ?? '-'} ${r.outcome}`)).toEqual(['call - success', 'attempt - success', 'call batch error', 'call batch cancelled']);
    expect(records[0]!.attributes).toMatchObject({ 'anthropic.batch.results.succeeded': 7, 'anthropic.batch.results.errored': 1 });
    const [errored, canceled] = records.slice(2);
    expect(errored).toEqual({
      kind: 'call',
      time: T0 + 10,
      duration_ms: null,
      trace_id: 'a'.repeat(32),
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
      parent_span_id: 'b'.repeat(16),
      attempt: 0,
      attempts: null,
      service: 'batcher',
      source: 'claude-errors',
      sdk: '@anthropic-ai/sdk',
      sdk_version: null,
      platform: 'first_party',
      model: null,
      operation: 'messages.batches.results',
      surface: 'batch',
      stream: null,
      outcome: 'error',
      http_status: null,
      error_type: 'invalid_request_error',
      error_message: 'prompt is too long',
      exception_type: null,
      request_id: 'req_011Cx',
      retry_after_ms: null,
      should_retry: null,
      wait_ms: null,
      catalog_id: null,
      fingerprint: null,
      attributes: { 'anthropic.batch.custom_id': 'req-7', 'anthropic.batch.result.type': 'errored', 'anthropic.message.batch.id': 'msgbatch_1' },
    });
    expect(canceled).toMatchObject({ outcome: 'cancelled', error_type: 'batch_canceled', request_id: null });
    expect(new Set([errored!.span_id, canceled!.span_id, 'b'.repeat(16)]).size).toBe(3);
    // The same span again (a replay) gives the same ids: the store dedupes it.
    expect(mapResourceSpans(resultsSpan(), { receivedAtMs: T0 + 1000 }).records.map((r) => r.span_id)).toEqual(records.map((r) => r.span_id));
  });
});
