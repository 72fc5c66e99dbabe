// Attempt attributes from response headers: one pass over iterable Headers, get() for other header objects.
import { describe, expect, it } from 'vitest';
import type { Attributes } from '@opentelemetry/api';
import { responseHeaderAttributes } from '../src/response-headers.js';

const FIRST_PARTY: Record<string, string> = {
  'request-id': 'req_011CUyz',
  'retry-after': '7',
  'x-should-retry': 'true',
  'content-type': 'application/json',
  'anthropic-ratelimit-requests-limit': '50',
  'anthropic-ratelimit-requests-remaining': '0',
  'anthropic-ratelimit-requests-reset': '2026-12-05T02:00:07Z',
  'anthropic-ratelimit-tokens-limit': '80000',
  'anthropic-ratelimit-tokens-remaining': 'n/a',
  'anthropic-ratelimit-input-tokens-remaining': '',
  'anthropic-ratelimit-output-tokens-reset': '2026-12-05T02:00:09Z',
  'cf-ray': '8f00',
  authorization: 'Bearer must-not-appear',
};

/** A header object that can only be asked by name, as some fetch implementations give. */
const getOnly = (h: Headers) => ({ get: (name: string) => h.get(name) });

function read(headers: Parameters<typeof responseHeaderAttributes>[0]): { attrs: Attributes; contentType: string | undefined } {
  const attrs: Attributes = {};
  const contentType = responseHeaderAttributes(headers, attrs);
  return { attrs, contentType };
}

describe('responseHeaderAttributes', () => {
  it('reads request id, retry hints and rate limits from iterable Headers', () => {
    const { attrs, contentType } = read(new Headers(FIRST_PARTY));
    expect(contentType).toBe('application/json');
    expect(attrs).toEqual({
      'anthropic.request.id': 'req_011CUyz',
      'anthropic.retry_after_ms': 7000,
      'anthropic.should_retry': true,
      'anthropic.ratelimit.requests.limit': 50,
      'anthropic.ratelimit.requests.remaining': 0,
      'anthropic.ratelimit.requests.reset': '2026-12-05T02:00:07Z',
      'anthropic.ratelimit.tokens.limit': 80000,
      'anthropic.ratelimit.tokens.remaining': 'n/a',
      'anthropic.ratelimit.output_tokens.reset': '2026-12-05T02:00:09Z',
    });
  });

  it('gives the same attributes from a header object that only has get()', () => {
    for (const headers of [
      FIRST_PARTY,
      { 'x-amzn-requestid': 'amzn-1', 'retry-after-ms': '250', 'retry-after': '9', 'x-should-retry': 'false' },
      { 'request-id': '', 'x-amzn-requestid': 'amzn-2', 'content-type': 'text/event-stream; charset=utf-8' },
      {},
    ]) {
      const h = new Headers(headers);
      expect(read(getOnly(h))).toEqual(read(h));
    }
  });

  it('prefers retry-after-ms to retry-after, and request-id to x-amzn-requestid', () => {
    const { attrs } = read(new Headers({ 'request-id': 'req_1', 'x-amzn-requestid': 'amzn', 'retry-after-ms': '250', 'retry-after': '9' }));
    expect(attrs['anthropic.request.id']).toBe('req_1');
    expect(attrs['anthropic.retry_after_ms']).toBe(250);
  });

  it('reads an iterable header object whose names are not in lower case', () => {
    const pairs: Array<[string, string]> = [['Request-Id', 'req_3'], ['Retry-After-Ms', '40'], ['Anthropic-RateLimit-Tokens-Remaining', '12']];
    const custom = { get: (name: string) => pairs.find(([k]) => k.toLowerCase() === name)?.[1] ?? null, [Symbol.iterator]: () => pairs[Symbol.iterator]() };
    expect(read(custom).attrs).toEqual({ 'anthropic.request.id': 'req_3', 'anthropic.retry_after_ms': 40, 'anthropic.ratelimit.tokens.remaining': 12 });
  });

  it('reads header names in any case, and repeated headers as one value', () => {
    const h = new Headers([
      ['Request-Id', 'req_2'],
      ['Anthropic-RateLimit-Requests-Reset', 'a'],
      ['anthropic-ratelimit-requests-reset', 'b'],
    ]);
    const { attrs } = read(h);
    expect(attrs['anthropic.request.id']).toBe('req_2');
    expect(attrs['anthropic.ratelimit.requests.reset']).toBe(h.get('anthropic-ratelimit-requests-reset'));
    expect(attrs['anthropic.ratelimit.requests.reset']).toBe('a, b');
  });
});
