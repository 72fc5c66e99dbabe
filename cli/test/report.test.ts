import { beforeAll, describe, expect, it } from 'vitest';
import { Ingest, RecordStore } from '@claude-errors/analyzer';
import { runCli } from '@claude-errors/testkit/cli';
import { call, tempDir } from '@claude-errors/testkit/analyzer-fixtures/records';

let data: string;
beforeAll(async () => {
  data = tempDir('ce-report-');
  const store = new RecordStore({ dataDir: data });
  await store.start();
  const ingest = new Ingest(store);
  const now = Date.now();
  await ingest.ingest({ records: [...call([529, 529, 200], { time: now - 60_000 }), ...call([429], { time: now - 30_000 }), ...call([200], { time: now - 10_000 })] });
  // two hours back (outside --since 1h): a service that retries 529s 5 ms apart
  const hammer = call([529, 529, 200], { time: now - 2 * 3_600_000, service: 'hammer' }).map((r) => (r.kind === 'attempt' && r.attempt > 1 ? { ...r, wait_ms: 5 } : r));
  await ingest.ingest({ records: hammer });
  await store.shutdown();
});

async function run(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const p = runCli(args);
  const code = await new Promise<number | null>((r) => p.child.once('exit', r));
  return { code, out: p.stdout(), err: p.stderr() };
}

describe('claude-errors report / reclassify on a DuckDB file', () => {
  it('prints totals, one row per catalog entry with its fix, and a sparkline', async () => {
    const { code, out } = await run(['report', '--data', data, '--since', '1h']);
    expect(code).toBe(0);
    expect(out).toContain('calls 3   failed 1 (33.3%)   attempts 5   failed attempts 3');
    expect(out).toMatch(/^overloaded +0 +2 +66\.7% +.*[▁▂▃▄▅▆▇█].*\S/m);
    expect(out).toMatch(/^rate-limited +1 +1 +33\.3%/m); // a 429 that names no limit
  });
  it('--by guide_id rolls entries up to the error guide rows, with their fix', async () => {
    const { code, out } = await run(['report', '--data', data, '--since', '1h', '--by', 'guide_id']);
    expect(code).toBe(0);
    expect(out).toMatch(/^GUIDE_ID +FAILED CALLS/m);
    expect(out).toMatch(/^overloaded +0 +2 +66\.7% +.*Retry/m);
  });
  it('lists retry hygiene findings with their fix', async () => {
    const { code, out } = await run(['report', '--data', data, '--since', '3h']);
    expect(code).toBe(0);
    expect(out).toContain('Retry hygiene:\n  Retried with no backoff: hammer (2)\n    fix: Back off exponentially');
    expect((await run(['report', '--data', data, '--since', '1h'])).out).not.toContain('Retry hygiene');
    expect((await run(['report', '--data', data, '--since', '2h30m'])).out).toContain('Retry hygiene'); // any duration, as rules files read it
  });
  it('prints JSON with --json and names a bad option', async () => {
    const json = await run(['report', '--data', data, '--since', '1h', '--json', '--by', 'status']);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out);
    expect(parsed.summary).toMatchObject({ total_calls: 3, failed_calls: 1 });
    expect(parsed.trends.series.map((s: { key: string }) => s.key).sort()).toEqual(['429', '529']);
    const bad = await run(['report', '--data', data, '--since', 'yesterday']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("--since: 'yesterday' is not a duration");
  });
  it('reclassify reports nothing to change on rows the current catalog classified', async () => {
    const { code, out } = await run(['reclassify', '--data', data, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ scanned: 6, changed: 0, moves: {} }); // 4 error rows in the last hour, 2 two hours back
  });
});
