// GET /api/v1/alerts and /api/v1/rules answer the rules engine's objects as they are: the schemas of
// schemas/api.schema.json list every field, in the order the engine builds them, so the serializer
// neither drops nor reorders one. The live stream's rows follow the same file.
import { afterEach, describe, expect, it } from 'vitest';
import { loadPackageJson } from '@claude-errors/schemas';
import { buildAnalyzerApp, Ingest, RecordStore } from '@claude-errors/analyzer';
import { record, tempDir } from '@claude-errors/testkit/analyzer-fixtures/records';
import { toLiveRow } from '../src/api/routes/live.js';
import { rec, useRulesEngine } from './rules-fixtures.js';

const yaml = (url: string) => `
rules:
  - { name: streak, kind: streak, match: { status: [529] }, level: attempt, threshold: 2, group_by: [model], resolve: { successes: 1 }, summary: "529 x{value}", labels: { team: a } }
  - { name: rate, kind: rate, match: { error_type: [overloaded_error], status: [529] }, threshold: 0.5, window: 5m, min_total: 1, resolve: { quiet_for: 1m }, notifiers: [] }
  - { name: count, kind: count, match: { catalog_id: [overloaded] }, threshold: 5, window: 10m, severity: info }
notifiers:
  - { name: hook, type: webhook, url: "${url}/hook/secret", format: json, headers: { X-Token: t } }
`;

describe('the alerts and rules answers', () => {
  const rig = useRulesEngine(yaml, { startEach: true });
  const stores: RecordStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.shutdown();
  });

  it('are the engine objects, byte for byte, after firing and resolving', async () => {
    const e = rig.engine;
    const store = new RecordStore({ dataDir: tempDir() });
    stores.push(store);
    await store.start();
    const app = await buildAnalyzerApp({ reader: store.reader, ingest: new Ingest(store), now: rig.clock.now, rules: e });
    const get = async (url: string): Promise<string> => (await app.inject({ method: 'GET', url, headers: { host: '127.0.0.1' } })).body;
    const t = rig.clock.now();
    await e.observe([rec({ time: t, status: 529 }), rec({ time: t + 1, status: 529 }), rec({ time: t + 2, kind: 'call', status: 529 })]);
    rig.clock.advance(1000);
    await e.observe([rec({ time: t + 1000, status: null })]);
    await rig.receiver.waitFor(2);

    const rules = e.rules();
    expect(rules.map((r) => r.groups.length)).toEqual([1, 1, 1]);
    expect(await get('/api/v1/rules')).toBe(JSON.stringify({ rules }));
    const withIncidents = <T extends object>(list: T[]) => list.map((a) => ({ ...a, incidents: [] }));
    const [active, history] = [await e.alerts({ active: true }), await e.alerts({ limit: 100 })];
    expect(history.map((a) => a.event)).toEqual(['resolved', 'firing', 'firing']);
    expect(await get('/api/v1/alerts')).toBe(JSON.stringify({ active: withIncidents(active), history: withIncidents(history) }));
    await app.close();
  });
});

describe('the live stream', () => {
  it('sends a row with the keys of LiveErrorRow, in their order', () => {
    const row = toLiveRow(record({ outcome: 'error', http_status: 529, error_message: 'overloaded' }));
    const api = loadPackageJson<{ $defs: Record<string, { properties: Record<string, unknown> }> }>('api.schema.json');
    expect(Object.keys(row)).toEqual(Object.keys(api.$defs['LiveErrorRow']!.properties));
  });
});
