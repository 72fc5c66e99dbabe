import { describe, expect, it } from 'vitest';
import { errorCatalog } from '@claude-errors/schemas';
import { classify } from '../src/processor/classify/index.js';

// The API's error.details.error_code is structured evidence: it names the cause before any
// message pattern, status or error type does. Bodies as the API sends them (SDK 1.17's types).
const envelope = (type: string, message: string, code: string) =>
  JSON.stringify({ type: 'error', error: { type, message, details: { error_code: code } }, request_id: 'req_011CXyz' });

describe('classification by error_code', () => {
  it('every error code in the catalog names its entry, given as a field', () => {
    const codes = errorCatalog.entries.flatMap((e) => (e.match?.error_codes ?? []).map((c) => [c, e.id] as const));
    expect(codes.length).toBe(new Set(codes.map(([c]) => c)).size); // one entry per code
    expect(codes.length).toBeGreaterThanOrEqual(14);
    for (const [code, id] of codes) {
      expect(classify({ status: 400, error_code: code, message: 'something else entirely' }), code).toMatchObject({ catalog_id: id, matched_by: 'error_code' });
    }
  });

  it('wins over the message and the error type: a 429 rate_limit_error with enforced_spend_limit_reached is a spend limit, not a rate limit', () => {
    const msg = envelope('rate_limit_error', 'This request would exceed your organization\u2019s rate limit.', 'enforced_spend_limit_reached');
    expect(classify({ status: 429, message: msg })).toMatchObject({ catalog_id: 'usage-limit-reached', matched_by: 'error_code', confidence: 0.98 });
    // the same body without the code is a rate limit that names no limit (requests or tokens)
    expect(classify({ status: 429, message: envelope('rate_limit_error', 'This request would exceed your organization\u2019s rate limit.', 'x').replace(',"details":{"error_code":"x"}', '') }).catalog_id).toBe('rate-limited');
  });

  it('reads the code from the anthropic.error.code attribute the instrumentation records', () => {
    expect(classify({ status: 503, error_type: 'api_error', attributes: { 'anthropic.error.code': 'cmek_key_unreachable' } })).toMatchObject({ catalog_id: 'cmek-key-unavailable', guide_id: null });
    expect(classify({ status: 429, attributes: { 'anthropic.error.code': 'ramp_limit_exceeded' } })).toMatchObject({ catalog_id: 'ramp-limit-exceeded', guide_id: 'rate-limit-requests' });
  });

  it('reads it from an envelope printed in a log line, escaped JSON included', () => {
    const line = `anthropic.RateLimitError: Error code: 429 - ${envelope('rate_limit_error', 'over the contract', 'contract_spend_limit_reached')}`;
    expect(classify({ message: line }).catalog_id).toBe('usage-limit-reached');
    const escaped = JSON.stringify({ msg: envelope('invalid_request_error', 'no', 'organization_url_fetch_disabled') });
    expect(classify({ message: escaped }).catalog_id).toBe('url-fetch-disabled');
  });

  it('an error code the catalog does not know changes nothing', () => {
    expect(classify({ status: 529, error_code: 'some_future_code', message: 'Overloaded' }).catalog_id).toBe('overloaded');
  });
});
