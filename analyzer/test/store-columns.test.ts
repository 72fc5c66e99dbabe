import { describe, expect, it } from 'vitest';
import type { ErrorRecord } from '@claude-errors/schemas';
import { record, tempDir, useStores } from './helpers.js';

const { open } = useStores();

/**
 * The store fills DataChunk vectors directly (store/column-fill.ts): every column type, nulls in
 * each, 64-bit values from their halves, and both ways of sending a low-cardinality string
 * column (an ENUM of the chunk's values, or plain strings past 255 of them) must read back as
 * written, over more rows than one chunk holds.
 */
describe('RecordStore column values (direct vector fill)', () => {
  it('reads back every column type as written, nulls included, across chunks', async () => {
    const store = await open(tempDir());
    const rows: ErrorRecord[] = [];
    for (let i = 0; i < 3000; i++) {
      rows.push(
        record({
          kind: i % 2 ? 'attempt' : 'call',
          time: i % 3 === 0 ? -86_400_000 - i : 1_700_000_000_000 + i * 1000 + 0.7,
          duration_ms: i % 5 === 0 ? null : i * 1.5,
          span_id: `s${String(i).padStart(15, '0')}`,
          attempt: i % 4,
          attempts: i % 6 === 0 ? null : i % 6 === 1 ? 2_147_483_647 : -2_147_483_647,
          stream: i % 3 === 0 ? true : i % 3 === 1 ? false : null,
          http_status: i % 7 === 0 ? null : 529,
          service: `svc-${i % 300}`,
          model: i % 7 === 3 ? null : `m${i % 3}`,
          error_message: i % 11 === 0 ? null : `é ✓ 𝄞 ${'x'.repeat(i % 40)} ${i}`,
          attributes: i % 2 ? { n: i, s: 'ü' } : null,
        }),
      );
    }
    expect(await store.write(rows)).toHaveLength(rows.length);
    const r = await store.reader.runAndReadAll(
      `SELECT kind, epoch_ms("time")::DOUBLE, duration_ms, attempt, attempts, stream, http_status, service, model, error_message, attributes::VARCHAR,
              dedupe_key = hash(trace_id, span_id, attempt), epoch_ms(ingested_at) > 1600000000000
       FROM records ORDER BY span_id`,
    );
    const got = r.getRows().map((row) => row.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
    const want = rows.map((x) => [
      x.kind,
      Math.trunc(x.time),
      x.duration_ms,
      x.attempt,
      x.attempts,
      x.stream,
      x.http_status,
      x.service,
      x.model,
      x.error_message,
      x.attributes == null ? null : JSON.stringify(x.attributes),
      true,
      true,
    ]);
    expect(got).toEqual(want);
  });

  it('stores a chunk whose dictionary column is null throughout, and one whose string values are all new', async () => {
    const store = await open(tempDir());
    const rows = [record({ model: null, error_type: null }), record({ model: null, error_type: null })];
    expect(await store.write(rows)).toHaveLength(2);
    const r = await store.reader.runAndReadAll('SELECT count(*)::INTEGER FROM records WHERE model IS NULL AND error_type IS NULL AND service = $1', ['svc']);
    expect(r.getRows()).toEqual([[2]]);
  });
});
