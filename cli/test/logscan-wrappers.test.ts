import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadSplit } from '../bench/corpus-score.mjs';
import { scanPaths } from '../src/logscan/index.js';

/**
 * What a wrapper around the API's error says, and what it does not: the status in front of the
 * body, the exception class LiteLLM names instead of a status, a pretty-printed body that does not
 * parse, a gateway's own refusal. Cases are tuning excerpts of the analyze corpus, read by id.
 */

async function events(text: string): Promise<Array<[number | null, string]>> {
  const r = await scanPaths(['-'], { stdin: Readable.from([Buffer.from(text)]) });
  return r.events.map((e) => [e.status, e.catalog_id]);
}

function excerpt(id: string): string {
  const c = (loadSplit('tuning') as Array<{ id: string; text: string }>).find((x) => x.id === id);
  if (!c) throw new Error(`no tuning excerpt ${id}`);
  return c.text;
}

describe('analyze: wrappers around the API error', () => {
  it("the status printed in front of the body is the response's, not the wrapper's own status before it", async () => {
    // `HTTP Error 502: Anthropic Status Error: Error code: 400 - {'type': 'error', …}`
    expect((await events(excerpt('eidolon-ai__eidolon-750'))).map((e) => e[0])).toEqual([400]);
  });

  it('LiteLLM names the status by its exception class: ServiceUnavailableError for a Bedrock body with no status', async () => {
    expect(await events(excerpt('onyx-dot-app__onyx-6368'))).toEqual([[null, 'service-unavailable']]);
  });

  it('a pretty-printed body that does not parse (a stray brace) is read as text, its message classified', async () => {
    expect(await events(excerpt('Vali-98__ChatterUI-564'))).toEqual([[null, 'temperature-and-top-p']]);
  });

  it("a gateway's own refusal naming the provider it has no setting for is not the API's error", async () => {
    expect(await events(excerpt('maximhq__bifrost-4538'))).toEqual([]);
  });

  it("a model id after the word provider names what was called: that call's 429 is the API's error, not a gateway's refusal", async () => {
    // `LLM error: Provider claude-opus-4-6 request failed: HttpError: Invalid status code 429 Too Many Requests`
    expect(await events(excerpt('nearai__ironclaw-1842'))).toEqual([[429, 'rate-limited']]);
  });

  it("a gateway that names the provider and passes the API's body on still reports the API's error", async () => {
    const line = `API Error: 400 upstream error from provider anthropic: {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}`;
    expect(await events(line)).toEqual([[400, 'context-window-exceeded']]);
  });

  it("the body printed under an error line names its provider; a paste below a blank line does not", async () => {
    // Claude Code's 529 banners, then (after a blank line) another paste: vLLM's refusal behind Spring AI
    const banners = excerpt('anthropics__claude-code-3558');
    const alone = await events(banners);
    expect(alone.length).toBe(7);
    expect(await events(`${banners}\n\n${excerpt('spring-projects__spring-ai-3775')}`)).toEqual(alone);
  });

  it('an SDK client that cannot be constructed made no request: not an API failure', async () => {
    expect(await events(excerpt('Mintplex-Labs__anything-llm-384'))).toEqual([]);
  });

  it('a proxy that names the upstream provider it forwarded to says whose error it maps, whatever client the line names', async () => {
    // `… the claude extension … Upstream provider NIM returned HTTP 401.` then `Category: authentication_error`
    expect(await events(excerpt('Alishahryar1__free-claude-code-671'))).toEqual([]);
    expect(await events('proxy: Upstream provider anthropic returned HTTP 529: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}')).toEqual([[529, 'overloaded']]);
  });

  it("a body with no type and no status is another service's answer, even under a Claude Code-like UI line", async () => {
    // a Claude Code fork pointed at Mistral: `⎿  API Error: API request failed: {"message":"Requests rate limit exceeded"}`
    expect(await events(excerpt('dnakov__anon-kode-53'))).toEqual([]);
    // the API's body has its type: found with no status printed
    expect(await events('  ⎿  API Error: {"type":"error","error":{"type":"api_error","message":"Internal server error"}}')).toHaveLength(1);
  });
});
