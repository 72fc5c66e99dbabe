import { describe, expect, it } from 'vitest';
import { RETRY_LINE_RE } from '../src/logscan/retry-line.js';
import { catalogIds, tuningExcerpt as excerpt } from './logscan-corpus-text.js';

/**
 * A line saying the client retries closes its attempt (events.ts, retry-line.ts): the next line
 * naming a cause in its own words is the next attempt, while a record retelling one of the attempts
 * (Claude Code's Errors JSON) or a status printed under the line still joins it.
 */
describe('analyze: a line saying the client retries closes its attempt', () => {
  it.each([
    // Claude Code --debug: the first attempt reset and retried, the last one reset mid-stream, which the engine line tells again (anthropics__claude-code-83994)
    [excerpt('anthropics__claude-code-83994'), ['stream-interrupted', 'stream-interrupted']],
    [
      '[WARN] Stream connection error (ECONNRESET) — retrying streaming (1/10)\n[WARN] Stream connection error (ECONNRESET) — retrying streaming (2/10)\n[WARN] Stream connection closed (ECONNRESET) after 3 block(s) yielded — finalizing partial response',
      ['stream-interrupted', 'stream-interrupted', 'stream-interrupted'],
    ],
    // three banners and the Errors JSON recording one of their attempts (anthropics__claude-code-5184)
    [excerpt('anthropics__claude-code-5184'), ['overloaded', 'overloaded', 'overloaded']],
    // an error printed by console.error with its status property under it: one attempt
    [
      "Error: API Error (529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}) · Retrying in 1 seconds… (attempt 1/10)\n    at call (/app/llm.js:42:11) {\n  status: 529,\n  code: 'ERR_REQUEST'\n}",
      ['overloaded'],
    ],
  ] as Array<[string, string[]]>)('%#: -> %j', async (text, want) => {
    expect(await catalogIds(text)).toEqual(want);
  });

  it.each([
    ['API Error (529 Overloaded) · Retrying in 4 seconds… (attempt 3/10)', true],
    ['[WARN] Stream connection error (ECONNRESET) — retrying streaming (10/15)', true],
    ['request failed: ECONNRESET, retrying (attempt 2 of 5)', true],
    ['Retrying request to /v1/messages in 0.4 seconds', false],
    ['retrying streaming', false],
    ['[WARN] Stream connection closed (ECONNRESET) after 1 block(s) yielded — finalizing partial response', false],
  ])('%#: %j says it retries: %j', (line, want) => {
    expect(RETRY_LINE_RE.test(line)).toBe(want);
  });
});
