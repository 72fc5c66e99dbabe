import { describe, expect, it } from 'vitest';
import { RecordStore, reclassifyStored } from '@claude-errors/analyzer';
import { call, tempDir } from './helpers.js';

describe('reclassifyStored', () => {
  it('moves rows stored under an old classification to the current catalog entry, and only those', async () => {
    const store = new RecordStore({ dataDir: tempDir() });
    await store.start();
    try {
      // As if stored by an older catalog that did not know 529 yet, plus rows that are already right.
      const stale = call([529, 529]).map((r) => (r.outcome === 'error' ? { ...r, catalog_id: 'unknown', fingerprint: 'status <n>' } : r));
      const current = call([429]).map((r) => (r.outcome === 'error' ? { ...r, catalog_id: 'rate-limited', fingerprint: null } : r));
      await store.write([...stale, ...current]);
      const result = await reclassifyStored(await store.connect());
      expect(result).toEqual({ scanned: 5, changed: 3, moves: { 'unknown -> overloaded': 3 } });
      const rows = await store.reader.runAndReadAll(`SELECT catalog_id, fingerprint, count(*)::INTEGER FROM records WHERE outcome = 'error' GROUP BY ALL ORDER BY 1`);
      expect(rows.getRows()).toEqual([
        ['overloaded', null, 3],
        ['rate-limited', null, 2],
      ]);
      expect(await reclassifyStored(await store.connect())).toEqual({ scanned: 5, changed: 0, moves: {} });
    } finally {
      await store.shutdown();
    }
  });
});
