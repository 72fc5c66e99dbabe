// SDK-side failures: connection refused, timeout, socket reset / closed — exception class and cause code.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fates } from '@claude-errors/testkit/fake-api';
import { PARAMS, SDK_VERSIONS, attemptEvents, withoutTimings, useHarness } from './helpers.js';

const h = useHarness();

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe.each(SDK_VERSIONS)('connection failures on SDK $label', (v) => {
  it('connection refused: connection_error with ECONNREFUSED on the call and on each attempt', async () => {
    const port = await closedPort();
    const client = await h.client(v, { baseURL: `http://127.0.0.1:${port}`, maxRetries: 1 });
    const err = await client.messages.create(PARAMS).catch((e: unknown) => e);
    expect((err as Error).constructor.name).toBe('APIConnectionError');
    const span = await h.errorSpan('connection_error', {
      'anthropic.attempt.count': 2,
      'exception.type': 'APIConnectionError',
      'anthropic.exception.cause_code': 'ECONNREFUSED',
      'server.port': port,
    });
    expect(span.attributes['http.response.status_code']).toBeUndefined();
    const events = attemptEvents(span).map(withoutTimings);
    expect(events).toHaveLength(2);
    for (const [i, e] of events.entries()) {
      expect(e).toMatchObject({
        'anthropic.attempt.number': i + 1,
        'anthropic.attempt.outcome': 'error',
        'error.type': 'connection_error',
        'anthropic.exception.cause_code': 'ECONNREFUSED',
      });
      expect(typeof e['exception.type']).toBe('string');
    }
    expect(span.events.some((e) => e.name === 'exception' && e.attributes?.['exception.type'] === 'APIConnectionError')).toBe(true);
  });

  it('timeout: client_timeout_error on the call and each attempt', async () => {
    h.api.setHandler(() => fates.success({ delayMs: 1_000 }));
    const client = await h.client(v, { timeout: 80, maxRetries: 1 });
    const err = await client.messages.create(PARAMS).catch((e: unknown) => e);
    expect((err as Error).constructor.name).toBe('APIConnectionTimeoutError');
    const span = await h.errorSpan('client_timeout_error', { 'anthropic.attempt.count': 2, 'exception.type': 'APIConnectionTimeoutError' });
    expect(attemptEvents(span).map((e) => [e['anthropic.attempt.outcome'], e['error.type'], e['exception.type']])).toEqual([
      ['error', 'client_timeout_error', 'AbortError'],
      ['error', 'client_timeout_error', 'AbortError'],
    ]);
    expect(attemptEvents(span)[0]!['anthropic.attempt.duration_ms']).toBeGreaterThanOrEqual(70);
  });

  it('socket reset (ECONNRESET) then success: the reset attempt is recorded with its cause code', async () => {
    h.api.enqueue(fates.hangUp());
    const client = await h.client(v, { maxRetries: 1 });
    await client.messages.create(PARAMS);
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes['anthropic.outcome']).toBe('success');
    const [first, second] = attemptEvents(span!);
    expect(first).toMatchObject({
      'anthropic.attempt.number': 1,
      'anthropic.attempt.outcome': 'error',
      'error.type': 'connection_error',
      'anthropic.exception.cause_code': 'ECONNRESET',
    });
    expect(second).toMatchObject({ 'anthropic.attempt.number': 2, 'anthropic.attempt.outcome': 'success', 'http.response.status_code': 200 });
  });

  it('socket closed without an answer: connection_error with the socket error code', async () => {
    h.api.setHandler(() => fates.hangUp({ reset: false }));
    const client = await h.client(v, { maxRetries: 0 });
    await client.messages.create(PARAMS).catch(() => undefined);
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes['error.type']).toBe('connection_error');
    // undici says UND_ERR_SOCKET; node-fetch (0.x) says ECONNRESET ("socket hang up").
    expect(['UND_ERR_SOCKET', 'ECONNRESET']).toContain(span!.attributes['anthropic.exception.cause_code']);
  });
});
