/**
 * `analyze` entry point: expands paths (files, directories recursively, `-` for stdin), streams
 * each one through the line scanner, and builds the report. An unreadable path is recorded in
 * `read_errors` and the others are still analysed.
 *
 * Symbolic links are followed, but each file and directory is scanned once: a link to a directory
 * that contains the link (`loop -> ..`) and a second path to something already reached (a link, a
 * hard link, a path given twice) are listed in `skipped_paths` instead.
 */
import { createReadStream } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative } from 'node:path';
import type { Readable } from 'node:stream';
import { CeError } from '@claude-errors/schemas';
import { extractFromOtlp, isOtlpDocument } from './extract-otlp.js';
import { LineScanner } from './line-scanner.js';
import { forEachBlock, MAX_LINE_BYTES } from './read-blocks.js';
import { ReportBuilder, type AnalyzeReport } from './report.js';

export interface ScanOptions {
  /** Called with the running byte count and the total (known for files, null for stdin). */
  onProgress?: (done: number, total: number | null) => void;
  /** Stream used for `-` (defaults to process.stdin). */
  stdin?: Readable;
  /** Longest line scanned, in bytes (default MAX_LINE_BYTES, 1 MiB); longer lines are scanned in their first part. */
  maxLineBytes?: number;
}

const CHUNK = 1024 * 1024;
/** A multi-line OTLP JSON document is parsed whole, up to this size (64 MiB takes about 300 MB of memory); a larger one is refused. */
const MAX_OTLP_DOCUMENT = 64 * 1024 * 1024;

interface Target {
  path: string;
  size: number | null;
}

/** True when `dir` is `ancestor` or inside it (both real paths). */
function isInside(dir: string, ancestor: string): boolean {
  const rel = relative(ancestor, dir);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

async function expand(paths: readonly string[], report: ReportBuilder): Promise<Target[]> {
  const out: Target[] = [];
  const seen = new Map<string, string>(); // dev:ino of each file and directory reached -> the path it was reached by
  /**
   * `parentReal`: the real path of the directory `p` was listed in (undefined for a path given on
   * the command line); `link`: `p` is a symbolic link (or a command-line path, resolved the same way);
   * `walking`: the directories being walked down to `p`.
   */
  const visit = async (p: string, parentReal: string | undefined, link: boolean, walking: ReadonlySet<string>): Promise<void> => {
    if (p === '-') return void out.push({ path: '-', size: null });
    try {
      const real = link || parentReal === undefined ? await realpath(p) : join(parentReal, basename(p));
      const st = await stat(p);
      if (!st.isDirectory() && !st.isFile()) {
        report.readErrors.push({ path: p, code: 'CE_ERR_ANALYZE_NOT_A_FILE', message: 'not a regular file or directory' });
        return;
      }
      const id = `${st.dev}:${st.ino}`;
      if (st.isDirectory() && (walking.has(id) || (link && parentReal !== undefined && isInside(parentReal, real)))) {
        report.skippedPaths.push({ path: p, reason: 'symlink-loop', target: real });
        return;
      }
      const first = seen.get(id);
      if (first !== undefined) {
        report.skippedPaths.push({ path: p, reason: 'already-scanned', target: first });
        return;
      }
      seen.set(id, p);
      if (st.isFile()) return void out.push({ path: p, size: st.size });
      // Entries by name, links after the rest: a file is read under its own name rather than a link's.
      const entries = (await readdir(p, { withFileTypes: true })).sort((x, y) => Number(x.isSymbolicLink()) - Number(y.isSymbolicLink()) || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
      const below = new Set(walking).add(id);
      for (const e of entries) await visit(join(p, e.name), real, e.isSymbolicLink(), below);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      report.readErrors.push({ path: p, code: e.code ?? 'CE_ERR_ANALYZE_READ', message: e.message });
    }
  };
  for (const p of paths) await visit(p, undefined, true, new Set());
  return out;
}

/**
 * A pretty-printed (multi-line) OTLP JSON export is parsed whole; line-delimited ones are not. One
 * larger than MAX_OTLP_DOCUMENT is refused (read as lines it would give nonsense counts).
 */
async function prettyOtlpDocument(path: string, size: number): Promise<{ doc: Record<string, unknown>; lines: number } | undefined> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, 4096));
    await fh.read(head, 0, head.length, 0);
    const s = head.toString('utf8');
    const firstLine = s.split('\n', 1)[0] ?? '';
    if (!s.trimStart().startsWith('{') || firstLine.trim() !== '{') return undefined;
    if (!/"resource(Spans|Logs)"/.test(s)) return undefined;
    if (size > MAX_OTLP_DOCUMENT) {
      throw new CeError(
        'CE_ERR_ANALYZE_OTLP_TOO_LARGE',
        `a multi-line OTLP JSON document over ${MAX_OTLP_DOCUMENT / 1024 ** 2} MiB is not read (it would be parsed whole); export OTLP as JSON lines, one request per line, which are read at any size`,
      );
    }
    const text = (await fh.readFile()).toString('utf8');
    const doc = tryParse(text);
    if (!isOtlpDocument(doc)) return undefined;
    let lines = text.endsWith('\n') ? 0 : 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
    return { doc, lines };
  } finally {
    await fh.close();
  }
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function scanOne(t: Target, report: ReportBuilder, opts: ScanOptions, doneBefore: number, total: number | null): Promise<number> {
  const scanner = new LineScanner(t.path, report);
  let done = 0;
  if (t.path !== '-' && t.size !== null) {
    const pretty = await prettyOtlpDocument(t.path, t.size);
    if (pretty) {
      for (const e of extractFromOtlp(pretty.doc)) scanner.countExtracted(e, '(OTLP document)', 1, true, -1);
      scanner.finish();
      report.bytes += t.size;
      report.lines += pretty.lines;
      return t.size;
    }
  }
  const source: Readable = t.path === '-' ? (opts.stdin ?? process.stdin) : createReadStream(t.path, { highWaterMark: CHUNK });
  const cut = await forEachBlock(source, (text, atEnd) => scanner.scanBlock(text, atEnd), {
    maxLineBytes: opts.maxLineBytes ?? MAX_LINE_BYTES,
    onBytes: (n) => {
      done += n;
      opts.onProgress?.(doneBefore + done, total);
    },
  });
  scanner.finish();
  report.bytes += done;
  report.lines += scanner.linesSeen;
  report.longLines += cut.longLines;
  report.unscannedBytes += cut.unscannedBytes;
  return done;
}

export async function scanPaths(paths: readonly string[], opts: ScanOptions = {}): Promise<AnalyzeReport> {
  const report = new ReportBuilder(opts.maxLineBytes ?? MAX_LINE_BYTES);
  const targets = await expand(paths, report);
  const total = targets.every((t) => t.size !== null) ? targets.reduce((n, t) => n + (t.size ?? 0), 0) : null;
  let done = 0;
  for (const t of targets) {
    try {
      done += await scanOne(t, report, opts, done, total);
      report.files++;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      report.readErrors.push({ path: t.path, code: e.code ?? 'CE_ERR_ANALYZE_READ', message: e.message });
    }
  }
  return report.build();
}
