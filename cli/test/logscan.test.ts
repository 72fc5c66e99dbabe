import { copyFileSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scanPaths, type AnalyzeReport } from '../src/logscan/index.js';
import { tempDir } from '@claude-errors/testkit/analyzer-fixtures/records';

const LOGS = fileURLToPath(new URL('../../test/fixtures/logs/', import.meta.url));

interface ExpectedEntry {
  count: number;
  first_seen: string | null;
  last_seen: string | null;
  sample_line: number | null;
}
interface ExpectedPattern extends ExpectedEntry {
  fingerprint: string;
}
interface ExpectedFile {
  format: string;
  entries: Record<string, ExpectedEntry>;
  unknown_patterns: ExpectedPattern[];
  not_counted: number[];
}
const expected = JSON.parse(readFileSync(join(LOGS, 'expected.json'), 'utf8')) as { files: Record<string, ExpectedFile> };
const fixtureNames = Object.keys(expected.files);

/** Known entries of a report as the expected.json shape (the `unknown` total is checked apart). */
function entriesOf(r: AnalyzeReport): Record<string, ExpectedEntry> {
  const out: Record<string, ExpectedEntry> = {};
  for (const e of r.entries) {
    if (e.catalog_id === 'unknown') continue;
    out[e.catalog_id] = { count: e.count, first_seen: e.first_seen, last_seen: e.last_seen, sample_line: e.sample.line };
  }
  return out;
}

function patternsOf(r: AnalyzeReport): ExpectedPattern[] {
  return r.unknown_patterns.map((p) => ({ fingerprint: p.fingerprint, count: p.count, first_seen: p.first_seen, last_seen: p.last_seen, sample_line: p.sample.line }));
}

/** Number of lines as an editor counts them (a last line without newline counts). */
/** Writes `lines` (joined by newlines) to a new temp folder as `name`; returns the path. */
/** Scans a log file `name` in a fresh directory, made of `lines`, each ending in a newline. */
async function scanLog(name: string, lines: string[]): Promise<AnalyzeReport> {
  const f = join(tempDir('ce-logscan-'), name);
  writeFileSync(f, lines.map((l) => `${l}\n`).join(''));
  return scanPaths([f]);
}

