// analyze's bounds: over-long lines are cut by the reader (the rest counted, never kept), and the
// directory walk reads each file and directory once whatever the symbolic links.
import { copyFileSync, linkSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { forEachBlock, scanPaths } from '../src/logscan/index.js';
import { tempDir } from '@claude-errors/testkit/analyzer-fixtures/records';

const LOGS = fileURLToPath(new URL('../../test/fixtures/logs/', import.meta.url));
const ERROR_LINE = "2026-03-02 10:05:00,000 ERROR worker anthropic.InternalServerError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}";

/** What the reader must produce: each line cut after the character that crosses `max` bytes. */
function expectedCut(text: string, max: number): { text: string; longLines: number; unscannedBytes: number } {
  let longLines = 0;
  let unscannedBytes = 0;
  const lines = text.split('\n').map((line) => {
    const bytes = Buffer.from(line);
    if (bytes.length <= max) return line;
    let cut = max;
    while (cut < bytes.length && (bytes[cut]! & 0xc0) === 0x80) cut++;
    longLines++;
    unscannedBytes += bytes.length - cut;
    return bytes.subarray(0, cut).toString('utf8');
  });
  return { text: lines.join('\n'), longLines, unscannedBytes };
}

async function readCut(text: string, max: number, sizes: readonly number[]): Promise<{ text: string; longLines: number; unscannedBytes: number }> {
  const all = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let at = 0, i = 0; at < all.length; i++) {
    parts.push(all.subarray(at, at + sizes[i % sizes.length]!));
    at += sizes[i % sizes.length]!;
  }
  let out = '';
  const stats = await forEachBlock(Readable.from(parts, { objectMode: false }), (t) => (out += t), { maxLineBytes: max });
  return { text: out, ...stats };
}

describe('analyze: the line cap', () => {
  it('cuts every line longer than the cap after a whole character, whatever the chunk boundaries', async () => {
    const lines = ['short', 'x'.repeat(40), 'é'.repeat(30), '', 'ab' + '€'.repeat(25) + 'cd', 'y'.repeat(16), 'z'.repeat(17), 'tail without newline' + 'w'.repeat(50)];
    const text = lines.join('\n');
    for (const max of [16, 17, 33]) {
      const want = expectedCut(text, max);
      expect(want.longLines).toBeGreaterThan(2);
      for (const sizes of [[1], [2, 5], [7, 3, 64], [16], [17], [4096]]) {
        expect(await readCut(text, max, sizes), `max ${max}, chunks ${sizes.join(',')}`).toEqual(want);
      }
    }
  });

  it('agrees with the reference on random text, caps and chunkings', async () => {
    let seed = 11;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) % n);
    const alphabet = ['a', 'b', ' ', '\n', 'é', '€', '😀', '\r'];
    for (let round = 0; round < 200; round++) {
      const text = Array.from({ length: rnd(300) }, () => alphabet[rnd(alphabet.length)]!.repeat(1 + rnd(20))).join('');
      const max = 1 + rnd(40);
      const sizes = Array.from({ length: 1 + rnd(4) }, () => 1 + rnd(50));
      expect(await readCut(text, max, sizes), `round ${round}`).toEqual(expectedCut(text, max));
    }
  });

  it('scans the first MiB of a long line, keeps line numbers after it, and reports what it left out', async () => {
    const dir = tempDir('ce-logscan-');
    const f = join(dir, 'long.log');
    const long = `${ERROR_LINE} ${'x'.repeat(3 * 1024 * 1024)} ${ERROR_LINE}`; // the second error is past the cap
    writeFileSync(f, ['info: start', long, 'info: more', ERROR_LINE, ''].join('\n'));
    const r = await scanPaths([f]);
    expect(r.lines).toBe(4);
    expect(r.long_lines).toBe(1);
    expect(r.unscanned_bytes).toBe(Buffer.byteLength(long) - 1024 * 1024);
    expect(r.max_line_bytes).toBe(1024 * 1024);
    expect(r.entries.map((e) => [e.catalog_id, e.count, e.sample.line])).toEqual([['overloaded', 2, 2]]);
    const small = await scanPaths([f], { maxLineBytes: 64 });
    expect(small.long_lines).toBe(2); // the error line itself is longer than 64 bytes too
  });
});

