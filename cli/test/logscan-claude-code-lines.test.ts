import { describe, expect, it } from 'vitest';
import { events, tuningExcerpt as excerpt, itReads } from './logscan-corpus-text.js';

/**
 * Claude Code's own lines: what it nests under a UI line, its line for the plan's usage limit, its
 * message for a prompt too long passed on by a tool built on it.
 * Written from tuning excerpts of the analyze corpus (test/fixtures/analyze-corpus), each read by
 * id, so the test runs on the text as it was posted.
 */

describe('analyze: what Claude Code nests under a UI line', () => {
  it("the cause nested under a retry banner (`⎿  TypeError (fetch failed)`) details that attempt, even with prose after it", async () => {
    expect(await events(excerpt('anthropics__claude-code-6596'))).toEqual(Array(10).fill([null, 'api-connection-error']));
  });

  it('a banner or an API error line nested under a UI line is another failure', async () => {
    const text = ['  ⎿  API Error (Request timed out.) · Retrying in 1 seconds… (attempt 1/10)', '  ⎿  API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}'].join('\n');
    expect(await events(text)).toEqual([
      [null, 'api-connection-timeout'],
      [500, 'internal-server-error'],
    ]);
  });
});

describe("analyze: Claude Code's line for the plan's usage limit", () => {
  // `You've hit your (session |weekly )?limit · resets …`: each line is a request the plan refused.
  // The catalog names only `You've hit your limit` and `usage limit reached|…` so far: the other
  // wordings are found and left `unknown` by the classifier.
  it('each refused prompt is one event, with or without the /login and /upgrade hints under it', async () => {
    expect((await events(excerpt('anthropics__claude-code-79136'))).length).toBe(2);
    expect((await events(excerpt('anthropics__claude-code-77262'))).length).toBe(2);
    expect((await events(excerpt('anthropics__claude-code-77122'))).length).toBe(1);
  });

  it('the older wording is found too, wrapped by the terminal', async () => {
    expect((await events(excerpt('anthropics__claude-code-9236'))).length).toBe(1);
  });

  it("the line the catalog names is classified as the plan's limit", async () => {
    expect(await events("You've hit your limit · resets 1am (Europe/Oslo)")).toEqual([[null, 'subscription-limit']]);
  });

  it("prose about a limit is not Claude Code's line", async () => {
    expect(await events('I hit my limit on Claude ha, allow me to set a limit on `Invoke-AITool` so that I can control how many commands it runs before stopping')).toEqual([]);
  });
});

describe("analyze: Claude Code's own message for a prompt too long, passed on by a tool built on it", () => {
  // Claude Code prints the API's refusal of a long prompt as `Prompt is too long` (its
  // PROMPT_TOO_LONG_ERROR_MESSAGE, services/api/errors.ts), and tools built on it pass that on as
  // their own error's message: the Agent Client Protocol adapter's JSON-RPC error, printed by an
  // editor's Lua (the tuning excerpt) or as JSON. Standing as a whole message after an error
  // label's colon it is read; a local model's wording with its own numbers, the words quoted in a
  // sentence, or followed by more words are not.
  itReads([
    [excerpt('agentclientprotocol__claude-agent-acp-296'), ['context-window-exceeded']],
    ['{"jsonrpc":"2.0","id":3,"error":{"code":-32603,"message":"Internal error: Prompt is too long"}}\n', ['context-window-exceeded']],
    ['  ⎿  Stop hook error: Hook evaluator API error: Prompt is too long \n', ['context-window-exceeded']],
    ['2023-04-25 05:23:47 llama_generate: **error: prompt is too long (2249 tokens, max 1996)**\n', []],
    ['The tool said "Prompt is too long" and stopped\n', []],
    ['Error: Prompt is too long for this model, please shorten it\n', []],
  ]);
});
