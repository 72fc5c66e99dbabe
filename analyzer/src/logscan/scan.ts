/**
 * `analyze` entry point: expands paths (files, directories recursively, `-` for stdin), streams
 * each one through the line scanner, and builds the report. An unreadable path is recorded in
 * `read_errors` and the others are still analysed.
 */
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { extractFromOtlp, isOtlpDocument } from './extract-otlp.js';
import { LineScanner } from './line-scanner.js';
import { forEachBlock } from './read-blocks.js';
import { ReportBuilder, type AnalyzeReport } from './report.js';

export interface ScanOptions {
  /** Called with the running byte count and the total (known for files, null for stdin). */
  onProgress?: (done: number, total: number | null) => void;
  /** Stream used for `-` (defaults to process.stdin). */
  stdin?: Readable;
}

const CHUNK = 1024 * 1024;
const MAX_OTLP_DOCUMENT = 512 * 1024 * 1024;

interface Target {
  path: string;
  size: number | null;
}

async function expand(paths: readonly string[], report: ReportBuilder): Promise<Target[]> {
  const out: Target[] = [];
  const visit = async (p: string): Promise<void> => {
    if (p === '-') return void out.push({ path: '-', size: null });
    try {
      const st = await stat(p);
      if (st.isDirectory()) {
        const names = (await readdir(p)).sort();
        for (const n of names) await visit(join(p, n));
      } else if (st.isFile()) out.push({ path: p, size: st.size });
      else report.readErrors.push({ path: p, code: 'CE_ERR_ANALYZE_NOT_A_FILE', message: 'not a regular file or directory' });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      report.readErrors.push({ path: p, code: e.code ?? 'CE_ERR_ANALYZE_READ', message: e.message });
    }
  };
  for (const p of paths) await visit(p);
  return out;
}

/** A pretty-printed (multi-line) OTLP JSON export is parsed whole; line-delimited ones are not. */
async function prettyOtlpDocument(path: string, size: number): Promise<{ doc: Record<string, unknown>; lines: number } | undefined> {
  if (size > MAX_OTLP_DOCUMENT) return undefined;
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, 4096));
    await fh.read(head, 0, head.length, 0);
    const s = head.toString('utf8');
    const firstLine = s.split('\n', 1)[0] ?? '';
    if (!s.trimStart().startsWith('{') || firstLine.trim() !== '{') return undefined;
    if (!/"resource(Spans|Logs)"/.test(s)) return undefined;
    const text = (await fh.readFile()).toString('utf8');
    const doc: unknown = JSON.parse(text);
    if (!isOtlpDocument(doc)) return undefined;
    let lines = text.endsWith('\n') ? 0 : 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
    return { doc, lines };
  } catch {
    return undefined;
  } finally {
    await fh.close();
  }
}

async function scanOne(t: Target, report: ReportBuilder, opts: ScanOptions, doneBefore: number, total: number | null): Promise<number> {
  const scanner = new LineScanner(t.path, report);
  let done = 0;
  if (t.path !== '-' && t.size !== null) {
    const pretty = await prettyOtlpDocument(t.path, t.size);
    if (pretty) {
      for (const e of extractFromOtlp(pretty.doc)) scanner.countExtracted(e, '(OTLP document)', 1, true, -1);
      report.bytes += t.size;
      report.lines += pretty.lines;
      return t.size;
    }
  }
  const source: Readable = t.path === '-' ? (opts.stdin ?? process.stdin) : createReadStream(t.path, { highWaterMark: CHUNK });
  await forEachBlock(
    source,
    (text, atEnd) => scanner.scanBlock(text, atEnd),
    (n) => {
      done += n;
      opts.onProgress?.(doneBefore + done, total);
    },
  );
  scanner.finish();
  report.bytes += done;
  report.lines += scanner.linesSeen;
  return done;
}

export async function scanPaths(paths: readonly string[], opts: ScanOptions = {}): Promise<AnalyzeReport> {
  const report = new ReportBuilder();
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
