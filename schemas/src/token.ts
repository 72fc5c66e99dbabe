import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * True when `given` equals `expected`, compared in constant time: both sides are hashed to the
 * same length first, so neither the content nor the length of the secret leaks through timing.
 */
export function secretEquals(given: unknown, expected: string): boolean {
  return typeof given === 'string' && timingSafeEqual(digest(given), digest(expected));
}

/** True when an `Authorization` header value is `Bearer <token>` for exactly this token. */
export function bearerMatches(header: unknown, token: string): boolean {
  return secretEquals(header, `Bearer ${token}`);
}
