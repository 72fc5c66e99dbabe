#!/usr/bin/env node
// `claude-errors analyze` throughput: generates a realistic application log of a few hundred MB
// (plain-text Python and Node logs with tracebacks, pino/winston/structlog JSON lines, OTLP JSON
// lines; mostly non-error lines, some Claude API errors), then times scanPaths() on it and
// `grep -c` on the same file in the same run, and prints MB/s (MB = 10^6 bytes) for both.
// Target (issue 4): >= 100 MB/s.
// Usage: npm run bench:analyze [-- --mb 300 --runs 3 --keep]
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanPaths } from '../dist/logscan/index.js';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const targetMB = arg('mb', 300);
const runs = arg('runs', 3);
const keep = process.argv.includes('--keep');
const GREP_PATTERN = 'anthropic|claude|_error';

let seed = 7;
const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x80000000;
const int = (n) => Math.floor(rnd() * n);
const rid = () => int(36 ** 6).toString(36).padStart(6, '0') + int(36 ** 6).toString(36).padStart(6, '0');

let clock = Date.parse('2026-03-02T00:00:00.000Z');
const iso = () => new Date(clock).toISOString();
const pyTs = () => iso().replace('T', ' ').replace('Z', '').replace('.', ',');

// Non-error lines (what most of a log is). About 2 % mention Claude, so the scanner's trigger hits them.
const NORMAL = [
  () => `${pyTs()} INFO worker.summarize processed document ${int(100000)} in ${int(900)} ms`,
  () => `${pyTs()} DEBUG db.pool checked out connection ${int(64)} (idle ${int(20)})`,
  () => `[${iso()}] info: GET /api/items/${int(99999)} 200 ${int(300)}ms`,
  () => `[${iso()}] warn: slow query on orders (${int(5000)} ms)`,
  () =>
    `{"level":30,"time":${clock},"pid":71,"hostname":"api-${int(8)}","reqId":"${rid()}","msg":"request completed","res":{"statusCode":200},"responseTime":${int(400)}}`,
  () => `{"level":"info","message":"job ${int(100000)} done","timestamp":"${iso()}","service":"summarizer","durationMs":${int(9000)}}`,
  () => `{"event": "cache hit", "level": "info", "timestamp": "${iso()}", "key": "doc:${int(100000)}"}`,
];
const CLAUDE_INFO = [
  () => `${pyTs()} INFO worker.summarize Calling Claude for document ${int(100000)} (model=claude-sonnet-4-5)`,
  () => `{"level":30,"time":${clock},"msg":"claude call ok","model":"claude-sonnet-4-5","inputTokens":${int(90000)},"outputTokens":${int(4000)}}`,
];
const UNRELATED_ERRORS = [
  () => `${pyTs()} ERROR db.pool connection to postgres failed: ECONNRESET`,
  () => `[${iso()}] error: webhook delivery failed: socket hang up`,
];
// Claude API errors; `id` is what analyze must name them.
const ERRORS = [
  {
    id: 'context-window-exceeded',
    make: () =>
      [
        `${pyTs()} ERROR worker.summarize Summarization failed for document ${int(100000)}`,
        'Traceback (most recent call last):',
        '  File "/srv/app/worker/summarize.py", line 88, in summarize',
        '    resp = client.messages.create(model=MODEL, max_tokens=4096, messages=msgs)',
        '  File "/srv/app/.venv/lib/python3.12/site-packages/anthropic/_base_client.py", line 1111, in _request',
        '    raise self._make_status_error_from_response(err.response) from None',
        `anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'prompt is too long: ${200001 + int(9000)} tokens > 200000 maximum'}, 'request_id': 'req_011C${rid()}${rid()}'}`,
      ].join('\n'),
  },
  {
    id: 'overloaded',
    make: () =>
      `${pyTs()} WARNING worker.summarize retrying after anthropic.InternalServerError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}`,
  },
  {
    id: 'tool-result-missing',
    make: () =>
      [
        `[${iso()}] error: chat handler failed`,
        `BadRequestError: 400 {"type":"error","error":{"type":"invalid_request_error","message":"messages.${int(9)}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: toolu_01${rid()}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message."},"request_id":"req_011C${rid()}"}`,
        '    at APIError.generate (file:///srv/app/node_modules/@anthropic-ai/sdk/error.mjs:42:20)',
        '    at Anthropic.makeStatusError (file:///srv/app/node_modules/@anthropic-ai/sdk/core.mjs:256:25)',
      ].join('\n'),
  },
  {
    id: 'invalid-api-key',
    make: () =>
      `{"level":50,"time":${clock},"pid":71,"hostname":"api-1","err":{"type":"AuthenticationError","message":"401 {\\"type\\":\\"error\\",\\"error\\":{\\"type\\":\\"authentication_error\\",\\"message\\":\\"invalid x-api-key\\"}}","status":401},"msg":"claude call failed"}`,
  },
  {
    id: 'rate-limit-tokens',
    make: () =>
      `{"event": "claude request failed", "level": "error", "timestamp": "${iso()}", "exc_info": "Traceback (most recent call last):\\n  File \\"/app/x.py\\", line 3, in run\\nanthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'Number of request tokens has exceeded your per-minute rate limit'}}"}`,
  },
  {
    id: 'credit-balance-too-low',
    make: () =>
      `{"level":"error","message":"Anthropic request failed: 400 {\\"type\\":\\"error\\",\\"error\\":{\\"type\\":\\"invalid_request_error\\",\\"message\\":\\"Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.\\"}}","timestamp":"${iso()}","service":"summarizer"}`,
  },
  {
    id: 'overloaded',
    make: () =>
      `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"chat-api"}}]},"scopeSpans":[{"scope":{"name":"@claude-errors/instrumentation-anthropic"},"spans":[{"traceId":"${rid()}${rid()}${rid()}","spanId":"${rid()}","name":"chat claude-sonnet-4-5","startTimeUnixNano":"${clock}000000","endTimeUnixNano":"${clock + 900}000000","status":{"code":2,"message":"529 overloaded_error"},"attributes":[{"key":"http.response.status_code","value":{"intValue":"529"}},{"key":"anthropic.error.type","value":{"stringValue":"overloaded_error"}},{"key":"anthropic.error.message","value":{"stringValue":"Overloaded"}}]}]}]}]}`,
  },
];

