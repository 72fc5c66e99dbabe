import { describe, expect, it } from 'vitest';
import { catalogIds, tuningExcerpt as excerpt } from './logscan-corpus-text.js';

/**
 * The API's refusal of a Claude Code credential sent by another client (recognise.ts, CREDENTIAL_REFUSAL_RE): its
 * own wording, quoted alone with no status, is a refused request. Texts from the analyze corpus's
 * tuning excerpts (by id) and written after them.
 */

describe("analyze: the API's refusal of a Claude Code credential", () => {
  it.each([
    // a debugging note quoting the refusal in a code block (andyli386__learn-claude-code-rs-NEWAPI_DEBUG)
    [excerpt('andyli386__learn-claude-code-rs-NEWAPI_DEBUG'), ['unknown']],
    ['Error: This credential is only authorized for use with Claude Code and cannot be used for other API requests.', ['unknown']],
    // in the API's body it was read before; prose about such tokens and another provider's refusal are none
    ['API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"This credential is only authorized for use with Claude Code and cannot be used for other API requests."}}', ['unknown']],
    ['A Claude Code OAuth token cannot be used for other API requests; use an API key from the console.', []],
    ['[2026-01-05 10:00:00] WARN relay: OpenAI upstream 401: Incorrect API key provided', []],
  ] as Array<[string, string[]]>)('%#: %j -> %j', async (text, want) => {
    expect(await catalogIds(text)).toEqual(want);
  });
});
