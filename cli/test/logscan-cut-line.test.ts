import { describe, expect, it } from 'vitest';
import { catalogIds, tuningExcerpt as excerpt } from './logscan-corpus-text.js';

/**
 * One line a terminal cut once at its width (cut-line.ts): the piece leaves a quote, a parenthesis
 * or a brace open and the next line, at the margin, closes it. Texts from the analyze corpus's
 * tuning excerpts (by id) cut at 120 columns, as a window of that width copies them, and written after them.
 */

/** Each line cut at `w` characters, as a terminal of that width shows it. */
const cutAt = (w: number) => (t: string): string => t.split('\n').map((l) => (l.match(new RegExp(`.{1,${w}}`, 'gu')) ?? ['']).join('\n')).join('\n');

describe('analyze: one line cut once at the margin is read as one', () => {
  it.each([
    // the API's refusal cut inside its error type, in a parenthesis (sigoden__aichat-1463), a status
    // cut inside a quoted message (vysakh0__dravid-6), a rate limit's number (stagewise-io__stagewise-927)
    [cutAt(120)(excerpt('sigoden__aichat-1463')), ['empty-text-block', 'overloaded']],
    [cutAt(120)(excerpt('vysakh0__dravid-6')), ['rate-limited']],
    [cutAt(120)(excerpt('stagewise-io__stagewise-927')), ['rate-limit-tokens']],
    ['2025-03-01 10:00:01 ERROR llm.client: Claude request failed (status 4\n29 Too Many Requests from api.anthropic.com, attempt 3 of 3)', ['rate-limited']],
  ] as Array<[string, string[]]>)('%#: %j -> %j', async (text, want) => {
    expect(await catalogIds(text)).toEqual(want);
  });

  it.each([
    // another provider's error cut the same way stays none
    ['openai.RateLimitError: Error code: 429 - {"error": {"message": "Rate limit reached for gpt-4o in organization org-x on tok\nens per min", "type": "tokens", "code": "rate_limit_exceeded"}}'],
    ['Error in gemini function: "The model is overloaded. Please try again later. (status: UNAVAILABLE, code: 503, model: gem\nini-2.5-pro)"'],
    // a line with a quote open and an indented line under it: two lines, neither an API error
    ['The assistant said "it will retry on a rate limit of the provider, as configured in the settings file of the\n    app" and nothing else happened'],
  ])('%#: %j -> none', async (text) => {
    expect(await catalogIds(text)).toEqual([]);
  });
});