function lineCount(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** The expected file with null sample lines (one pretty-printed document) replaced by what any line in the file may be. */
function withDocumentLines(exp: ExpectedFile, got: AnalyzeReport): Record<string, ExpectedEntry> {
  const out: Record<string, ExpectedEntry> = {};
  for (const [id, e] of Object.entries(exp.entries)) {
    const actual = got.entries.find((x) => x.catalog_id === id);
    out[id] = e.sample_line === null ? { ...e, sample_line: actual?.sample.line ?? -1 } : e;
  }
  return out;
}

describe('analyze: the fixture logs (test/fixtures/logs/expected.json)', () => {
  it('expected.json covers every fixture log in the folder', () => {
    const logs = readdirSync(LOGS).filter((n) => n !== 'README.md' && n !== 'expected.json').sort();
    expect(fixtureNames.slice().sort()).toEqual(logs);
  });

  for (const name of fixtureNames) {
    const exp = expected.files[name]!;
    it(`${name} (${exp.format})`, async () => {
      const path = join(LOGS, name);
      const text = readFileSync(path, 'utf8');
      const r = await scanPaths([path]);
      expect(r.read_errors).toEqual([]);
      expect(r.files).toBe(1);
      expect(r.bytes).toBe(Buffer.byteLength(text));
      expect(r.lines).toBe(lineCount(text));
      expect(entriesOf(r)).toEqual(withDocumentLines(exp, r));
      expect(patternsOf(r)).toEqual(exp.unknown_patterns);
      const unknownTotal = exp.unknown_patterns.reduce((n, p) => n + p.count, 0);
      expect(r.entries.find((e) => e.catalog_id === 'unknown')?.count ?? 0).toBe(unknownTotal);
      const knownTotal = Object.values(exp.entries).reduce((n, e) => n + e.count, 0);
      expect(r.errors_found).toBe(knownTotal + unknownTotal);

      const lines = text.split('\n');
      for (const e of [...r.entries, ...r.unknown_patterns]) {
        expect(e.sample.file).toBe(path);
        expect(exp.not_counted, `sample ${name}:${e.sample.line}`).not.toContain(e.sample.line);
        // the sample is the text of the line it names (a pretty-printed document has a placeholder)
        const at = exp.entries[(e as { catalog_id?: string }).catalog_id ?? '']?.sample_line;
        if (at !== null) expect(lines[e.sample.line - 1]?.trim().startsWith(e.sample.text.replace(/…$/, ''))).toBe(true);
      }
    });
  }

  it('every report entry carries the catalog title and fix', async () => {
    const r = await scanPaths([join(LOGS, 'node-app.log')]);
    for (const e of r.entries) {
      expect(e.title.length).toBeGreaterThan(3);
      expect(e.fix.length).toBeGreaterThan(10);
      expect(typeof e.retryable).toBe('boolean');
    }
  });
});

describe('analyze: what does not count', () => {
  it('an ECONNRESET, a socket hang up or a 500 with no Claude context is ignored', async () => {
    const r = await scanPaths([join(LOGS, 'unrelated.log')]);
    expect(r.errors_found).toBe(0);
    expect(r.entries).toEqual([]);
  });

  it('the same connection error does count inside a Claude call', async () => {
    const r = await scanLog('app.log', [
      '2026-03-02 09:00:02,900 ERROR db.pool connection lost: Error: read ECONNRESET',
      '2026-03-02 09:00:03,100 ERROR claude call failed: Error: read ECONNRESET',
      '    at TLSWrap.onStreamRead (node:internal/stream_base_commons:218:20)',
    ]);
    expect(entriesOf(r)).toEqual({ 'socket-hang-up': { count: 1, first_seen: '2026-03-02T09:00:03.100Z', last_seen: '2026-03-02T09:00:03.100Z', sample_line: 2 } });
  });
  it('a JSON record ends a text log event: Claude context in a later record does not count', async () => {
    const { entries } = await scanLog('mixed.log', [
      '[2026-03-02T09:00:03.100Z] error: webhook delivery failed: socket hang up',
      '{"level":30,"time":1772442004000,"msg":"request completed","responseTime":12}',
      '{"level":30,"time":1772442005000,"msg":"claude call ok","model":"claude-sonnet-4-5"}',
    ]);
    expect(entries).toEqual([]);
  });
});

describe('analyze: unknown errors are grouped, not lost', () => {
  it('messages that differ only in ids, numbers and quoted values form one pattern', async () => {
    const line = (ts: string, req: string, n: number, q: string) =>
      `${ts} ERROR anthropic call failed: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'messages.${n}: widget '${q}' is not frobnicable (${req})'}}`;
    const r = await scanLog('app.log', [
      line('2026-03-02 08:00:00,000', 'req_011CAAAAAAAAAAAAAAAAAAAA', 3, 'blue'),
      line('2026-03-02 08:30:00,000', 'req_011CBBBBBBBBBBBBBBBBBBBB', 17, 'green'),
      line('2026-03-02 09:00:00,000', 'req_011CCCCCCCCCCCCCCCCCCCCC', 4, 'red'),
      '2026-03-02 09:10:00,000 ERROR anthropic call failed: Error code: 400 - {\'type\': \'error\', \'error\': {\'type\': \'invalid_request_error\', \'message\': \'an entirely different complaint\'}}',
    ]);
    expect(r.entries.map((e) => [e.catalog_id, e.count])).toEqual([['unknown', 4]]);
    expect(r.unknown_patterns.map((p) => [p.count, p.sample.line, p.first_seen, p.last_seen])).toEqual([
      [3, 1, '2026-03-02T08:00:00.000Z', '2026-03-02T09:00:00.000Z'],
      [1, 4, '2026-03-02T09:10:00.000Z', '2026-03-02T09:10:00.000Z'],
    ]);
    const fp = r.unknown_patterns[0]!.fingerprint;
    expect(fp).toContain('is not frobnicable');
    for (const leaked of ['blue', 'green', 'red', 'req_011C', '17']) expect(fp).not.toContain(leaked);
  });
});

describe('analyze: inputs', () => {
  it('reads a directory recursively and sums every file', async () => {
    const dir = tempDir('ce-logscan-');
    mkdirSync(join(dir, 'a', 'b', 'c'), { recursive: true });
    const places = ['', 'a', join('a', 'b'), join('a', 'b', 'c')];
    fixtureNames.forEach((n, i) => copyFileSync(join(LOGS, n), join(dir, places[i % places.length]!, n)));
    const r = await scanPaths([dir]);
    expect(r.read_errors).toEqual([]);
    expect(r.files).toBe(fixtureNames.length);
    const want = new Map<string, number>();
    for (const f of Object.values(expected.files)) for (const [id, e] of Object.entries(f.entries)) want.set(id, (want.get(id) ?? 0) + e.count);
    const unknown = Object.values(expected.files).reduce((n, f) => n + f.unknown_patterns.reduce((m, p) => m + p.count, 0), 0);
    const got = new Map(r.entries.filter((e) => e.catalog_id !== 'unknown').map((e) => [e.catalog_id, e.count]));
    expect(got).toEqual(want);
    expect(r.entries.find((e) => e.catalog_id === 'unknown')?.count).toBe(unknown);
    const overloaded = r.entries.find((e) => e.catalog_id === 'overloaded')!;
    // three files report 529s: first and last seen span all of them
    expect([overloaded.first_seen, overloaded.last_seen]).toEqual(['2026-03-02T10:17:12.901Z', '2026-03-02T12:00:01.000Z']);
  });

  it("reads '-' from the given stdin stream", async () => {
    const text = readFileSync(join(LOGS, 'python-app.log'));
    const r = await scanPaths(['-'], { stdin: Readable.from([text]) });
    const exp = expected.files['python-app.log']!;
    expect(entriesOf(r)).toEqual(exp.entries);
    expect(r.entries.every((e) => e.sample.file === '-')).toBe(true);
  });

  it('an unreadable path is reported and the rest is still analysed', async () => {
    const dir = tempDir('ce-logscan-');
    copyFileSync(join(LOGS, 'winston.jsonl'), join(dir, 'winston.jsonl'));
    symlinkSync(join(dir, 'gone.log'), join(dir, 'dangling.log'));
    const missing = join(dir, 'no-such.log');
    const r = await scanPaths([missing, dir, join(LOGS, 'pino.jsonl')]);
    expect(r.read_errors.map((e) => [e.path, e.code])).toEqual([
      [missing, 'ENOENT'],
      [join(dir, 'dangling.log'), 'ENOENT'],
    ]);
    expect(r.files).toBe(2);
    expect(Object.keys(entriesOf(r)).sort()).toEqual(['credit-balance-too-low', 'invalid-api-key', 'overloaded']);
  });
});

/** A Readable of `text` cut into pieces of the given sizes (cycled). */
function chunked(text: Buffer, sizes: readonly number[]): Readable {
  const parts: Buffer[] = [];
  for (let at = 0, i = 0; at < text.length; i++) {
    const n = sizes[i % sizes.length]!;
    parts.push(text.subarray(at, at + n));
    at += n;
  }
  return Readable.from(parts, { objectMode: false });
}

describe('analyze: streaming', () => {
  it('gives the same report whatever the chunk boundaries (lines and UTF-8 characters cut in two)', async () => {
    const names = ['python-app.log', 'node-app.log', 'pino.jsonl', 'structlog.jsonl'];
    const text = Buffer.concat(names.map((n) => readFileSync(join(LOGS, n))));
    const whole = await scanPaths(['-'], { stdin: Readable.from([text]) });
    for (const sizes of [[1], [7, 3, 64], [4096, 1]]) {
      const r = await scanPaths(['-'], { stdin: chunked(text, sizes) });
      expect(r).toEqual(whole);
    }
    expect(whole.errors_found).toBe(
      names.reduce((n, f) => n + Object.values(expected.files[f]!.entries).reduce((m, e) => m + e.count, 0) + expected.files[f]!.unknown_patterns.reduce((m, p) => m + p.count, 0), 0),
    );
  });

  it('finds an error line that straddles the 1 MiB read-chunk boundary, with its line number', async () => {
    const dir = tempDir('ce-logscan-');
    const f = join(dir, 'big.log');
    const MiB = 1024 * 1024;
    const filler = '2026-03-02 10:00:00,000 INFO worker.index indexed page ééé of the manual\n'; // multi-byte characters
    const lines: string[] = [];
    let bytes = 0;
    while (bytes + Buffer.byteLength(filler) < MiB - 40) {
      lines.push(filler);
      bytes += Buffer.byteLength(filler);
    }
    const errorLine =
      "2026-03-02 10:05:00,000 ERROR worker.index anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'This request would exceed the rate limit for your organization of 40,000 output tokens per minute.'}}\n";
    lines.push(errorLine);
    expect(bytes).toBeLessThan(MiB);
    expect(bytes + Buffer.byteLength(errorLine)).toBeGreaterThan(MiB);
    const errorLineNo = lines.length;
    for (let i = 0; i < 20_000; i++) lines.push(filler);
    writeFileSync(f, lines.join(''));
    const r = await scanPaths([f]);
    expect(entriesOf(r)).toEqual({ 'rate-limit-tokens': { count: 1, first_seen: '2026-03-02T10:05:00.000Z', last_seen: '2026-03-02T10:05:00.000Z', sample_line: errorLineNo } });
    expect(r.lines).toBe(lines.length);
  });

  it('reports the right line numbers in a generated multi-MB log', async () => {
    const dir = tempDir('ce-logscan-');
    const f = join(dir, 'gen.log');
    const out = createWriteStream(f);
    const want = { overloaded: [] as number[], 'invalid-api-key': [] as number[], pino: [] as number[] };
    const N = 120_000;
    for (let i = 1; i <= N; i++) {
      const ts = `2026-03-02 10:${String(Math.floor(i / 6000) % 60).padStart(2, '0')}:${String(Math.floor(i / 100) % 60).padStart(2, '0')},000`;
      let line: string;
      if (i % 9973 === 0) {
        line = `${ts} WARNING worker retrying after anthropic.InternalServerError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}`;
        want.overloaded.push(i);
      } else if (i % 31_337 === 0) {
        line = `${ts} ERROR worker AuthenticationError: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}`;
        want['invalid-api-key'].push(i);
      } else if (i % 3 === 0) {
        line = `{"level":30,"time":${1772445600000 + i},"msg":"request served","route":"/api/items/${i}","ms":${i % 97}}`;
      } else if (i % 5 === 0) {
        line = `${ts} INFO worker claude answered in ${i % 7}.${i % 10} s, ${i % 4000} output tokens`;
      } else {
        line = `${ts} INFO web GET /api/items/${i} 200 ${i % 50} ms user=${(i * 2654435761) % 100000}`;
      }
      out.write(line + '\n');
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    const r = await scanPaths([f]);
    expect(r.bytes).toBeGreaterThan(8 * 1024 * 1024);
    expect(r.lines).toBe(N);
    const got = Object.fromEntries(r.entries.map((e) => [e.catalog_id, [e.count, e.sample.line]]));
    expect(got).toEqual({
      overloaded: [want.overloaded.length, want.overloaded[0]],
      'invalid-api-key': [want['invalid-api-key'].length, want['invalid-api-key'][0]],
    });
  });

  it('streams: heap stays bounded while a 256 MB input is scanned', async () => {
    const MB = 1024 * 1024;
    const block = Buffer.from(
      Array.from({ length: 4096 }, (_, i) =>
        i % 512 === 0
          ? `2026-03-02 10:00:00,000 ERROR anthropic.InternalServerError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}\n`
          : `2026-03-02 10:00:00,000 INFO web GET /api/items/${i} 200 ${i % 50} ms\n`,
      ).join(''),
    );
    const copies = Math.ceil((256 * MB) / block.length);
    function* source(): Generator<Buffer> {
      for (let i = 0; i < copies; i++) yield block;
    }
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const r = await scanPaths(['-'], {
      stdin: Readable.from(source(), { objectMode: false }),
      onProgress: () => {
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      },
    });
    expect(r.bytes).toBe(copies * block.length);
    expect(r.lines).toBe(copies * 4096);
    expect(r.entries.map((e) => [e.catalog_id, e.count])).toEqual([['overloaded', copies * 8]]);
    // Holding the input (or one string per line) would need over 256 MB of heap. What the scan
    // needs is a chunk or two and the garbage not yet collected, which grows when both cores are
    // busy (the collector's concurrent marking lags): a bound well above that, far below the input.
    expect(peak - before).toBeLessThan(96 * MB);
  });
});
