import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadSplit } from '../bench/corpus-score.mjs';
import { scanPaths } from '../src/logscan/index.js';

/**
 * How a log reaches analyze changes its bytes, not its errors: indented as a code block, with a
 * terminal's colour codes (with their ESC, or without it as an issue shows them), with Windows
 * line ends. Each case is a tuning excerpt of the analyze corpus, read by id, that must give the
 * same events in every form.
 */

async function events(text: string): Promise<Array<[number, number | null, string]>> {
  const r = await scanPaths(['-'], { stdin: Readable.from([Buffer.from(text)]) });
  return r.events.map((e) => [e.line, e.status, e.catalog_id]);
}

function excerpt(id: string): string {
  const c = (loadSplit('tuning') as Array<{ id: string; text: string }>).find((x) => x.id === id);
  if (!c) throw new Error(`no tuning excerpt ${id}`);
  return c.text;
}

const eachLine = (text: string, f: (line: string) => string): string => text.split('\n').map(f).join('\n');

describe('analyze: the same log pasted in other forms', () => {
  it('a pretty-printed body indented as a code block is read as the object it is', async () => {
    for (const id of ['cline__cline-1664', 'crmne__ruby_llm-755', 'Vali-98__ChatterUI-564']) {
      const text = excerpt(id);
      expect(await events(eachLine(text, (l) => `    ${l}`)), id).toEqual(await events(text));
    }
  });

  it("a terminal's colour codes are read past, with their ESC or without it", async () => {
    for (const id of ['anthropics__claude-code-3051', 'anthropics__claude-code-35792', 'anthropics__claude-code-27789', 'home-assistant__core-140005']) {
      const text = excerpt(id);
      const want = await events(text);
      expect(want.length, id).toBeGreaterThan(0);
      expect(await events(eachLine(text, (l) => `\x1b[31m${l}\x1b[0m`)), id).toEqual(want);
      expect(await events(eachLine(text, (l) => `[31m${l}[0m`)), id).toEqual(want);
    }
  });

  it('a bracketed code in an ordinary log is not taken for a colour code', async () => {
    const line = 'took [2m] then failed: anthropic.RateLimitError: Error code: 429 - {"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}';
    expect(await events(line)).toEqual([[1, 429, 'rate-limit-tokens']]);
  });

  it('a body wrapped over lines with Windows line ends is joined as with Unix ones', async () => {
    const text = excerpt('heyhuynhgiabuu__proxypal-67');
    expect(await events(text.replace(/\n/g, '\r\n'))).toEqual(await events(text));
  });
});
