import { describe, expect, it } from 'vitest';
import { events, itReads, tuningExcerpt } from './logscan-corpus-text.js';

// A condition on the API's state with a word of degree or time before the state (state-condition.ts):
// `when Anthropic is briefly overloaded` says what happens whenever the API is so, as the plain condition
// (`when Anthropic is overloaded`) does; it prints no failure.
describe('a condition on the API state with an adverb', () => {
  it("reports nothing for a pull request's description of the 529", async () => {
    expect(await events(tuningExcerpt('agentscope-ai__QwenPaw-1891'))).toEqual([]);
  });

  itReads([
    ['This causes agent tasks to fail and stop when Anthropic is briefly overloaded, even though a simple retry would succeed.', []],
    ['The bot gives up if the Claude API is temporarily unavailable, instead of waiting.', []],
    ['Requests are queued whenever the Anthropic API was currently rate limited by the server.', []],
    // negative controls: the failure printed before the condition, a body after it, the writer's own report,
    // the API's line with no condition
    ['Error code: 529 - {\'type\': \'error\', \'error\': {\'type\': \'overloaded_error\', \'message\': \'Overloaded\'}} when Anthropic is briefly overloaded', ['overloaded']],
    ['When Anthropic is briefly overloaded it answers {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', ['overloaded']],
    ['When I ran it, the API was briefly overloaded: API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', ['overloaded']],
    ['API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', ['overloaded']],
  ]);
});
