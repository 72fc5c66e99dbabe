import { describe, expect, it } from 'vitest';
import { errorCatalog, guideEntries, guideIdOf } from '@claude-errors/schemas';

describe('every catalog entry rolls up to a guide row or to none', () => {
  it('the guide has 27 rows, and they refine nothing', () => {
    expect(guideEntries).toHaveLength(27);
    for (const e of guideEntries) expect(e.refines, e.id).toBeNull();
  });
  it('refines names a guide row, never another refinement or a missing id', () => {
    const guideIds = new Set(guideEntries.map((e) => e.id));
    for (const e of errorCatalog.entries) {
      if (e.refines !== null) expect(guideIds.has(e.refines), `${e.id} refines ${e.refines}`).toBe(true);
    }
  });
  it("another service's error is no guide row and refines none: the request did not go to Claude", () => {
    const another = errorCatalog.entries.filter((e) => e.another_service === true);
    expect(another.map((e) => e.id).sort()).toEqual(['aws-other-service-error', 'google-other-service-error', 'other-service-connection-error', 'other-vendor-api-error']);
    for (const e of another) expect([e.guide ?? false, e.refines], e.id).toEqual([false, null]);
  });
  it("a shared wording is a Claude API cause other providers word alike: never another service's error", () => {
    const shared = errorCatalog.entries.filter((e) => e.shared_wording === true);
    expect(shared.map((e) => e.id).sort()).toEqual([
      'api-key-missing',
      'credit-balance-too-low',
      'internal-server-error',
      'invalid-api-key',
      'not-found',
      'overloaded',
      'permission-denied',
      'rate-limited',
      'request-too-large',
      'subscription-limit',
      'thinking-blocks-invalid',
      'vertex-resource-exhausted',
    ]);
    for (const e of shared) expect(e.another_service ?? false, e.id).toBe(false);
  });
  it('guideIdOf maps guide rows to themselves, refinements to their row, the rest to null', () => {
    expect(guideIdOf('overloaded')).toBe('overloaded');
    expect(guideIdOf('api-key-missing')).toBe('invalid-api-key');
    expect(guideIdOf('vertex-resource-exhausted')).toBe('rate-limit-requests');
    // a ThrottlingException names no limit: it refines neither rate-limit row
    expect(guideIdOf('bedrock-throttling')).toBeNull();
    expect(guideIdOf('credit-balance-too-low')).toBeNull();
    expect(guideIdOf('unknown')).toBeNull();
    expect(guideIdOf('no-such-entry')).toBeNull();
    expect(guideIdOf(null)).toBeNull();
  });
});
