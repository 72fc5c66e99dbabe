// Removes secrets from every string this instrumentation records, with the project's one secret
// scrubber (a generated copy in secret-scrub.ts: this published package does not depend on the
// private @claude-errors/schemas package where it lives).
import { scrubSecrets } from './secret-scrub.js';

export function scrub(text: string): string {
  return scrubSecrets(text);
}

/** Scrubs and cuts `text` to at most `maxBytes` UTF-8 bytes (ending with … when cut). */
export function scrubAndCap(text: string, maxBytes: number): string {
  const clean = scrub(text);
  if (Buffer.byteLength(clean, 'utf8') <= maxBytes) return clean;
  const buf = Buffer.from(clean, 'utf8').subarray(0, Math.max(0, maxBytes - 3));
  // Drop a partial multi-byte character at the cut.
  return buf.toString('utf8').replace(/\uFFFD$/, '') + '…';
}
