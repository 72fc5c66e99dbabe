import { describe, expect, it } from 'vitest';
import { repeatsText } from '../src/logscan/pasted-copy.js';
import { catalogIds, tuningExcerpt as excerpt } from './logscan-corpus-text.js';

/**
 * The same failure pasted under each heading of a report is one failure (events.ts, pasted-copy.ts),
 * whether a copy keeps what the terminal drew before it (Claude Code's gutter `⎿`) or not.
 */
describe('analyze: a failure pasted again under another heading, with or without its gutter', () => {
  it.each([
    // a wrapped 529 line under four headings, the first copied with Claude Code's `⎿` (anthropics__claude-code-59279)
    [excerpt('anthropics__claude-code-59279'), ['overloaded']],
    ['### What happened?\n\n  ⎿  API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}\n\n### Error Messages/Logs\n\n`API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}`', ['internal-server-error']],
    ['### Steps\n\n> ⏺ API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Rate limited"}}\n\n### Logs\n\nAPI Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Rate limited"}}', ['rate-limited']],
  ] as Array<[string, string[]]>)('%#: %j -> %j', async (text, want) => {
    expect(await catalogIds(text)).toEqual(want);
  });

  it('two different failures under two headings stay two', async () => {
    const text = '### First\n\n⎿  API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n### Then\n\n⎿  API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}';
    expect(await catalogIds(text)).toEqual(['overloaded', 'context-window-exceeded']);
  });

  it.each([
    ['⎿  API Error: 529 Overloaded. This is a server-side issue', 'API Error: 529 Overloaded. This is a server-side issue', true],
    ['API Error: 529 Overloaded. This is a server-side issue', '`API Error: 529 Overloaded. This is a server-side issue`', true],
    ['⎿  API Error: 529 Overloaded. This is a server-side issue', 'API Error: 529 Overloaded. This is', true],
    ['⎿  API Error: 529 Overloaded', 'API Error: 500 Internal server error', false],
    ['⎿  API Error: 529 Overloaded. This is a server-side issue', 'API Error: 529', false],
  ])('%#: %j again as %j: %j', (a, b, want) => {
    expect(repeatsText(a, b)).toBe(want);
  });
});
