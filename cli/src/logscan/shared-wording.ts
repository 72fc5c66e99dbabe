/**
 * Entries marked `shared_wording` in the catalog speak words every provider's API uses for the same
 * failure (`Invalid API key`, `Incorrect API key provided`, `The model is overloaded`, `Resource has
 * been exhausted`, `You've hit your usage limit`, …), with the statuses every service answers (401 for
 * its own key, 503 for its own overload). Such a finding is a Claude API error only with evidence that
 * it is (sharedWordingIsClaude): Claude in the log event, the API's own marks (its envelope, request
 * ids, the SDKs' messages) or Claude Code's own lines (line-scanner.ts Hit.context), the API's own status 529, an
 * error type only the API uses (OpenAI's and Groq's bodies say `invalid_request_error` too), its
 * one-word `Overloaded`, its key header (`invalid x-api-key`) or Claude Code's hint after the words
 * (`Invalid API key · Fix external API key`, `· Please run /login`).
 */

import { ANTHROPIC_MARK_RE } from './recognise.js';

/** The API's own status, a mark of it like its error envelope and its request ids. */
export const API_OWN_STATUS = 529;

/** The API's own error types (not `invalid_request_error`, which OpenAI-shaped bodies share) and its one-word overload message. */
const API_OWN_TYPE_RE = /\b(?:overloaded|authentication|permission|not_found|rate_limit|api|billing)_error\b|\brequest_too_large\b|(?:^|[:=]\s?\\?["']?)Overloaded\b(?![ -]\w)/;
const API_KEY_OWN_RE = /x-api-key|· (?:Fix external API key|Please run \/login|Run \/login)/i;
/**
 * Google's error envelope and status words (`"status": "UNAVAILABLE"`, `got status: RESOURCE_EXHAUSTED`,
 * gRPC's `StatusCode.RESOURCE_EXHAUSTED`, `503 UNAVAILABLE`): the answer of the Gemini API or of
 * Vertex, which serves Google's models too. Vertex's own refusals about a Claude model name the model.
 */
const GOOGLE_STATUS_RE =
  /\\{0,4}["']status\\{0,4}["']\s?:\s?\\{0,4}["'](?:UNAVAILABLE|RESOURCE_EXHAUSTED|INVALID_ARGUMENT|PERMISSION_DENIED|UNAUTHENTICATED|NOT_FOUND|FAILED_PRECONDITION|DEADLINE_EXCEEDED|INTERNAL)\b|(?:\bstatus: |StatusCode\.|\b[45]\d\d )(?:UNAVAILABLE|RESOURCE_EXHAUSTED|INVALID_ARGUMENT|PERMISSION_DENIED|UNAUTHENTICATED|FAILED_PRECONDITION|DEADLINE_EXCEEDED)\b/;

/** The evidence of Claude around a finding, each read only when asked (line-scanner.ts, Hit: context, named, byName, tied). */
interface ClaudeEvidence {
  context: () => boolean;
  named?: () => boolean;
  byName?: () => boolean;
  tied?: () => boolean;
}

/**
 * Whether a finding of a shared wording (an entry marked `shared_wording`) is the Claude API's: its own marks
 * in the message (its status 529, its own error types, its key header, its envelope or request id,
 * the SDKs' messages: in a JSON record's message too), else Claude context in its event; when the answer is in Google's envelope, Claude
 * by name (Hit.byName): Claude Code's line around it says only which client printed it.
 */
export function sharedWordingIsClaude(message: string, errorType: string | null, status: number | null, h: ClaudeEvidence): boolean {
  if (status === API_OWN_STATUS || API_OWN_TYPE_RE.test(errorType ?? '') || API_OWN_TYPE_RE.test(message) || API_KEY_OWN_RE.test(message) || ANTHROPIC_MARK_RE.test(message)) return true;
  return GOOGLE_STATUS_RE.test(message) ? (h.byName ?? h.named ?? h.context)() : (h.tied ?? h.context)();
}
