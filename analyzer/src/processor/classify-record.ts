import type { ErrorRecord } from '@claude-errors/schemas';
import { classify } from './classify/index.js';

/** Sets catalog_id (and fingerprint for unknown errors) on error rows; successes stay null. */
export function classifyRecord(r: ErrorRecord): void {
  if (r.outcome !== 'error') {
    r.catalog_id = null;
    r.fingerprint = null;
    return;
  }
  const c = classify({
    status: r.http_status,
    error_type: r.error_type,
    message: r.error_message,
    exception: r.exception_type,
    sdk: r.sdk,
    platform: r.platform,
    attributes: r.attributes as Record<string, unknown> | null | undefined,
    // every record the collector keeps is of a call to a Claude API
    claude_call: true,
  });
  r.catalog_id = c.catalog_id;
  r.fingerprint = c.catalog_id === 'unknown' ? c.fingerprint : null;
}
