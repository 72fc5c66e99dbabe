import { describe, expect, it } from 'vitest';
import { catalogIds, tuningExcerpt as excerpt } from './logscan-corpus-text.js';

/**
 * An HTTP client's code for a failed answer on a line naming the API's host (api-host-answer.ts):
 * Axios's ERR_BAD_REQUEST (4xx) or ERR_BAD_RESPONSE (5xx) from api.anthropic.com is the API's answer.
 * Texts from the analyze corpus's tuning excerpts (by id) and written after them.
 */

describe("analyze: an HTTP client's code for the API host's failed answer", () => {
  it.each([
    // Claude Code's start screen (amsalugetasew__Chimera_autonomous_influencer_network-Claude-challenge)
    [excerpt('amsalugetasew__Chimera_autonomous_influencer_network-Claude-challenge'), ['unknown']],
    ['Failed to connect to api.anthropic.com: ERR_BAD_RESPONSE', ['unknown']],
    // the same codes for another host, and a refused connection, read as before
    ['Failed to export 1 events (status=403, code=ERR_BAD_REQUEST, Request failed with status code 403)', []],
    ['Failed to connect to api.openai.com: ERR_BAD_REQUEST', []],
    ['Failed to connect to api.anthropic.com: ECONNREFUSED', ['connection-refused']],
  ] as Array<[string, string[]]>)('%#: %j -> %j', async (text, want) => {
    expect(await catalogIds(text)).toEqual(want);
  });
});
