/**
 * The API's 529 as Claude Code words it: the status and the API's message for it, nothing between
 * (`529 Overloaded`, as in its spinner's `✻ 529 Overloaded · Retrying in 4s · attempt 6/10` and its
 * final `API Error: 529 Overloaded. This is a server-side issue…`), pasted alone as a bug report's
 * description or in a sentence (`I am getting 529 Overloaded error`). 529 is the API's own status
 * (shared-wording.ts, API_OWN_STATUS) and `Overloaded` the message of its `overloaded_error`, so the
 * pair names the answer and whose it is. Inside a markdown code or bold span (`` `529 Overloaded` ``,
 * `**529 Overloaded**`) the pair is the writer's name for the status, as `529` or `overloaded_error`
 * alone are (error-mentions.ts), and not this. Another server's overload in its own words (`529
 * Site is overloaded`), the word in lowercase, a status inside a longer number or version are not.
 * The prefilter's alternative for it is in prefilter.ts (TRIGGER_WORDS). Every regex is linear:
 * test/security/redos-static.test.ts reads them.
 */
export const OVERLOADED_STATUS_RE = /(?<![\w./`*-])529 Overloaded\b(?![`*])/;

/** 529 when the line words the API's overload so (OVERLOADED_STATUS_RE), else null. */
export function overloadedStatus(line: string): number | null {
  return OVERLOADED_STATUS_RE.test(line) ? 529 : null;
}