function generate(path, bytesWanted) {
  const fd = openSync(path, 'w');
  const want = new Map();
  let bytes = 0;
  let lines = 0;
  try {
    while (bytes < bytesWanted) {
      const out = [];
      for (let i = 0; i < 20_000; i++) {
        clock += int(40);
        const r = rnd();
        let text;
        if (r < 0.001) {
          const e = ERRORS[int(ERRORS.length)];
          want.set(e.id, (want.get(e.id) ?? 0) + 1);
          text = e.make();
        } else if (r < 0.0015) text = UNRELATED_ERRORS[int(UNRELATED_ERRORS.length)]();
        else if (r < 0.02) text = CLAUDE_INFO[int(CLAUDE_INFO.length)]();
        else text = NORMAL[int(NORMAL.length)]();
        out.push(text);
      }
      const chunk = out.join('\n') + '\n';
      bytes += writeSync(fd, chunk);
      lines += out.reduce((n, t) => n + 1 + (t.match(/\n/g)?.length ?? 0), 0);
    }
  } finally {
    closeSync(fd);
  }
  return { want, lines };
}

function grepOnce(path) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('grep', ['-c', '-E', GREP_PATTERN, path], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`grep failed: ${r.stderr}`);
  return { s, count: Number(r.stdout.trim()) };
}

async function scanOnce(path) {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const report = await scanPaths([path]);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { s, cpuS: (cpu.user + cpu.system) / 1e6, report };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'ce-bench-analyze-'));
const file = join(dir, 'app.log');
try {
  const g0 = Date.now();
  const { want, lines } = generate(file, targetMB * 1e6);
  const size = statSync(file).size;
  const mb = size / 1e6;
  console.log(`generated ${file}: ${mb.toFixed(1)} MB, ${lines.toLocaleString('en-US')} lines, ${[...want.values()].reduce((a, b) => a + b, 0)} Claude errors, in ${((Date.now() - g0) / 1000).toFixed(1)} s`);

  grepOnce(file); // page cache warm for both
  const scans = [];
  const greps = [];
  let report;
  for (let i = 0; i < runs; i++) {
    const s = await scanOnce(file);
    report = s.report;
    scans.push(s);
    greps.push(grepOnce(file));
  }
  const fmt = (x) => x.toFixed(1);
  const scanS = median(scans.map((s) => s.s));
  const scanCpu = median(scans.map((s) => s.cpuS));
  const grepS = median(greps.map((g) => g.s));
  console.log(`analyze (scanPaths): ${fmt(mb / scanS)} MB/s wall (median of ${runs}: ${scans.map((s) => s.s.toFixed(2)).join(', ')} s), ${fmt(mb / scanCpu)} MB/s per CPU-second`);
  console.log(`grep -c -E '${GREP_PATTERN}' (LC_ALL=C): ${fmt(mb / grepS)} MB/s wall (median of ${runs}: ${greps.map((g) => g.s.toFixed(2)).join(', ')} s), ${greps[0].count.toLocaleString('en-US')} matching lines`);
  console.log(`analyze / grep: ${((mb / scanS) / (mb / grepS)).toFixed(2)}x   target >= 100 MB/s: ${mb / scanS >= 100 ? 'met' : 'NOT met'}`);

  const got = new Map(report.entries.map((e) => [e.catalog_id, e.count]));
  const rows = [...new Set([...want.keys(), ...got.keys()])].sort();
  const mismatches = rows.filter((id) => (want.get(id) ?? 0) !== (got.get(id) ?? 0));
  console.log(`found ${report.errors_found} errors in ${report.lines.toLocaleString('en-US')} lines (generated ${lines.toLocaleString('en-US')}); per entry generated/found: ${rows.map((id) => `${id} ${want.get(id) ?? 0}/${got.get(id) ?? 0}`).join(', ')}`);
  if (mismatches.length || report.lines !== lines) console.log(`  MISMATCH: ${mismatches.join(', ') || 'line count'}`);
  console.log(`  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; node ${process.versions.node}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
} finally {
  if (keep) console.log(`kept ${file}`);
  else rmSync(dir, { recursive: true, force: true });
}
