import { describe, expect, it } from 'vitest';
import { events, tuningExcerpt as excerpt } from './logscan-corpus-text.js';

/**
 * Stack frames: the frames of one exception print one failure, and a Python frame of a module named
 * for Claude's API gives the exception below it its context.
 * Written from tuning excerpts of the analyze corpus (test/fixtures/analyze-corpus), each read by
 * id, so the test runs on the text as it was posted.
 */

describe('analyze: stack frames of one exception', () => {
  it('an Elixir stack that prints the same response in two frames is one failure', async () => {
    // Anthropix.APIError.exception(%Req.Response{status: 503, … body: "no healthy upstream" …}) in two frames of one stack
    expect(await events(excerpt('aaronrussell__anthropix-17'))).toEqual([[503, 'service-unavailable']]);
  });

  it('two exceptions, each with its frame, are two failures', async () => {
    const stack = `** (FunctionClauseError) no function clause matching in Anthropix.APIError.exception/1
(anthropix 0.6.1) lib/anthropix/api_error.ex:6: Anthropix.APIError.exception(%Req.Response{status: 503, headers: %{"via" => ["1.1 google"]}, body: "no healthy upstream"})
(anthropix 0.6.1) lib/anthropix.ex:464: Anthropix.res/1
`;
    expect(await events(stack + stack)).toEqual([[503, 'service-unavailable'], [503, 'service-unavailable']]);
  });
});

describe("analyze: a Python traceback's exception below a frame of a module named for Claude's API", () => {
  const frames = (path: string, indent = ''): string =>
    `${indent}Traceback (most recent call last):\n${indent}  File "${path}", line 64, in chat\n${indent}    raise handle_http_error(\n`;
  it('the exception line names no trigger word: the frame above gives it its context', async () => {
    // a gateway's adapter raising the API's overload as its own ServerError
    expect(await events(excerpt('sahilhd__unify-ANTHROPIC_OVERLOAD_SOLUTION'))).toEqual([[null, 'overloaded']]);
    expect(await events(`${frames('/app/src/unillm/adapters/anthropic_adapter.py', '    ')}    unillm.exceptions.ServerError: Server error: Overloaded\n`)).toEqual([[null, 'overloaded']]);
  });
  it("a Vertex module's frame is no Claude context; an exception with no API evidence, or one read by its own trigger word, counts as before", async () => {
    const vertex = '/usr/lib/python3.11/site-packages/vertexai/generative_models/_generative_models.py';
    expect(await events(`${frames(vertex)}google.api_core.exceptions.ResourceExhausted: 429 Resource exhausted. Please try again later.\n`)).toEqual([]);
    const sdk = '/usr/local/lib/python3.11/site-packages/anthropic/_base_client.py';
    expect(await events(`${frames(sdk)}TypeError: Client.__init__() got an unexpected keyword argument 'proxies'\n`)).toEqual([]);
    const body = "{'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'Number of request tokens has exceeded your per-minute rate limit'}}";
    expect(await events(`${frames(sdk)}anthropic.RateLimitError: Error code: 429 - ${body}\n`)).toEqual([[429, 'rate-limit-tokens']]);
  });
});
