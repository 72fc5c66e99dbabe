import { describe, expect, it } from 'vitest';
import { bearerMatches, secretEquals } from '../src/token.js';

describe('secret comparison', () => {
  it('accepts exactly the secret', () => {
    expect(secretEquals('s3cret', 's3cret')).toBe(true);
    expect(bearerMatches('Bearer s3cret', 's3cret')).toBe(true);
  });
  it('refuses other values, other lengths, other schemes and non-strings', () => {
    expect(secretEquals('s3creT', 's3cret')).toBe(false);
    expect(secretEquals('s3cret ', 's3cret')).toBe(false);
    expect(secretEquals('', 's3cret')).toBe(false);
    expect(secretEquals(undefined, 's3cret')).toBe(false);
    expect(secretEquals(['s3cret'], 's3cret')).toBe(false);
    expect(bearerMatches('s3cret', 's3cret')).toBe(false);
    expect(bearerMatches('Basic s3cret', 's3cret')).toBe(false);
    expect(bearerMatches('Bearer s3cret2', 's3cret')).toBe(false);
  });
});
