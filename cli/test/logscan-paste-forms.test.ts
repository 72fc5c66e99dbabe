import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadSplit } from '../bench/corpus-score.mjs';
import { detectWrapWidth } from '../src/logscan/hard-wrap.js';
import { scanPaths } from '../src/logscan/index.js';

/**
 * How a log reaches analyze changes its bytes, not its errors: indented as a code block, with a
 * terminal's colour codes (with their ESC, or without it as an issue shows them), with Windows
 * line ends, cut by a terminal at its width. Each case is a tuning excerpt of the analyze corpus, read by id, that must give the
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

  it('lines a terminal cut at its width, inside words, are read whole again', async () => {
    const cutAt = (text: string, width: number): string =>
      eachLine(text, (l) => {
        const pieces: string[] = [];
        let rest = l;
        for (; rest.length > width; rest = rest.slice(width)) pieces.push(rest.slice(0, width));
        return [...pieces, rest].join('\n');
      });
    // anthropics__claude-code-66297: an Errors array, one of whose pieces starts with an element's timestamp
    for (const id of ['HKUDS__AutoAgent-58', 'langchain-ai__langchain-26968', 'anthropics__claude-code-1378', 'miurla__morphic-83', 'anthropics__claude-code-66297']) {
      const text = excerpt(id);
      expect(await events(cutAt(text, 120)), id).toEqual((await events(text)).map(([, status, cid]) => [expect.any(Number), status, cid]));
    }
  });

  it('a width is read only from lines cut inside a word: equal lines that end whole, or go on indented, are lines of their own', () => {
    const banner = (n: number): string => `  ⎿  API Error (Connection error.) · Retrying in ${n} seconds… (attempt ${n}/10)`;
    expect(detectWrapWidth([banner(1), '    ⎿  TypeError (fetch failed)', banner(2), '    ⎿  TypeError (fetch failed)'].join('\n'))).toBeNull();
    const logged = (n: number): string => `2025-01-0${n} 10:00:00 ERROR worker: request to https://api.anthropic.com/v1/messages faile`;
    expect(detectWrapWidth([logged(1), logged(2), logged(3)].join('\n'))).toBeNull();
    const cut = 'x'.repeat(70);
    expect(detectWrapWidth([cut, cut, 'tail'].join('\n'))).toBe(70);
  });

  it('`docker logs --timestamps` and GitHub Actions raw log lines (7 to 9 fraction digits, UTC) are read as the application wrote them', async () => {
    for (const id of ['cline__cline-1664', 'anthropics__claude-code-35792', 'Aider-AI__aider-1912']) {
      const text = excerpt(id);
      for (const fraction of ['123456789', '1234567']) {
        const stamped = eachLine(text, (l) => `2025-03-01T10:00:00.${fraction}Z ${l}`);
        expect(await events(stamped), `${id} ${fraction}`).toEqual(await events(text));
      }
    }
  });

  it("a TUI panel's frame, its left bar and its padded right edge, is read past", async () => {
    for (const id of ['mattermost__mattermost-plugin-agents-257', 'heyhuynhgiabuu__proxypal-67', 'can1357__oh-my-pi-10633']) {
      const text = excerpt(id);
      const width = Math.max(...text.split('\n').map((l) => l.length));
      expect(await events(eachLine(text, (l) => `│ ${l.padEnd(width)} │`)), id).toEqual(await events(text));
    }
  });
});
