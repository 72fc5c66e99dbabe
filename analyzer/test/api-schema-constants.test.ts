// The numbers and names the routes use that schemas/api.schema.json states too: both say the same.
import { describe, expect, it } from 'vitest';
import { apiResponseSchema } from '@claude-errors/schemas/api';
import { MAX_LIST_MESSAGE_CHARS } from '../src/api/routes/error-rows.js';
import { FINDING_RULES } from '../src/api/routes/findings.js';
import { EXHAUSTION_FIT_MS, LIMIT_KINDS } from '../src/api/routes/headroom.js';

type Props = { properties: Record<string, { description?: string; enum?: string[]; items?: Props }> };
const itemsOf = (path: Parameters<typeof apiResponseSchema>[0], list: string): Props['properties'] =>
  (apiResponseSchema(path) as Props).properties[list]!.items!.properties;

describe('api.schema.json and the routes agree', () => {
  it('on the message cap of lists', () => {
    expect(itemsOf('/api/v1/errors', 'rows')['message']!.description).toContain(`at most ${MAX_LIST_MESSAGE_CHARS} characters`);
    expect(itemsOf('/api/v1/patterns', 'patterns')['sample']!.description).toContain(`at most ${MAX_LIST_MESSAGE_CHARS} characters`);
  });
  it('on the limit kinds and the window of time to exhaustion', () => {
    const series = itemsOf('/api/v1/headroom', 'series');
    expect(series['kind']!.enum).toEqual([...LIMIT_KINDS]);
    expect(series['seconds_to_exhaustion']!.description).toContain(`over the last ${EXHAUSTION_FIT_MS / 60_000} minutes`);
  });
  it('on the finding ids', () => {
    expect(itemsOf('/api/v1/findings', 'findings')['id']!.enum).toEqual(Object.keys(FINDING_RULES));
  });
});
