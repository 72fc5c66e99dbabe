// Each error status of the catalog, a non-JSON error body, and retry-after honoured and recorded.
import { describe, expect, it } from 'vitest';
import { fates } from '@claude-errors/testkit/fake-api';
import { PARAMS, SDK_VERSIONS, attemptEvents, withoutTimings, useHarness } from './helpers.js';

const h = useHarness();

const CATALOG: Array<[status: number, type: string, message: string]> = [
  [400, 'invalid_request_error', 'messages: first message must use the "user" role'],
  [401, 'authentication_error', 'invalid x-api-key'],
  [402, 'billing_error', 'Your credit balance is too low to access the Anthropic API.'],
  [403, 'permission_error', 'Your API key does not have permission to use the specified resource.'],
  [404, 'not_found_error', 'model: claude-nope'],
  [408, 'request_timeout', 'Request processing exceeded timeout'],
  [413, 'request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
  [422, 'unprocessable_entity', 'The compiled grammar is too large'],
  [429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit'],
  [500, 'api_error', 'Internal server error'],
  [504, 'timeout_error', 'Request timed out'],
  [529, 'overloaded_error', 'Overloaded'],
];

describe.each(SDK_VERSIONS)('error statuses on SDK $label', (v) => {
  it.each(CATALOG)('%i %s: status, type, message and request id on the span and the attempt', async (status, type, message) => {
    h.api.enqueue(fates.error(status, type, { message, shouldRetry: false }));
    const client = await h.client(v);
    const err = await client.messages.create(PARAMS).catch((e: unknown) => e);
    expect((err as { status?: number }).status).toBe(status);
    const [span] = await h.waitForSpans(1);
    const requestId = h.api.requests[0]!.requestId;
    expect(span!.attributes).toMatchObject({
      'anthropic.outcome': 'error',
      'anthropic.attempt.count': 1,
      'http.response.status_code': status,
      'error.type': type,
      'anthropic.error.type': type,
      'anthropic.error.message': message,
      'anthropic.request.id': requestId,
    });
    expect(span!.status).toEqual({ code: 2, message });
    expect(attemptEvents(span!).map(withoutTimings)).toEqual([
      {
        'anthropic.attempt.number': 1,
        'anthropic.attempt.outcome': 'error',
        'http.response.status_code': status,
        'error.type': type,
        'anthropic.error.type': type,
        'anthropic.error.message': message,
        'anthropic.request.id': requestId,
        'anthropic.should_retry': false,
      },
    ]);
  });

  it('error.details.error_code of the body is recorded on the span and the attempt (every SDK version, not only those with errorCode)', async () => {
    const message = 'You have reached your specified API usage limits. You will regain access on 2027-01-01 at 00:00 UTC.';
    h.api.enqueue(fates.error(429, 'rate_limit_error', { message, errorCode: 'enforced_spend_limit_reached', shouldRetry: false }));
    const client = await h.client(v);
    const err = await client.messages.create(PARAMS).catch((e: unknown) => e);
    if (v.version === '1.17.0') expect((err as { errorCode?: unknown }).errorCode).toBe('enforced_spend_limit_reached');
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes).toMatchObject({ 'anthropic.error.code': 'enforced_spend_limit_reached', 'error.type': 'rate_limit_error' });
    expect(attemptEvents(span!)[0]).toMatchObject({ 'anthropic.error.code': 'enforced_spend_limit_reached' });
  });

  it('a non-JSON error body (a proxy page) gives the status as error.type and the text as message', async () => {
    h.api.enqueue(fates.error(502, 'unused', { rawBody: '<html>502 Bad Gateway</html>', shouldRetry: false }));
    const client = await h.client(v);
    await client.messages.create(PARAMS).catch(() => undefined);
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes).toMatchObject({ 'error.type': '502', 'http.response.status_code': 502 });
    expect(attemptEvents(span!)[0]).toMatchObject({ 'error.type': '502', 'anthropic.error.message': '<html>502 Bad Gateway</html>' });
  });

  it('retry-after (seconds) is honoured by the SDK and recorded with the wait before the next attempt', async () => {
    h.api.enqueue(fates.rateLimited({ retryAfter: 0.3, rateLimits: { tokens: { limit: 1000, remaining: 0, reset: 1 } } }));
    const client = await h.client(v);
    await client.messages.create(PARAMS);
    const [span] = await h.waitForSpans(1);
    const [first, second] = attemptEvents(span!);
    expect(first).toMatchObject({
      'error.type': 'rate_limit_error',
      'anthropic.retry_after_ms': 300,
      'anthropic.ratelimit.tokens.limit': 1000,
      'anthropic.ratelimit.tokens.remaining': 0,
    });
    expect(typeof first!['anthropic.ratelimit.tokens.reset']).toBe('string');
    expect(second!['anthropic.attempt.wait_ms']).toBeGreaterThanOrEqual(290);
    expect(second!['anthropic.attempt.outcome']).toBe('success');
  });
});
