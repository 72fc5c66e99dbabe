import { describe, expect, it } from 'vitest';
import { catalogIds, tuningExcerpt as excerpt } from './logscan-corpus-text.js';

/**
 * An error named as a kind in the plural, in a sentence that prints no failure (error-kind-prose.ts):
 * a change's description or a summary says what errors of that kind are, not that one happened.
 * Texts from the analyze corpus's tuning excerpts (by id) and written after them.
 */

describe('analyze: an error kind named in the plural is prose', () => {
  it.each([
    // a pull request adding tests for the API's 529 (vercel__ai-7546) and one improving the message users see (dust-tt__dust-14042)
    [excerpt('vercel__ai-7546'), []],
    [excerpt('dust-tt__dust-14042'), []],
    ['Handle Anthropic overloaded errors with exponential backoff.', []],
    // a failure shown on the line, or the writer's own report, stays an event
    ['API Error: Repeated 529 Overloaded errors', ['overloaded']],
    ['Anthropic overloaded errors again: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', ['overloaded']],
    ['2025-03-01 10:00:01 ERROR anthropic overloaded_error: Overloaded (3 overloaded errors in a row)', ['overloaded']],
  ] as Array<[string, string[]]>)('%#: %j -> %j', async (text, want) => {
    expect(await catalogIds(text)).toEqual(want);
  });
});
