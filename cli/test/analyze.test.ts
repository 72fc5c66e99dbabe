import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli as run } from './run-cli.js';

const LOGS = fileURLToPath(new URL('../../test/fixtures/logs/', import.meta.url));

const expected = JSON.parse(readFileSync(join(LOGS, 'expected.json'), 'utf8')) as {
  files: Record<string, { entries: Record<string, { count: number; first_seen: string | null; last_seen: string | null; sample_line: number | null }> }>;
};

describe('claude-errors analyze (built CLI)', () => {
  it('--json: the report shape, for a file', async () => {
    const path = join(LOGS, 'node-app.log');
    const r = await run(['analyze', '--json', path]);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(rep).sort()).toEqual([
      'bytes',
      'entries',
      'errors_found',
      'events',
      'events_overflow',
      'files',
      'lines',
      'long_lines',
      'max_line_bytes',
      'read_errors',
      'skipped_paths',
      'unknown_overflow',
      'unknown_patterns',
      'unscanned_bytes',
    ]);
    expect(rep).toMatchObject({ files: 1, lines: 14, errors_found: 3, read_errors: [], unknown_patterns: [], unknown_overflow: 0 });
    expect(rep).toMatchObject({ long_lines: 0, unscanned_bytes: 0, max_line_bytes: 1024 * 1024, skipped_paths: [] });
    const entries = rep['entries'] as Array<Record<string, unknown>>;
    for (const e of entries) {
      expect(Object.keys(e).sort()).toEqual(['catalog_id', 'count', 'first_seen', 'fix', 'last_seen', 'retryable', 'sample', 'title']);
      expect(Object.keys(e['sample'] as object).sort()).toEqual(['file', 'line', 'text']);
    }
    const events = rep['events'] as Array<Record<string, unknown>>;
    expect(rep['events_overflow']).toBe(0);
    expect(events).toHaveLength(3);
    for (const e of events) {
      expect(Object.keys(e).sort()).toEqual(['catalog_id', 'error_type', 'file', 'guide_id', 'line', 'line_end', 'request_id', 'status', 'text', 'time']);
    }
    // the socket hang up: an APIConnectionError line and its cause three lines below are one event
    expect(events.map((e) => [e['line'], e['line_end'], e['catalog_id'], e['status'], e['request_id']])).toEqual([
      [3, 3, 'tool-result-missing', 400, 'req_011CSLmVyZCJ9sNjG5b8wKdZ'],
      [9, 12, 'socket-hang-up', null, null],
      [13, 13, 'rate-limit-tokens', 429, null],
    ]);
    expect(events[0]).toMatchObject({ file: path, time: '2026-03-02T11:02:13.511Z', error_type: 'invalid_request_error', guide_id: expect.any(String) });
    const byId = Object.fromEntries(entries.map((e) => [e['catalog_id'], e]));
    for (const [id, want] of Object.entries(expected.files['node-app.log']!.entries)) {
      expect(byId[id]).toMatchObject({ count: want.count, first_seen: want.first_seen, last_seen: want.last_seen, sample: { file: path, line: want.sample_line } });
    }
  });

  it("reads stdin with '-'", async () => {
    const r = await run(['analyze', '--json', '-'], readFileSync(join(LOGS, 'structlog.jsonl')));
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out) as { entries: Array<{ catalog_id: string; count: number; sample: { file: string; line: number } }> };
    const got = Object.fromEntries(rep.entries.map((e) => [e.catalog_id, [e.count, e.sample.file, e.sample.line]]));
    const want = Object.fromEntries(Object.entries(expected.files['structlog.jsonl']!.entries).map(([id, e]) => [id, [e.count, '-', e.sample_line]]));
    expect(got).toEqual(want);
  });

  it('prints a readable report: counts, title, fix, first/last seen, file:line, unknown patterns', async () => {
    const path = join(LOGS, 'python-app.log');
    const r = await run(['analyze', path]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Scanned 1 file, .*18 lines/m);
    expect(r.out).toContain('Found 6 Claude API errors: 3 known causes, 2 unknown.');
    expect(r.out).toMatch(/^ +2 {2}overloaded — .+\(retryable\)$/m);
    expect(r.out).toContain('seen 2026-03-02T10:17:12.901Z .. 2026-03-02T10:18:40.777Z');
    expect(r.out).toContain(`e.g. ${path}:13  `);
    expect(r.out).toMatch(/^ +fix: \S/m);
    expect(r.out).toContain('Unknown patterns');
    expect(r.out).toMatch(/^ +2 {2}messages\.<n>\.content\.<n>\.document\.source: Input tag <str>/m);
    expect(r.out).toContain(`e.g. ${path}:17  (2026-03-02T10:22:30.412Z .. 2026-03-02T10:23:59.999Z)`);
  });

  it('an unreadable file: a clear error on stderr, the others still analysed, exit 1', async () => {
    const missing = join(LOGS, 'no-such-file.log');
    const r = await run(['analyze', '--json', missing, join(LOGS, 'winston.jsonl'), join(LOGS, 'pino.jsonl')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`claude-errors analyze: cannot read ${missing}: ENOENT`);
    const rep = JSON.parse(r.out) as { files: number; read_errors: Array<{ path: string; code: string }>; entries: Array<{ catalog_id: string }> };
    expect(rep.files).toBe(2);
    expect(rep.read_errors.map((e) => [e.path, e.code])).toEqual([[missing, 'ENOENT']]);
    expect(rep.entries.map((e) => e.catalog_id).sort()).toEqual(['credit-balance-too-low', 'invalid-api-key', 'overloaded']);
    const text = await run(['analyze', missing, join(LOGS, 'winston.jsonl')]);
    expect(text.code).toBe(1);
    expect(text.out).toContain('Could not read:');
    expect(text.out).toContain('credit-balance-too-low');
  });

  it('bad usage exits 2 with the usage text', async () => {
    const none = await run(['analyze']);
    expect(none.code).toBe(2);
    expect(none.err).toContain("give at least one file, directory or '-'");
    expect(none.err).toContain('Usage: claude-errors analyze');
    const flag = await run(['analyze', '--frobnicate', join(LOGS, 'pino.jsonl')]);
    expect(flag.code).toBe(2);
    expect(flag.err).toContain('--frobnicate');
    expect(flag.out).toBe('');
  });

  it('a file with no Claude errors: exit 0 and says so', async () => {
    const r = await run(['analyze', join(LOGS, 'unrelated.log')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('No Claude API errors found.');
  });
});
