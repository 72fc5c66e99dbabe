// A 529 met by messages.create: retried then succeeded, and retries exhausted — on every SDK version.
import { describe, expect, it } from 'vitest';
import { fates } from '@claude-errors/testkit/fake-api';
import { PARAMS, SDK_VERSIONS, attemptEvents, withoutTimings, useHarness } from './helpers.js';

const h = useHarness();

const rl = { requests: { limit: 50, remaining: 49, reset: '2026-11-25T06:00:00Z' }, 'output-tokens': { limit: 8000, remaining: 0 } };

describe.each(SDK_VERSIONS)('529 overloaded on SDK $label', (v) => {
  it('records both failed attempts and the success on one call span', async () => {
    h.api.enqueue(fates.overloaded({ retryAfterMs: 10, rateLimits: rl }), fates.overloaded({ retryAfterMs: 10, shouldRetry: true }));
    const client = await h.client(v);
    const msg = await client.messages.create(PARAMS);
    expect(msg.type).toBe('message');
    const [span] = await h.waitForSpans(1);
    expect(h.spans()).toHaveLength(1);
    const ids = h.api.requests.map((r) => r.requestId);
    expect(span!.attributes).toMatchObject({
      'anthropic.operation': 'messages.create',
      'anthropic.platform': 'first_party',
      'anthropic.sdk.version': v.version,
      'anthropic.outcome': 'success',
      'anthropic.attempt.count': 3,
      'http.response.status_code': 200,
      'anthropic.request.id': ids[2],
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-haiku-4-5',
    });
    expect(span!.attributes['error.type']).toBeUndefined();
    expect(attemptEvents(span!).map(withoutTimings)).toEqual([
      {
        'anthropic.attempt.number': 1,
        'anthropic.attempt.outcome': 'error',
        'http.response.status_code': 529,
        'error.type': 'overloaded_error',
        'anthropic.error.type': 'overloaded_error',
        'anthropic.error.message': 'Overloaded',
        'anthropic.request.id': ids[0],
        'anthropic.retry_after_ms': 10,
        'anthropic.ratelimit.requests.limit': 50,
        'anthropic.ratelimit.requests.remaining': 49,
        'anthropic.ratelimit.requests.reset': '2026-11-25T06:00:00Z',
        'anthropic.ratelimit.output_tokens.limit': 8000,
        'anthropic.ratelimit.output_tokens.remaining': 0,
      },
      {
        'anthropic.attempt.number': 2,
        'anthropic.attempt.outcome': 'error',
        'http.response.status_code': 529,
        'error.type': 'overloaded_error',
        'anthropic.error.type': 'overloaded_error',
        'anthropic.error.message': 'Overloaded',
        'anthropic.request.id': ids[1],
        'anthropic.retry_after_ms': 10,
        'anthropic.should_retry': true,
      },
      {
        'anthropic.attempt.number': 3,
        'anthropic.attempt.outcome': 'success',
        'http.response.status_code': 200,
        'anthropic.request.id': ids[2],
      },
    ]);
    const waits = attemptEvents(span!).map((e) => e['anthropic.attempt.wait_ms'] as number);
    expect(waits[0]).toBe(0);
    expect(waits[1]).toBeGreaterThanOrEqual(9); // retry-after-ms: 10 honoured
  });

  it('records an error call span when retries run out', async () => {
    h.api.setHandler(() => fates.overloaded({ retryAfterMs: 5, message: 'Overloaded for key sk-ant-api03-LEAKED-KEY' }));
    const client = await h.client(v, { maxRetries: 1 });
    const err = await client.messages.create(PARAMS).catch((e: unknown) => e);
    expect((err as { status?: number }).status).toBe(529);
    const [span] = await h.waitForSpans(1);
    const last = h.api.requests.at(-1)!.requestId;
    expect(span!.attributes).toMatchObject({
      'anthropic.outcome': 'error',
      'anthropic.attempt.count': 2,
      'error.type': 'overloaded_error',
      'anthropic.error.type': 'overloaded_error',
      'anthropic.error.message': 'Overloaded for key [REDACTED:anthropic-key]',
      'anthropic.request.id': last,
      'http.response.status_code': 529,
    });
    expect(span!.status.code).toBe(2);
    expect(attemptEvents(span!).map((e) => [e['anthropic.attempt.number'], e['error.type'], e['anthropic.error.message']])).toEqual([
      [1, 'overloaded_error', 'Overloaded for key [REDACTED:anthropic-key]'],
      [2, 'overloaded_error', 'Overloaded for key [REDACTED:anthropic-key]'],
    ]);
    expect(JSON.stringify([span!.attributes, span!.events, span!.status])).not.toContain('LEAKED');
  });
});
