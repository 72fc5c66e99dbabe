import { spawn } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, realpathSync, rmSync, symlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Issue 10 item 12, the reproductions: `claude-errors analyze` on a 100 MB file that is one line
 * took 9.8 s and 0.94 GB (through stdin it did not finish in 60 s), and a directory holding
 * `loop -> ..` was scanned 41 times over. Lines are now cut at 1 MiB by the reader (the rest is
 * counted, never kept), and each file and directory is read once. Peak memory is measured by the
 * child process itself (`process.resourceUsage().maxRSS`, printed at exit).
 */
const BIN = fileURLToPath(new URL('../../cli/bin/claude-errors.mjs', import.meta.url));
const LOGS = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));
const PRINT_MAX_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('maxRSS='+process.resourceUsage().maxRSS+'\\n'))`;
const MB = 1e6;
const MiB = 1024 * 1024;
const SIZE = 100 * MB;
const RSS_BOUND_MB = 300; // a 100 MB line was 940 MB; node alone is about 50 MB
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ce-analyze-bounds-'))); // link targets are reported as real paths
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One 100 MB line that mentions Claude all along (so the scanner's trigger fires everywhere). */
const piece = Buffer.from('lorem ipsum anthropic overloaded_error dolor sit amet, '.repeat(20_000));
function* oneLine(): Generator<Buffer> {
  for (let left = SIZE; left > 0; left -= piece.length) yield left >= piece.length ? piece : piece.subarray(0, left);
}

interface Run {
  code: number | null;
  report: Record<string, unknown>;
  out: string;
  maxRssMB: number;
  seconds: number;
}

/** Runs the built CLI; `input` is written to its stdin with backpressure. */
function analyze(args: string[], input?: Iterable<Buffer>): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', PRINT_MAX_RSS, BIN, 'analyze', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.on('error', () => undefined);
  void (async () => {
    for (const chunk of input ?? []) if (!child.stdin.write(chunk)) await new Promise((r) => child.stdin.once('drain', r));
    child.stdin.end();
  })();
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const rss = /maxRSS=(\d+)/.exec(err);
      if (!rss) return reject(new Error(`no maxRSS from the child (exit ${code}): ${err}`));
      const report = args.includes('--json') ? (JSON.parse(out) as Record<string, unknown>) : {};
      resolve({ code, report, out, maxRssMB: Number(rss[1]) / 1024, seconds: (performance.now() - started) / 1000 });
    });
  });
}

describe('analyze: a 100 MB file that is one line', () => {
  it('from a file: memory stays bounded, the first MiB is scanned and the rest reported as not scanned', async () => {
    const file = join(dir, 'one-line.log');
    const fd = openSync(file, 'w');
    for (const b of oneLine()) writeSync(fd, b);
    closeSync(fd);
    const r = await analyze(['--json', file]);
    expect(r.code).toBe(0);
    expect(r.report).toMatchObject({ files: 1, bytes: SIZE, lines: 1, long_lines: 1, max_line_bytes: MiB, unscanned_bytes: SIZE - MiB });
    expect(r.maxRssMB).toBeLessThan(RSS_BOUND_MB);
    expect(r.seconds).toBeLessThan(20); // about 0.2 s; it was 9.8 s
    const text = await analyze([file]);
    expect(text.out).toContain('1 line was longer than 1 MiB: only the first 1 MiB of each was scanned (99.0 MB not scanned).');
  });

  it('from stdin: the same, and it finishes', async () => {
    const r = await analyze(['--json', '-'], oneLine());
    expect(r.code).toBe(0);
    expect(r.report).toMatchObject({ files: 1, bytes: SIZE, lines: 1, long_lines: 1, unscanned_bytes: SIZE - MiB });
    expect(r.maxRssMB).toBeLessThan(RSS_BOUND_MB);
    expect(r.seconds).toBeLessThan(20); // it did not finish in 60 s
  });
});

describe('analyze: a directory holding a symbolic link loop', () => {
  it('reads each file once, counts each error once, and lists the loop', async () => {
    const logs = join(dir, 'tree', 'logs');
    mkdirSync(logs, { recursive: true });
    copyFileSync(join(LOGS, 'node-app.log'), join(logs, 'node-app.log')); // 3 Claude API errors
    symlinkSync('..', join(logs, 'loop'));
    const r = await analyze(['--json', logs]);
    expect(r.code).toBe(0);
    expect(r.report).toMatchObject({
      files: 1,
      errors_found: 3,
      read_errors: [],
      skipped_paths: [{ path: join(logs, 'loop'), reason: 'symlink-loop', target: join(dir, 'tree') }],
    });
    const text = await analyze([join(dir, 'tree')]);
    expect(text.out).toMatch(/^Found 3 Claude API errors/m);
    expect(text.out).toContain(`${join(logs, 'loop')}: symbolic link loop (to ${join(dir, 'tree')}, which contains it)`);
  });
});
