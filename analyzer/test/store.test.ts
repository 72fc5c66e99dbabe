import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import { Ingest, RecordStore } from '@claude-errors/analyzer';
import { CHECKPOINT_THRESHOLD } from '../src/store/record-store.js';
import { call, record, tempDir, useStores } from './helpers.js';

const { open, close } = useStores();

async function count(store: RecordStore, where = 'true'): Promise<number> {
  const r = await store.reader.runAndReadAll(`SELECT count(*)::INTEGER FROM records WHERE ${where}`);
  return Number(r.getRows()[0]![0]);
}

describe('RecordStore (a real DuckDB file)', () => {
  it('stores rows, offsets and dead letters in one transaction and skips replays', async () => {
    const dir = tempDir();
    const store = await open(dir);
    const rows = call([529, 529, 200]);
    const first = await store.write(rows, [{ topic: 't', partition: 0, offset: '10' }], [{ source: 'kafka:t/0@9', reason: 'not JSON', payload: '{' }]);
    expect(first).toHaveLength(4);
    const replay = await store.write([...rows, ...rows], [{ topic: 't', partition: 0, offset: '12' }]);
    expect(replay).toHaveLength(0);
    expect(await count(store)).toBe(4);
    expect(await store.storedOffsets('t')).toEqual(new Map([[0, '12']]));
    const dl = await store.reader.runAndReadAll('SELECT source, reason FROM dead_letters');
    expect(dl.getRows()).toEqual([['kafka:t/0@9', 'not JSON']]);
  });

  it('keeps rows across a restart (the data is in the file)', async () => {
    const dir = tempDir();
    const a = await open(dir);
    await a.write(call([500]));
    await close(a);
    const b = await open(dir);
    expect(await count(b)).toBe(2);
  });

  it('migrates a file written by an older schema by adding the missing columns', async () => {
    const dir = tempDir();
    const inst = await DuckDBInstance.create(join(dir, 'claude-errors.duckdb'));
    const c = await inst.connect();
    await c.run('CREATE TABLE records (dedupe_key UBIGINT PRIMARY KEY, ingested_at TIMESTAMP_MS, kind VARCHAR, "time" TIMESTAMP_MS, trace_id VARCHAR, span_id VARCHAR, attempt INTEGER, service VARCHAR, source VARCHAR, platform VARCHAR, outcome VARCHAR)');
    await c.run(`INSERT INTO records VALUES (1, now(), 'call', now(), '${'a'.repeat(32)}', '${'b'.repeat(16)}', 0, 'old', 'claude-errors', 'first_party', 'success')`);
    c.closeSync();
    inst.closeSync();
    const store = await open(dir);
    await store.write([record({ service: 'new', model: 'm', catalog_id: null })]);
    expect(await count(store)).toBe(2);
    const r = await store.reader.runAndReadAll(`SELECT service, model FROM records ORDER BY service`);
    expect(r.getRows()).toEqual([['new', 'm'], ['old', null]]);
  });

  it('rolls back the whole batch when a write fails, so nothing half-stored is acknowledged', async () => {
    const store = await open(tempDir());
    const good = record();
    const bad = record({ time: Number.NaN as unknown as number });
    await expect(store.write([good, bad], [{ topic: 't', partition: 1, offset: 'not-a-number' }])).rejects.toMatchObject({ code: 'CE_ERR_STORE_WRITE', retryable: true });
    expect(await count(store)).toBe(0);
    expect(await store.storedOffsets('t')).toEqual(new Map());
  });

  it('checkpoints at CHECKPOINT_THRESHOLD of write-ahead log, not DuckDB\'s 16 MB (which compressed the last row group again every ~34k rows)', async () => {
    const store = await open(tempDir());
    const c = await store.connect();
    const setting = (await c.runAndReadAll("SELECT current_setting('checkpoint_threshold')")).getRows()[0]![0];
    c.closeSync();
    expect(CHECKPOINT_THRESHOLD).toBe('256MB');
    expect(setting).toBe('244.1 MiB');
  });
});

describe('Ingest', () => {
  it('classifies errors before storing and hands only new rows to observers', async () => {
    const store = await open(tempDir());
    const ingest = new Ingest(store);
    const seen: string[] = [];
    ingest.addObserver({ observe: async (rs) => void seen.push(...rs.map((r) => `${r.kind}:${r.catalog_id}`)) });
    const rows = call([529, 200]);
    await ingest.ingest({ records: rows });
    await ingest.ingest({ records: rows });
    expect(seen).toEqual(['call:null', 'attempt:overloaded', 'attempt:null']);
    expect(ingest.stats).toMatchObject({ batches: 2, received: 6, stored: 3, duplicates: 3 });
  });
});