describe('analyze: a multi-line OTLP JSON document', () => {
  it('over 64 MiB is refused with a read error instead of being parsed whole', async () => {
    const f = join(tempDir('ce-logscan-'), 'big-otlp.json');
    const span = '      { "name": "chat", "status": { "code": 2, "message": "529 overloaded_error" } },\n';
    const body = span.repeat(Math.ceil((64 * 1024 * 1024) / span.length) + 1);
    writeFileSync(f, `{\n  "resourceSpans": [ { "scopeSpans": [ { "spans": [\n${body}      {}\n  ] } ] } ]\n}\n`);
    const r = await scanPaths([f]);
    expect(r.files).toBe(0);
    expect(r.errors_found).toBe(0);
    expect(r.read_errors).toEqual([{ path: f, code: 'CE_ERR_ANALYZE_OTLP_TOO_LARGE', message: expect.stringContaining('export OTLP as JSON lines') }]);
  });
});

describe('analyze: symbolic links', () => {
  function logTree(): string {
    const dir = realpathSync(tempDir('ce-logscan-')); // link targets are reported as real paths
    mkdirSync(join(dir, 'logs', 'old'), { recursive: true });
    copyFileSync(join(LOGS, 'node-app.log'), join(dir, 'logs', 'node-app.log')); // 3 errors
    copyFileSync(join(LOGS, 'pino.jsonl'), join(dir, 'logs', 'old', 'pino.jsonl'));
    return dir;
  }

  it('a link back up the tree (loop -> ..) is skipped as a loop, and every file counts once', async () => {
    const dir = logTree();
    symlinkSync('..', join(dir, 'logs', 'loop'));
    symlinkSync('.', join(dir, 'logs', 'old', 'self'));
    const once = await scanPaths([join(dir, 'logs', 'node-app.log'), join(dir, 'logs', 'old', 'pino.jsonl')]);
    const r = await scanPaths([join(dir, 'logs')]);
    expect(r.files).toBe(2);
    expect(r.errors_found).toBe(once.errors_found);
    expect(r.read_errors).toEqual([]);
    expect(r.skipped_paths).toEqual([
      { path: join(dir, 'logs', 'old', 'self'), reason: 'symlink-loop', target: join(dir, 'logs', 'old') },
      { path: join(dir, 'logs', 'loop'), reason: 'symlink-loop', target: dir },
    ]);
  });

  it('links and hard links to files or directories already read, and paths given twice, are read once', async () => {
    const dir = logTree();
    symlinkSync(join(dir, 'logs', 'node-app.log'), join(dir, 'logs', 'current.log'));
    linkSync(join(dir, 'logs', 'node-app.log'), join(dir, 'logs', 'zz-hard.log'));
    symlinkSync('old', join(dir, 'logs', 'archive'));
    // two directories whose links point at each other
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    symlinkSync(join(dir, 'b'), join(dir, 'a', 'to-b'));
    symlinkSync(join(dir, 'a'), join(dir, 'b', 'to-a'));
    const r = await scanPaths([join(dir, 'logs'), join(dir, 'logs', 'node-app.log'), join(dir, 'a'), join(dir, 'b')]);
    expect(r.files).toBe(2);
    expect(r.errors_found).toBe(3 + (await scanPaths([join(dir, 'logs', 'old')])).errors_found);
    // A directory's links are read after its other entries, so files keep their own names.
    expect(r.skipped_paths).toEqual([
      { path: join(dir, 'logs', 'zz-hard.log'), reason: 'already-scanned', target: join(dir, 'logs', 'node-app.log') },
      { path: join(dir, 'logs', 'archive'), reason: 'already-scanned', target: join(dir, 'logs', 'old') },
      { path: join(dir, 'logs', 'current.log'), reason: 'already-scanned', target: join(dir, 'logs', 'node-app.log') },
      { path: join(dir, 'logs', 'node-app.log'), reason: 'already-scanned', target: join(dir, 'logs', 'node-app.log') },
      { path: join(dir, 'a', 'to-b', 'to-a'), reason: 'symlink-loop', target: join(dir, 'a') },
      { path: join(dir, 'b'), reason: 'already-scanned', target: join(dir, 'a', 'to-b') },
    ]);
  });
});
