import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import { Ingest, RecordStore } from '@claude-errors/analyzer';
import type { ErrorRecord } from '@claude-errors/schemas';
import { call, record, tempDir, useStores } from './helpers.js';

const { open, close } = useStores();

async function rows(store: RecordStore, sql: string): Promise<unknown[][]> {
  return (await store.reader.runAndReadAll(sql)).getRows();
}
const key = (r: ErrorRecord): string => `${r.trace_id}/${r.span_id}/${r.attempt}`;

describe('RecordStore dedupe (a real DuckDB file)', () => {
  it('keeps the first of equal keys within a batch and answers the new rows in input order', async () => {
    const store = await open(tempDir());
    const [a, b, c] = [record({ service: 'a' }), record({ service: 'b' }), record({ service: 'c' })];
    const aAgain = { ...a, service: 'a-again' };
    const stored = await store.write([a, b, aAgain, c, b]);
    expect(stored).toEqual([a, b, c]);
    expect(await rows(store, 'SELECT service FROM records ORDER BY service')).toEqual([['a'], ['b'], ['c']]);
    const d = record({ service: 'd' });
    expect(await store.write([c, d, a])).toEqual([d]);
  });

  it('dedupes across a restart and against a batch larger than one DataChunk', async () => {
    const dir = tempDir();
    const first = await open(dir);
    const big: ErrorRecord[] = [];
    while (big.length < 5000) big.push(...call([529, 200]));
    expect(await first.write(big)).toHaveLength(big.length);
    await close(first);
    const second = await open(dir);
    const extra = call([500]);
    const mixed = [...big.slice(0, 2500), ...extra, ...big.slice(2500)];
    expect((await second.write(mixed)).map(key)).toEqual(extra.map(key));
    expect(await rows(second, 'SELECT count(*)::INTEGER, count(DISTINCT dedupe_key)::INTEGER FROM records')).toEqual([[big.length + 2, big.length + 2]]);
  });

  it('stores the values of every column type as given', async () => {
    const store = await open(tempDir());
    const r = record({ time: 1_700_000_000_123, duration_ms: 12.5, attempts: 3, stream: true, retry_after_ms: null, attributes: { 'anthropic.ratelimit.requests.remaining': 7, note: 'x"y' } });
    await store.write([r]);
    const got = await rows(store, `SELECT epoch_ms(time), duration_ms, attempts, stream, retry_after_ms, attributes::VARCHAR, trace_id, dedupe_key = hash(trace_id, span_id, attempt), ingested_at IS NOT NULL FROM records`);
    expect(got).toEqual([[1_700_000_000_123n, 12.5, 3, true, null, JSON.stringify(r.attributes), r.trace_id, true, true]]);
  });

  it('stores low- and high-cardinality string columns alike (more distinct values than one dictionary holds)', async () => {
    const store = await open(tempDir());
    const batch = Array.from({ length: 600 }, (_, i) => record({ service: `svc-${i % 300}`, model: i % 2 ? null : 'm', error_type: i === 7 ? 'overloaded_error' : null }));
    await store.write(batch);
    const got = await rows(store, `SELECT count(DISTINCT service)::INTEGER, count(model)::INTEGER, string_agg(DISTINCT error_type, ',') FROM records`);
    expect(got).toEqual([[300, 300, 'overloaded_error']]);
    const stored = await rows(store, 'SELECT trace_id, service FROM records');
    expect(new Map(stored.map((r) => [r[0], r[1]]))).toEqual(new Map(batch.map((r) => [r.trace_id, r.service])));
  });

  it('commits queued writes in call order; a failed one rolls back alone and stores nothing of its own', async () => {
    const store = await open(tempDir());
    const ok1 = call([529]);
    // A failure that is not a row's data (an offset that is no number) fails its whole write.
    const bad = [record(), record()];
    const ok2 = [...call([200]), ok1[0]!];
    const results = await Promise.allSettled([
      store.write(ok1, [{ topic: 't', partition: 0, offset: '1' }]),
      store.write(bad, [{ topic: 't', partition: 1, offset: 'not-a-number' }]),
      store.write(ok2, [{ topic: 't', partition: 0, offset: '2' }]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseFulfilledResult<ErrorRecord[]>).value.map(key)).toEqual(ok2.slice(0, 2).map(key));
    expect(await rows(store, 'SELECT count(*)::INTEGER FROM records')).toEqual([[4]]);
    expect(await store.storedOffsets('t')).toEqual(new Map([[0, '2']]));
    // The failed batch's first row was not remembered as stored: it goes in when sent again.
    expect(await store.write([bad[0]!])).toEqual([bad[0]]);
  });

  it('rebuilds a file whose records table still has the old PRIMARY KEY, keeping its rows and dedupe', async () => {
    const dir = tempDir();
    const old = await DuckDBInstance.create(join(dir, 'claude-errors.duckdb'));
    const c = await old.connect();
    await c.run('CREATE TABLE records (dedupe_key UBIGINT PRIMARY KEY, ingested_at TIMESTAMP_MS, kind VARCHAR, "time" TIMESTAMP_MS, trace_id VARCHAR, span_id VARCHAR, attempt INTEGER, service VARCHAR, source VARCHAR, platform VARCHAR, outcome VARCHAR)');
    await c.run(`INSERT INTO records SELECT hash('${'a'.repeat(32)}', '${'b'.repeat(16)}', 0), now(), 'call', now(), '${'a'.repeat(32)}', '${'b'.repeat(16)}', 0, 'old', 'claude-errors', 'first_party', 'success'`);
    c.closeSync();
    old.closeSync();
    const store = await open(dir);
    expect(await rows(store, `SELECT count(*)::INTEGER FROM duckdb_constraints() WHERE table_name = 'records' AND constraint_type = 'PRIMARY KEY'`)).toEqual([[0]]);
    const replay = record({ trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16), attempt: 0, service: 'replayed' });
    const fresh = record({ service: 'new' });
    expect(await store.write([replay, fresh])).toEqual([fresh]);
    expect(await rows(store, 'SELECT service FROM records ORDER BY service')).toEqual([['new'], ['old']]);
  });
});

describe('Ingest with batches in flight', () => {
  it('hands observers each batch once, in call order, after its commit', async () => {
    const store = await open(tempDir());
    const ingest = new Ingest(store);
    const seen: string[] = [];
    ingest.addObserver({
      observe: async (rs) => {
        await new Promise((r) => setTimeout(r, rs.length === 2 ? 30 : 0)); // the first batch's observer is slow
        seen.push(rs.map((r) => r.service).join(','));
      },
    });
    const b1 = call([529], { service: 'one' });
    const b2 = call([200], { service: 'two' });
    await Promise.all([ingest.ingest({ records: b1 }), ingest.ingest({ records: b2 }), ingest.ingest({ records: b1 })]);
    expect(seen).toEqual(['one,one', 'two,two']);
    expect(ingest.stats).toMatchObject({ batches: 3, received: 6, stored: 4, duplicates: 2 });
  });
});
