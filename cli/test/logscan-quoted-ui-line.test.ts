import { describe, expect, it } from 'vitest';
import { uiWordsQuotedInProse } from '../src/logscan/quoted-ui-line.js';
import { catalogIds, tuningExcerpt as excerpt } from './logscan-corpus-text.js';

/**
 * Claude Code's words quoted in a code span inside a sentence are someone's account of a failure, not
 * a line the UI printed (quoted-ui-line.ts): the same failure told again below them is one failure,
 * while two lines Claude Code printed stay two.
 */
describe("analyze: Claude Code's line quoted in a sentence is an account of a failure", () => {
  it.each([
    // a Bedrock retry banner quoted in a sentence, the same 429 told again under "Actual Behavior" (anthropics__claude-code-1293)
    [excerpt('anthropics__claude-code-1293'), ['rate-limit-tokens']],
    ['I keep getting `API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}` on every prompt\n\nThe 529 API error comes back each time', ['overloaded']],
  ] as Array<[string, string[]]>)('%#: %j -> %j', async (text, want) => {
    expect(await catalogIds(text)).toEqual(want);
  });

  it.each([
    // two lines the UI printed: two failures, pasted bare, after a list mark's code span or under the gutter
    ['⎿  API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}\n⎿  API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}', ['internal-server-error', 'internal-server-error']],
    ['- `API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`\n- `API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`', ['overloaded', 'overloaded']],
    // a subagent's failure and the main loop's, both Claude Code's lines (the main loop's below a blank line)
    ['⏺ Agent "Build" failed: Agent terminated early due to an API error: API Error: 529 Overloaded. This is a server-side issue, usually temporary — try again in a moment.\n\n⏺ API Error: 529 Overloaded. This is a server-side issue, usually temporary — try again in a moment.', ['overloaded', 'overloaded']],
  ] as Array<[string, string[]]>)('%#: %j -> %j', async (text, want) => {
    expect(await catalogIds(text)).toEqual(want);
  });

  it.each([
    ['it received `API Error (429 Too many tokens, please wait before trying again.)` message', true],
    ['**Error:** `API Error: 529 Overloaded`', true],
    ['`API Error: 529 Overloaded`', false],
    ['- `API Error: 529 Overloaded`', false],
    ['  ⎿  API Error: 529 Overloaded', false],
    ['Claude Code error: API Error: 529 Overloaded', false],
  ])('%#: %j quoted in prose: %j', (line, want) => {
    expect(uiWordsQuotedInProse(line)).toBe(want);
  });
});
