import { describe, expect, it } from 'vitest';
import { events, tuningExcerpt as excerpt, itReads } from './logscan-corpus-text.js';

/**
 * Where a line prints its status beyond the classifier's forms: after the request's URL, in an HTTP
 * client's words, as a reason phrase alone, in a proxy's words for its upstream's (line-status.ts).
 * Written from tuning excerpts of the analyze corpus (test/fixtures/analyze-corpus), each read by
 * id, so the test runs on the text as it was posted.
 */

describe('analyze: where a status is printed', () => {
  it("after the request's quoted URL, as the Go SDK prints its errors (plain or escaped inside a logfmt value)", async () => {
    const plain = '2025/06/01 10:00:00 failed to create message: POST "https://api.anthropic.com/v1/messages": 529  (Request-ID: req_011CZAau32QzxDkriovTaFCB) {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}';
    expect(await events(plain)).toEqual([[529, 'overloaded']]);
    const logfmt = 'time=2025-06-01T10:00:00.000Z level=ERROR msg="llm call failed" err="POST \\"https://api.anthropic.com/v1/messages\\": 400 Bad Request {\\"type\\":\\"error\\",\\"error\\":{\\"type\\":\\"invalid_request_error\\",\\"message\\":\\"prompt is too long: 210000 tokens > 200000 maximum\\"}}"';
    expect(await events(logfmt)).toEqual([[400, 'context-window-exceeded']]);
  });

  it("in an HTTP client's words with its reason: requests' HTTPError and Spring's HttpStatus name, with Claude context from the URL", async () => {
    // requests' raise_for_status message after an app's own words, quoted in prose
    expect(await events(excerpt('vysakh0__dravid-6'))).toEqual([[429, 'rate-limited']]);
    // Spring WebClient's response exception for the Messages URL, the body not printed
    expect(await events(excerpt('didalgolab__ai-intellij-plugin-39'))).toEqual([[400, 'unknown']]);
    expect(await events('org.springframework.web.server.ResponseStatusException: 429 TOO_MANY_REQUESTS from POST https://api.anthropic.com/v1/messages')).toEqual([[429, 'rate-limited']]);
    // the same forms for another service's URL name no Claude call
    expect(await events('429 Client Error: Too Many Requests for url: https://api.openai.com/v1/chat/completions')).toEqual([]);
    expect(await events('Error processing main.py: 500 Server Error: Internal Server Error for url: http://localhost:11434/api/chat')).toEqual([]);
  });
});

describe('analyze: a status named by its reason phrase', () => {
  it("an error whose whole message is an HTTP reason phrase (a fetch call's statusText) has that status", async () => {
    // a fix note's console line: `TaskChat.jsx:593 Chat error: Error: Claude API error: Not Found`
    expect(await events(excerpt('HeyoJarvis__DXFactorBuild-CLAUDE_API_ERROR_FIX'))).toEqual([[404, 'not-found']]);
    expect(await events('Error: Claude API error: Too Many Requests')).toEqual([[429, 'rate-limited']]);
    // in a logger's record, closed by a quote; a phrase inside a longer message is not the status
    expect(await events('level=error msg="anthropic call failed: Error: Service Unavailable" model=claude-sonnet-4')).toEqual([[503, 'service-unavailable']]);
    expect(await events('Claude API error: Not Found in the cache, fetching the model list again')).toEqual([[null, 'unknown']]);
  });
});

describe("analyze: a proxy's own wording of its upstream's status", () => {
  // A proxy in front of the API prints the status its upstream answered in its own words, one line
  // per attempt it retries; with Claude named in the lines of its paragraph, each is an attempt that
  // failed. Its access lines are its own answers to its caller, and with no Claude context the status
  // is any upstream's.
  itReads([
    [
      '  upstream 429 (retry 1/3), waiting 0.9s\n  upstream 429 (retry 2/3), waiting 2.0s\n[metrics anthropic] e2e=4100.2ms  upstream=4099.8ms\n',
      ['rate-limited', 'rate-limited'],
    ],
    ['relay: upstream returned 529 for POST https://api.anthropic.com/v1/messages\n', ['overloaded']],
    ['2026-03-02 10:00:01 WARN relay: upstream error: 500, retrying POST https://api.anthropic.com/v1/messages\n', ['internal-server-error']],
    ['  upstream 429 (retry 1/3), waiting 0.9s\n  upstream 429 (retry 2/3), waiting 2.0s\n[metrics openai] e2e=4100.2ms\n', []],
    ['  upstream 503 (retry 1/3), waiting 0.9s\n', []],
  ]);
});
