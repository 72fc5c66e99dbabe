import { describe, expect, it } from 'vitest';
import { mapResourceSpans } from '@claude-errors/collector';
import { attrs, oneSpanBatch } from './helpers/otlp-batch.js';

/** An OpenLLMetry (Python) span as opentelemetry-instrumentation-anthropic 0.62 ends a failed call. */
function openllmetrySpan(errorType: string, message: string | null) {
  return oneSpanBatch({ 'service.name': 'py', 'telemetry.sdk.language': 'python' }, { name: 'opentelemetry.instrumentation.anthropic', version: '0.62.4' }, {
    name: 'anthropic.chat',
    startMs: 1_700_000_000_000,
    endMs: 1_700_000_000_100,
    attributes: attrs({ 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-sonnet-4-5', 'error.type': errorType }),
    events: message === null ? [] : [{ name: 'exception', timeMs: 1_700_000_000_100, attributes: attrs({ 'exception.type': `anthropic.${errorType}`, 'exception.message': message }) }],
    statusCode: 2,
    statusMessage: message ?? '',
  });
}

describe('error_type of spans whose error.type is an exception class name', () => {
  it("takes the API's envelope type from the message over the class name", () => {
    const msg = "Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'slow down'}, 'request_id': 'req_011abc'}";
    const [call] = mapResourceSpans(openllmetrySpan('RateLimitError', msg)).records;
    expect(call).toMatchObject({ kind: 'call', source: 'python-otel', sdk: 'anthropic', http_status: 429, error_type: 'rate_limit_error', exception_type: 'anthropic.RateLimitError', request_id: 'req_011abc' });
  });

  it('falls back to the exception type, then to the class name, when the message has no envelope', () => {
    expect(mapResourceSpans(openllmetrySpan('APIConnectionError', 'Connection error.')).records[0]!.error_type).toBe('anthropic.APIConnectionError');
    expect(mapResourceSpans(openllmetrySpan('APIConnectionError', null)).records[0]!.error_type).toBe('APIConnectionError');
  });

  it('keeps a snake_case error.type (the SDK and this instrumentation set the envelope type)', () => {
    expect(mapResourceSpans(openllmetrySpan('overloaded_error', 'boom')).records[0]!.error_type).toBe('overloaded_error');
  });
});
