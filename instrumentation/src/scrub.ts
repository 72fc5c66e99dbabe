// Removes secrets from every string this instrumentation records.

/** Anything shaped like an Anthropic key (sk-ant-api03-…, sk-ant-admin01-…, sk-ant-oat01-…). */
const ANTHROPIC_KEY = /sk-ant-[A-Za-z0-9_-]*/g;
/** Bearer tokens and x-api-key values quoted in error text. */
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;

export const REDACTED = '[REDACTED]';

export function scrub(text: string): string {
  if (!text.includes('sk-ant-') && !/bearer/i.test(text)) return text;
  return text.replace(ANTHROPIC_KEY, 'sk-ant-' + REDACTED).replace(BEARER, `$1${REDACTED}`);
}

/** Scrubs and cuts `text` to at most `maxBytes` UTF-8 bytes (ending with … when cut). */
export function scrubAndCap(text: string, maxBytes: number): string {
  const clean = scrub(text);
  if (Buffer.byteLength(clean, 'utf8') <= maxBytes) return clean;
  const buf = Buffer.from(clean, 'utf8').subarray(0, Math.max(0, maxBytes - 3));
  // Drop a partial multi-byte character at the cut.
  return buf.toString('utf8').replace(/\uFFFD$/, '') + '…';
}
