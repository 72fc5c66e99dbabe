import { parseArgs } from 'node:util';
import { scanPaths, type AnalyzeReport } from '../logscan/index.js';
import type { Command } from '../command.js';
import { terminalSafe } from '../report/render.js';

const USAGE = `Usage: claude-errors analyze [--json] <file|dir|-> [...]

Scans application logs for Claude API errors and reports them per catalog entry:
  plain text (Python tracebacks, Node stack traces, framework log lines),
  JSON lines (pino, winston, bunyan, structlog) and OTLP JSON exports (JSON lines at any size;
  a multi-line, pretty-printed document is parsed whole, up to 64 MiB), and the output of the
  tools that call Claude (Claude Code's terminal, --debug and Errors JSON, LiteLLM, LangChain,
  aider, OpenHands, Cline, the AI SDK, Bedrock and Vertex clients).
Each error counted is one event: one failed API attempt or response, however many lines or
loggers print it (docs/analyze.md). Other providers' errors, telemetry exporters' failures and
successful responses are not counted.
Directories are read recursively, following symbolic links; each file and directory is read
once (a link back into its own tree, or a second path to a file, is listed as skipped).
'-' reads stdin. Input is streamed, so memory stays bounded whatever its size: a line longer
than 1 MiB is scanned in its first 1 MiB only, and the rest is counted and reported as not scanned.

  --json      machine-readable report on stdout, with each event (file, lines, time, request id,
              status, error type, catalog_id, guide_id; docs/analyze.md)
Exit status: 0 when every input was read, 1 when some could not be (they are listed; the rest
is still analysed), 2 on bad usage.`;

function fmtBytes(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(1)} kB`;
}

/** Human-readable report. */
export function renderReport(r: AnalyzeReport, seconds: number): string {
  const out: string[] = [];
  out.push(`Scanned ${r.files} file${r.files === 1 ? '' : 's'}, ${fmtBytes(r.bytes)}, ${r.lines.toLocaleString('en-US')} line${r.lines === 1 ? '' : 's'} in ${seconds.toFixed(1)} s.`);
  if (r.long_lines) {
    const n = r.long_lines.toLocaleString('en-US');
    const cap = r.max_line_bytes % 1024 ** 2 === 0 ? `${r.max_line_bytes / 1024 ** 2} MiB` : `${r.max_line_bytes} bytes`;
    out.push(`${n} line${r.long_lines === 1 ? ' was' : 's were'} longer than ${cap}: only the first ${cap} of each was scanned (${fmtBytes(r.unscanned_bytes)} not scanned).`);
  }
  const known = r.entries.filter((e) => e.catalog_id !== 'unknown');
  const unknown = r.entries.find((e) => e.catalog_id === 'unknown');
  out.push(
    r.errors_found
      ? `Found ${r.errors_found} Claude API error${r.errors_found === 1 ? '' : 's'}: ${known.length} known cause${known.length === 1 ? '' : 's'}, ${unknown?.count ?? 0} unknown.`
      : 'No Claude API errors found.',
  );
  for (const e of known) {
    out.push('', `${String(e.count).padStart(6)}  ${e.catalog_id} — ${e.title}${e.retryable ? ' (retryable)' : ''}`);
    if (e.first_seen) out.push(`        seen ${e.first_seen} .. ${e.last_seen}`);
    out.push(`        fix: ${e.fix}`);
    out.push(`        e.g. ${e.sample.file}:${e.sample.line}  ${e.sample.text.slice(0, 200)}`);
  }
  if (r.unknown_patterns.length) {
    out.push('', 'Unknown patterns (add a catalog entry if one recurs):');
    for (const p of r.unknown_patterns.slice(0, 50)) {
      out.push(`${String(p.count).padStart(6)}  ${p.fingerprint}`);
      out.push(`        e.g. ${p.sample.file}:${p.sample.line}${p.first_seen ? `  (${p.first_seen} .. ${p.last_seen})` : ''}`);
    }
    if (r.unknown_patterns.length > 50) out.push(`        … ${r.unknown_patterns.length - 50} more patterns (use --json)`);
    if (r.unknown_overflow) out.push(`        … ${r.unknown_overflow} unknown errors beyond the pattern limit`);
  }
  if (r.skipped_paths.length) {
    out.push('', 'Skipped (each file and directory is read once):');
    for (const s of r.skipped_paths) {
      out.push(`  ${s.path}: ${s.reason === 'symlink-loop' ? `symbolic link loop (to ${s.target}, which contains it)` : `already read as ${s.target}`}`);
    }
  }
  if (r.read_errors.length) {
    out.push('', 'Could not read:');
    for (const e of r.read_errors) out.push(`  ${e.path}: ${e.message.startsWith(e.code) ? e.message : `${e.code}: ${e.message}`}`);
  }
  return out.join('\n') + '\n';
}

/** A one-line progress bar on stderr, redrawn at most every 200 ms; only used on a TTY. */
function progressBar(): { update: (done: number, total: number | null) => void; clear: () => void } {
  let last = 0;
  const width = 30;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      const frac = total ? Math.min(1, done / total) : 0;
      const bar = total ? '#'.repeat(Math.round(frac * width)).padEnd(width, '.') : ''.padEnd(width, '?');
      process.stderr.write(`\r[${bar}] ${total ? `${(frac * 100).toFixed(0)}%` : ''} ${fmtBytes(done)}   `);
    },
    clear() {
      if (last) process.stderr.write('\r\x1b[2K');
    },
  };
}

export const command: Command = {
  name: 'analyze',
  summary: 'Find and classify Claude API errors in log files (text, JSON lines, OTLP JSON)',
  usage: USAGE,
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
    } catch (err) {
      process.stderr.write(`claude-errors analyze: ${(err as Error).message}\n${USAGE}\n`);
      return 2;
    }
    const paths = parsed.positionals;
    if (!paths.length) {
      process.stderr.write(`claude-errors analyze: give at least one file, directory or '-'\n${USAGE}\n`);
      return 2;
    }
    const bar = process.stderr.isTTY ? progressBar() : null;
    const started = process.hrtime.bigint();
    const report = await scanPaths(paths, bar ? { onProgress: bar.update } : {});
    bar?.clear();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(parsed.values.json ? `${JSON.stringify(report, null, 2)}\n` : terminalSafe(renderReport(report, seconds)));
    for (const e of report.read_errors) process.stderr.write(`claude-errors analyze: cannot read ${e.path}: ${e.message.startsWith(e.code) ? e.message : `${e.code}: ${e.message}`}\n`);
    return report.read_errors.length ? 1 : 0;
  },
};
