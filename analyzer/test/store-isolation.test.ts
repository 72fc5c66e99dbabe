import { describe, expect, it } from 'vitest';
import { EmbeddedReceiver, Ingest, type RecordStore } from '@claude-errors/analyzer';
import { EmbeddedQueue } from '@claude-errors/collector';
import type { ErrorRecord } from '@claude-errors/schemas';
import { call, record, tempDir, useStores } from './helpers.js';

/**
 * Issue 10 item 3: a value that does not fit its DuckDB column (an INTEGER beyond 32 bits, a
 * time beyond TIMESTAMP_MS, a number that is not finite) used to fail the whole transaction with a
 * retryable CE_ERR_STORE_WRITE, so every request sharing it was answered 503 and resent forever.
 * The store now refuses such a row alone (a dead letter) and commits the rest.
 */
const { open } = useStores();

async function rows(store: RecordStore, sql: string): Promise<unknown[][]> {
  return (await store.reader.runAndReadAll(sql)).getRows();
}

const POISON: Record<string, Partial<ErrorRecord>> = {
  'http_status 1e15': { http_status: 1e15 },
  'attempt 1e12': { kind: 'attempt', attempt: 1e12 },
  'attempts 1e300': { attempts: 1e300 },
  'time Infinity': { time: Number.POSITIVE_INFINITY },
  'time 1e20 ms': { time: 1e20 },
  'time NaN': { time: Number.NaN },
  'duration_ms NaN': { duration_ms: Number.NaN },
};

describe('RecordStore refuses a poison row alone', () => {
  for (const [name, over] of Object.entries(POISON)) {
    it(`${name}: the other rows, the offsets and a dead letter commit together`, async () => {
      const store = await open(tempDir());
      const good = Array.from({ length: 40 }, () => record());
      const bad = record(over);
      const batch = [...good.slice(0, 17), bad, ...good.slice(17)];
      const result = await store.writeBatch(batch, [{ topic: 't', partition: 0, offset: '7' }]);
      expect(result.inserted).toEqual(good);
      expect(result.refused.map((r) => r.record)).toEqual([bad]);
      expect(await rows(store, 'SELECT count(*)::INTEGER FROM records')).toEqual([[40]]);
      const letters = await rows(store, 'SELECT source, reason FROM dead_letters');
      expect(letters).toHaveLength(1);
      expect(letters[0]![0]).toBe(`store:${bad.trace_id}/${bad.span_id}#${String(bad.attempt)}`);
      expect(String(letters[0]![1])).toMatch(/^refused by the store: \w+: .* does not fit /);
      expect(await store.storedOffsets('t')).toEqual(new Map([[0, '7']]));
    });
  }

  it('finds several poison rows among many (bisection), and a batch of one poison row refuses just it', async () => {
    const store = await open(tempDir());
    const batch = Array.from({ length: 5000 }, (_, i) => record(i % 1000 === 999 ? { attempts: -1e10 } : {}));
    const result = await store.writeBatch(batch);
    expect(result.refused).toHaveLength(5);
    expect(result.inserted).toHaveLength(4995);
    const lone = await store.writeBatch([record({ time: 1e20 })]);
    expect(lone).toMatchObject({ inserted: [], refused: [{ reason: expect.stringContaining('time') as unknown }] });
  });
});

describe('embedded mode: one request with a poison record fails only itself', () => {
  it('answers the other requests of the same transaction, and the bad one with a permanent CE_ERR_STORE_REFUSED', async () => {
    const store = await open(tempDir());
    const queue = new EmbeddedQueue();
    const receiver = new EmbeddedReceiver(queue, new Ingest(store));
    // Queued before the receiver starts: all 21 requests are taken into one transaction.
    const requests = Array.from({ length: 21 }, (_, i) => (i === 10 ? [...call([200]), record({ http_status: 1e15 })] : call([529, 200])));
    const answers = requests.map((r) => queue.consume(r).then(() => 'ok', (err: { code: string; statusCode: number; retryable: boolean }) => err));
    await receiver.start();
    const settled = await Promise.all(answers);
    expect(settled.filter((a) => a === 'ok')).toHaveLength(20);
    expect(settled[10]).toMatchObject({ code: 'CE_ERR_STORE_REFUSED', statusCode: 400, retryable: false });
    expect(await rows(store, 'SELECT count(*)::INTEGER FROM records')).toEqual([[20 * 3 + 2]]);
    await queue.shutdown();
    await receiver.shutdown();
  });
});
