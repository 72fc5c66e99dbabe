import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStatuspage, RecordStore, StatusFeed } from '@claude-errors/analyzer';
import { tempDir } from './helpers.js';

// A local fake Statuspage v2 server over real HTTP: ETag/If-None-Match, failures on demand.
const INCIDENTS = {
  page: { id: 'p', name: 'Claude', url: 'https://status.example' },
  incidents: [
    {
      id: 'inc1',
      name: 'Elevated errors on Claude Sonnet',
      status: 'resolved',
      impact: 'major',
      created_at: '2026-11-25T11:40:00.000Z',
      started_at: '2026-11-25T11:41:00.000Z',
      resolved_at: '2026-11-25T11:55:00.000Z',
      shortlink: 'https://stspg.io/abc',
      components: [{ id: 'c1', name: 'Claude API' }],
    },
    { id: 'inc2', name: 'Degraded console', status: 'investigating', impact: 'minor', created_at: '2026-11-25T11:58:00.000Z', resolved_at: null, components: [] },
    { name: 'no id: skipped' },
    { id: 'bad-time', created_at: 'yesterday' },
  ],
};

let server: Server;
let base = '';
const seen: Array<{ path: string; ifNoneMatch: string | undefined }> = [];
let mode: 'ok' | 'fail' | 'garbage' = 'ok';

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', ifNoneMatch: req.headers['if-none-match'] });
    if (mode === 'fail') return res.writeHead(502).end('bad gateway');
    if (mode === 'garbage') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"incidents": 5}');
    if (req.headers['if-none-match'] === '"v1"') return res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/json', etag: '"v1"' }).end(JSON.stringify(INCIDENTS));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('status feed (Statuspage v2)', () => {
  it('stores the incidents, skips malformed ones, and asks with If-None-Match next time', async () => {
    const store = new RecordStore({ dataDir: tempDir() });
    await store.start();
    const feed = new StatusFeed({ url: `${base}/api/v2/incidents.json`, intervalMs: 3_600_000, connection: await store.connect() });
    seen.length = 0;
    mode = 'ok';
    await feed.start();
    await feed.poll(); // the first poll started at start; this waits for it
    const rows = (await store.reader.runAndReadAll('SELECT id, name, impact, epoch_ms(started_at) AS s, epoch_ms(resolved_at) AS r, components, url FROM incidents ORDER BY id')).getRowObjectsJS();
    expect(rows).toEqual([
      { id: 'inc1', name: 'Elevated errors on Claude Sonnet', impact: 'major', s: BigInt(Date.parse('2026-11-25T11:41:00Z')), r: BigInt(Date.parse('2026-11-25T11:55:00Z')), components: '["Claude API"]', url: 'https://stspg.io/abc' },
      { id: 'inc2', name: 'Degraded console', impact: 'minor', s: BigInt(Date.parse('2026-11-25T11:58:00Z')), r: null, components: '[]', url: null },
    ]);
    expect(feed.stats()).toMatchObject({ skippedIncidents: 2, incidents: 2, reachable: true });
    await feed.poll();
    expect(seen.at(-1)).toEqual({ path: '/api/v2/incidents.json', ifNoneMatch: '"v1"' });
    expect(feed.stats()).toMatchObject({ notModified: 1 });
    await feed.shutdown();
    await store.shutdown();
  });

  it('a feed that fails or sends garbage is counted and logged once; what was stored stays', async () => {
    const store = new RecordStore({ dataDir: tempDir() });
    await store.start();
    const warnings: string[] = [];
    const logger = { warn: (_o: unknown, m: string) => warnings.push(m), info: () => undefined } as never;
    const feed = new StatusFeed({ url: `${base}/x`, intervalMs: 3_600_000, connection: await store.connect(), logger });
    mode = 'ok';
    await feed.start();
    await feed.poll();
    mode = 'fail';
    await feed.poll();
    await feed.poll();
    mode = 'garbage';
    await feed.poll();
    expect(feed.stats()).toMatchObject({ failedPolls: 3, reachable: false });
    expect(warnings).toHaveLength(2); // once for the 502, once for the different garbage error
    const n = (await store.reader.runAndReadAll('SELECT count(*)::INTEGER FROM incidents')).getRows()[0]![0];
    expect(n).toBe(2);
    await feed.shutdown();
    await store.shutdown();
  });

  it('an unreachable feed does not keep the analyzer from starting or answering', async () => {
    const store = new RecordStore({ dataDir: tempDir() });
    await store.start();
    const feed = new StatusFeed({ url: 'http://127.0.0.1:9/none', intervalMs: 3_600_000, connection: await store.connect(), timeoutMs: 2_000 });
    await feed.start();
    await feed.poll();
    expect(feed.stats()).toMatchObject({ failedPolls: 1, reachable: false });
    await feed.shutdown();
    await store.shutdown();
  });

  it('parseStatuspage reads summary.json too and refuses a document without incidents', () => {
    expect(parseStatuspage({ components: [], incidents: [{ id: 'a', name: 'x', created_at: '2026-01-01T00:00:00Z' }] })).toHaveLength(1);
    expect(() => parseStatuspage({ page: {} })).toThrow(/no "incidents" list/);
  });
});
