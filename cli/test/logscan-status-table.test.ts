import { describe, expect, it } from 'vitest';
import { events, itReads, tuningExcerpt } from './logscan-corpus-text.js';

// A markdown table of statuses (status-table.ts): a row with a status alone in a cell, under the
// table's delimiter row, lists the API's statuses; it prints no failure.
describe('a markdown table of statuses', () => {
  it('reports nothing for a newsletter table of the API statuses', async () => {
    expect(await events(tuningExcerpt('buttondown.com-redpen-429-529-400'))).toEqual([]);
  });

  const table = (rows: string[], delimiter = '|---|---|---|---|'): string =>
    ['| Code | Name | Who caused it | What to do |', delimiter, ...rows].join('\n');

  itReads([
    [table(['| 529 | API Overloaded | Anthropic (capacity) | Back off and retry |']), []],
    [table(['| 529 | overloaded_error | Anthropic is overloaded | Retry |'], '| :--- | :---: | --- | ---: |'), []],
    [table(['| 429 | Too Many Requests | You | Back off |', '| `529` | Overloaded | Anthropic | Retry |']), []],
    // negative controls: a row that prints the API's body, a row with no delimiter row above it, a fenced table,
    // the same words outside a table, Claude Code's own lines between pipes of a panel
    [table(['| 529 | {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}} | Claude | retried |']), ['overloaded']],
    ['| 529 | 529 Overloaded | Anthropic | Retry |', ['overloaded']],
    ['```\n' + table(['| 529 | 529 Overloaded | Anthropic | Retry |']) + '\n```', ['overloaded']],
    ['529 Overloaded', ['overloaded']],
    ['│ ⎿  API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}} │', ['overloaded']],
  ]);
});
