import { describe, expect, it } from 'vitest';
import { catalogIds, tuningExcerpt as excerpt } from './logscan-corpus-text.js';

/**
 * `I` or `we` before a modal verb says what someone means to do, not what they met (error-mentions.ts,
 * FIRST_PERSON_RE): prose in the first person that names the API's errors that way still names them
 * only, while a writer who met a failure still reports it.
 */
describe('analyze: first-person prose with a modal verb names errors, it reports none', () => {
  it.each([
    // a pull request's description: "… so we should check for rate limit language first" (crmne__ruby_llm-722)
    [excerpt('crmne__ruby_llm-722')],
    // a maintainer's reply giving example messages: "… is what we need to pinpoint the cause" (sbenodiz__ai_agent_ha-71)
    [excerpt('sbenodiz__ai_agent_ha-71')],
    ['Anthropic rate limit messages mention "tokens per minute", so we should retry on `RateLimitError` with a backoff instead.'],
  ])('%#: %j -> none', async (text) => {
    expect(await catalogIds(text)).toEqual([]);
  });

  it.each([
    // the writer met the failure: a report, whatever modal verb the line also has
    ['Since this morning I get "This request would exceed the rate limit for your organization of 40,000 input tokens per minute" from `claude-sonnet-4`, and we should not be rate limited.', ['rate-limit-tokens']],
    ['We keep seeing `API Error: 529 Overloaded` from Claude Code on every request.', ['overloaded']],
  ] as Array<[string, string[]]>)('%#: %j -> %j', async (text, want) => {
    expect(await catalogIds(text)).toEqual(want);
  });
});
