// Response headers the real API sends: request-id, retry hints and rate-limit state.
import type { ErrorFate, Fate, RateLimits } from './fates.js';

export function rateLimitHeaders(limits: RateLimits | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!limits) return out;
  for (const [kind, v] of Object.entries(limits)) {
    if (!v) continue;
    const p = `anthropic-ratelimit-${kind}`;
    if (v.limit !== undefined) out[`${p}-limit`] = String(v.limit);
    if (v.remaining !== undefined) out[`${p}-remaining`] = String(v.remaining);
    if (v.reset !== undefined) {
      out[`${p}-reset`] =
        typeof v.reset === 'number' ? new Date(Date.now() + v.reset * 1000).toISOString().replace(/\.\d+Z$/, 'Z') : v.reset;
    }
  }
  return out;
}

function retryHeaders(fate: ErrorFate): Record<string, string> {
  const out: Record<string, string> = {};
  if (fate.retryAfter !== undefined) out['retry-after'] = String(fate.retryAfter);
  if (fate.retryAfterMs !== undefined) out['retry-after-ms'] = String(fate.retryAfterMs);
  if (fate.shouldRetry !== undefined) out['x-should-retry'] = String(fate.shouldRetry);
  return out;
}

export function responseHeaders(fate: Fate, requestId: string, contentType: string): Record<string, string> {
  const base: Record<string, string> = { 'request-id': requestId, 'content-type': contentType };
  if (fate.kind === 'hang-up') return base;
  return {
    ...base,
    ...rateLimitHeaders(fate.rateLimits),
    ...(fate.kind === 'error' ? retryHeaders(fate) : {}),
    ...(fate.headers ?? {}),
  };
}
