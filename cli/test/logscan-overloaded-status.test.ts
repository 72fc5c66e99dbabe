import { describe, expect, it } from 'vitest';
import { events, itReads, tuningExcerpt } from './logscan-corpus-text.js';

// The API's 529 as Claude Code words it, `529 Overloaded` (overloaded-status.ts): the status and
// the message of the API's overloaded_error, pasted alone or in a sentence, is that answer.
describe('the API overload worded `529 Overloaded`', () => {
  it('is read in the bug reports that paste it alone or in an account', async () => {
    for (const id of ['anthropics__claude-code-75396', 'anthropics__claude-code-89143', 'anthropics__claude-code-69945']) {
      expect(await events(tuningExcerpt(id)), id).toEqual([[529, 'overloaded']]);
    }
  });

  itReads([
    ['529 Overloaded', ['overloaded']],
    ['529 Overloaded \n', ['overloaded']],
    ['I am getting 529 Overloaded error. Please fix', ['overloaded']],
    ['ERROR:app.llm:529 Overloaded', ['overloaded']],
    // Claude Code's own lines keep one event each
    ['✻ 529 Overloaded · Retrying in 4s · attempt 6/10', ['overloaded']],
    [' API Error: 529 Overloaded. This is a server-side issue, usually temporary — try again in a moment.', ['overloaded']],
    // negative controls: a name in a markdown span, another server's words, other numbers, the word alone
    ['- Provider should detect `529 Overloaded` (and maybe similar transient errors) from the upstream API', []],
    ['The upstream answered **529 Overloaded** twice today', []],
    ['529 Site is overloaded', []],
    ['HTTP 529 overloaded', []],
    ['version 1.529 Overloaded', []],
    ['Overloaded', []],
    ['529', []],
  ]);
});
