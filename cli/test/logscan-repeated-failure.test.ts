import { describe, expect, it } from 'vitest';
import { events, tuningExcerpt as excerpt } from './logscan-corpus-text.js';

/**
 * One failure printed again in another place (a cause, a copy under each heading of a report) is
 * one failure; different bodies stay different failures.
 * Written from tuning excerpts of the analyze corpus (test/fixtures/analyze-corpus), each read by
 * id, so the test runs on the text as it was posted.
 */

describe('analyze: one failure printed again in another place', () => {
  it("an error's cause that prints the body the error printed (Node's inspect of a retry wrapper's error) is that error", async () => {
    expect(await events(excerpt('nraiden__cofounder-3'))).toEqual([[null, 'overloaded']]);
  });

  it('two different bodies in one line stay two errors, a cause or not', async () => {
    const line =
      'Fallback failed: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}} cause: Error: {"type":"error","error":{"type":"rate_limit_error","message":"Rate limited"}}';
    expect(await events(line)).toEqual([
      [null, 'overloaded'],
      [null, 'rate-limited'],
    ]);
  });

  it('the same line pasted under each heading of an issue template (the last copy cut short) is one failure', async () => {
    expect(await events(excerpt('warpdotdev__warp-6276'))).toEqual([[400, 'empty-text-block']]);
  });

  it('the same line under headings named alike (one run each) is one failure per run', async () => {
    const line = 'Action failed with error: SDK execution error: Error: Claude Code returned an error result: API Error: 529 Overloaded.';
    const text = ['### review (org/one)', '', '```', line, '```', '', '### review (org/two)', '', '```', line, '```'].join('\n');
    expect(await events(text)).toEqual([
      [529, 'overloaded'],
      [529, 'overloaded'],
    ]);
    // the same lines with no heading between them are two failures too
    expect(await events([line, line].join('\n'))).toEqual([
      [529, 'overloaded'],
      [529, 'overloaded'],
    ]);
  });
});
