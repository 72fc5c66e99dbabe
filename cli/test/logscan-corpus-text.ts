import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { loadSplit } from '../bench/corpus-score.mjs';
import { scanPaths } from '../src/logscan/index.js';

/** The catalog entries of the events analyze reads from a text, in order. */
export async function catalogIds(text: string): Promise<string[]> {
  const r = await scanPaths(['-'], { stdin: Readable.from([Buffer.from(text)]) });
  return r.events.map((e) => e.catalog_id);
}

/** The status and catalog entry of each event analyze reads from a text, in order. */
export async function events(text: string): Promise<Array<[number | null, string]>> {
  const r = await scanPaths(['-'], { stdin: Readable.from([Buffer.from(text)]) });
  return r.events.map((e) => [e.status, e.catalog_id]);
}

/** One test per text: the catalog entries of the events read from it, in order. */
export function itReads(cases: Array<[string, string[]]>): void {
  it.each(cases)('%#: the events read are %j', async (text, want) => {
    expect((await events(text)).map((e) => e[1])).toEqual(want);
  });
}

/** A tuning excerpt of the analyze corpus by id, as it was posted. */
export function tuningExcerpt(id: string): string {
  const c = (loadSplit('tuning') as Array<{ id: string; text: string }>).find((x) => x.id === id);
  if (!c) throw new Error(`no tuning excerpt ${id}`);
  return c.text;
}
