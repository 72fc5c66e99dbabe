import { describe, expect, it } from 'vitest';
import { detectLinePrefix, stripLinePrefix } from '../src/logscan/line-prefix.js';
import { events, tuningExcerpt as excerpt, itReads } from './logscan-corpus-text.js';

/**
 * A prefix on every line of a paste (a log shipper's, a quote, a code block's indentation), removed
 * before the lines are read (line-prefix.ts).
 * Written from tuning excerpts of the analyze corpus (test/fixtures/analyze-corpus), each read by
 * id, so the test runs on the text as it was posted.
 */

describe('analyze: a prefix on every line (docker compose, pm2, journald, a container log file, a quote)', () => {
  const prefixed: Record<string, (l: string) => string> = {
    'docker compose': (l) => `api-1  | ${l}`,
    pm2: (l) => `0|api  | ${l}`,
    journald: (l) => `Mar 12 23:40:50 host node[1062716]: ${l}`,
    'a container log file': (l) => `2025-03-01T10:00:00.123456789Z stderr F ${l}`,
    'a quote': (l) => `> ${l}`,
  };
  // Shapes read from a line's first character: Claude Code's Errors array, a pretty-printed record.
  for (const id of ['anthropics__claude-code-35792', 'mattermost__mattermost-plugin-agents-257', 'coaidev__coai-93']) {
    it(`${id}: the same events under each prefix`, async () => {
      const plain = await events(excerpt(id));
      expect(plain.length).toBeGreaterThan(0);
      for (const [name, f] of Object.entries(prefixed)) {
        expect(await events(excerpt(id).split('\n').map(f).join('\n')), name).toEqual(plain);
      }
    });
  }

  it('is removed only when most of the first lines carry it, and only where a line has it', () => {
    expect(detectLinePrefix('2025-07-07 22:18:07.922 | ERROR | pipecat.services - failed\nplain line\n')).toBeNull();
    expect(detectLinePrefix('ERROR    | worker failed\nINFO     | worker started\n')).toBeNull(); // a level column, not a service
    const p = detectLinePrefix('api-1  | one\napi-1  | two\nunprefixed\n');
    expect(p).not.toBeNull();
    expect(stripLinePrefix('api-1  | one\nunprefixed\napi-1  |   at frame\n', p!, true)).toBe('one\nunprefixed\n  at frame\n');
    // a block that begins inside a line keeps that line's start as it is
    expect(stripLinePrefix('tail of a line | x\napi-1  | next\n', p!, false)).toBe('tail of a line | x\nnext\n');
  });
});

describe('analyze: a log pasted indented as a whole (a markdown code block)', () => {
  // Four spaces or a tab on every one of the first lines is the paste's, not the log's: it is
  // removed as a quote's `> ` is, so a body the terminal cut (one space before the text it goes on
  // with) is joined as it is bare. A log whose first line is not indented keeps its own indentation
  // (a stack's frames), and another provider's error indented stays none.
  itReads([
    [
      '    Error: Network Error: Anthropic API error: 400 Bad Request -\n     {"type":"error","error":{"type":"invalid_request_error","message":"response_format: Extra inputs are not\n     permitted"}} for complex test cases\n',
      ['request-field-not-permitted'],
    ],
    [
      '\tError: Network Error: Anthropic API error: 400 Bad Request -\n\t {"type":"error","error":{"type":"invalid_request_error","message":"response_format: Extra inputs are not\n\t permitted"}} for complex test cases\n',
      ['request-field-not-permitted'],
    ],
    [
      "    openai.RateLimitError: Error code: 429 - {'error': {'message': 'Rate limit reached for gpt-4o in organization org-x on tokens per min (TPM)', 'type': 'tokens', 'code': 'rate_limit_exceeded'}}\n    retrying in 2s\n",
      [],
    ],
    [
      'software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException: Too many tokens, please wait before trying again. (Service: BedrockRuntime, Status Code: 429, Request ID: 8518716b)\n\tat software.amazon.awssdk.core.internal.http.CombinedResponseHandler.handleErrorResponse(CombinedResponseHandler.java:125)\n\tat software.amazon.awssdk.core.internal.http.CombinedResponseHandler.handleResponse(CombinedResponseHandler.java:82)\n',
      ['rate-limit-tokens'],
    ],
  ]);
  it('the indentation is the paste\'s only when every one of the first lines carries it', () => {
    expect(detectLinePrefix('    Error: one\n\n     two\n\tthree\n')).not.toBeNull();
    expect(detectLinePrefix('Error: one\n    at two\n    at three\n')).toBeNull();
    expect(detectLinePrefix('  ⎿  API Error: 529\n     Overloaded\n')).toBeNull();
  });
});
