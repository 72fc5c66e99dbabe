// Removes secrets from every string this instrumentation records, with the project's one secret
// scrubber (secret-scrub.ts, which the rest of the pipeline imports as
// @claude-errors/instrumentation-anthropic/scrub).
import { scrubSecrets } from './secret-scrub.js';

export function scrub(text: string): string {
  return scrubSecrets(text);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Scrubs and cuts `text` to at most `maxBytes` UTF-8 bytes (ending with … when cut). Web
 * TextEncoder/TextDecoder, not Buffer: the edge entry point runs where Buffer does not exist.
 */
export function scrubAndCap(text: string, maxBytes: number): string {
  const clean = scrub(text);
  if (clean.length * 3 <= maxBytes) return clean; // no UTF-16 unit takes more than 3 UTF-8 bytes
  const bytes = encoder.encode(clean);
  if (bytes.length <= maxBytes) return clean;
  // Drop a partial multi-byte character at the cut.
  return decoder.decode(bytes.subarray(0, Math.max(0, maxBytes - 3))).replace(/\uFFFD$/, '') + '…';
}
