#!/usr/bin/env node
// Alert latency: from the POST to the collector of the span that completes a 529 streak to the
// arrival of the webhook notification. Runs the real `claude-errors serve` (built dist/) as a child
// process, in embedded mode and in Kafka mode (a real single-node broker), with a real HTTP
// receiver on 127.0.0.1. `observe` measures RuleEngine.observe() in-process (the ingest-path cost).
// Usage: npm run bench:alerts [-- --iterations 100 --modes observe,embedded,kafka]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({ options: { iterations: { type: 'string', default: '100' }, modes: { type: 'string', default: 'observe,embedded,kafka' }, streak: { type: 'string', default: '5' } } });
const ITERATIONS = Number(values.iterations);
const STREAK = Number(values.streak);

// ---------- webhook receiver: resolves the waiter of each notification by status ----------
const waiters = [];
const hook = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const at = performance.now();
    res.end('ok');
    const { status } = JSON.parse(body);
    const i = waiters.findIndex((w) => w.status === status);
    if (i >= 0) waiters.splice(i, 1)[0].resolve(at);
  });
});
await new Promise((r) => hook.listen(0, '127.0.0.1', r));
const hookUrl = `http://127.0.0.1:${hook.address().port}/hook`;
const notification = (status, timeoutMs = 15_000) =>
  new Promise((resolve, reject) => {
    const w = { status, resolve };
    waiters.push(w);
    setTimeout(() => reject(new Error(`no ${status} notification within ${timeoutMs} ms`)), timeoutMs).unref();
  });

// ---------- OTLP/JSON spans like the instrumentation emits them ----------
let ids = 0;
const hex = (n, w) => n.toString(16).padStart(w, '0');
const attr = (key, v) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: String(v) } });
function span(model, status, timeMs) {
  const n = ++ids;
  const ns = (ms) => String(BigInt(Math.round(ms)) * 1_000_000n);
  const failed = status >= 400;
  return {
    traceId: hex(n, 32), spanId: hex(n, 16), name: `chat ${model}`, kind: 3,
    startTimeUnixNano: ns(timeMs), endTimeUnixNano: ns(timeMs + 5),
    attributes: [
      attr('gen_ai.operation.name', 'chat'), attr('gen_ai.provider.name', 'anthropic'), attr('gen_ai.request.model', model),
      attr('anthropic.operation', 'messages.create'), attr('anthropic.outcome', failed ? 'error' : 'success'),
      attr('http.response.status_code', status), attr('anthropic.attempt.count', 1),
      ...(failed ? [attr('anthropic.error.type', 'overloaded_error'), attr('anthropic.error.message', 'Overloaded')] : []),
    ],
    events: [{ name: 'anthropic.attempt', timeUnixNano: ns(timeMs), attributes: [
      attr('anthropic.attempt.number', 1), attr('anthropic.attempt.outcome', failed ? 'error' : 'success'), attr('http.response.status_code', status),
      ...(failed ? [attr('anthropic.error.type', 'overloaded_error')] : []),
    ] }],
    status: { code: failed ? 2 : 1 },
  };
}
async function send(otlpUrl, spans) {
  const body = { resourceSpans: [{ resource: { attributes: [attr('service.name', 'bench')] }, scopeSpans: [{ scope: { name: '@claude-errors/instrumentation-anthropic', version: '0.1.0' }, spans }] }] };
  const res = await fetch(otlpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`collector answered ${res.status}: ${await res.text()}`);
}

// ---------- one mode ----------
async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const p = s.address().port;
  await new Promise((r) => s.close(r));
  return p;
}

async function runMode(mode) {
  const dir = mkdtempSync(join(tmpdir(), 'ce-alert-bench-'));
  const rules = join(dir, 'rules.yaml');
  writeFileSync(rules, `rules:\n  - { name: bench-streak, kind: streak, match: { status: [529] }, level: attempt, threshold: ${STREAK}, group_by: [model], resolve: { successes: 1 }, severity: critical }\nnotifiers:\n  - { name: bench, type: webhook, url: "${hookUrl}", format: json }\n`);
  let broker;
  const args = ['bin/claude-errors.mjs', 'serve', '--rules', rules, '--data', join(dir, 'data'), '--port', String(await freePort()), '--otlp-port', String(await freePort()), '--log-level', 'warn'];
  if (mode === 'kafka') {
    const { startBroker } = await import(join(root, 'test/dist/kafka/broker.js'));
    broker = await startBroker();
    args.push('--kafka', broker.brokers.join(','), '--topic', `bench-alerts-${Date.now()}`);
  }
  const otlpPort = args[args.indexOf('--otlp-port') + 1];
  const otlpUrl = `http://127.0.0.1:${otlpPort}/v1/traces`;
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  try {
    await waitUntilUp(otlpUrl, () => output);
    const fire = [];
    const resolve = [];
    const model = `bench-${mode}`;
    for (let i = 0; i < ITERATIONS + 3; i++) {
      let t = Date.now();
      for (let k = 0; k < STREAK - 1; k++) await send(otlpUrl, [span(model, 529, t++)]);
      const firing = notification('firing');
      const t0 = performance.now();
      await send(otlpUrl, [span(model, 529, t++)]);
      const t1 = await firing;
      const resolved = notification('resolved');
      const t2 = performance.now();
      await send(otlpUrl, [span(model, 200, t++)]);
      const t3 = await resolved;
      if (i >= 3) {
        fire.push(t1 - t0); // first 3 iterations warm up (JIT, DuckDB caches, consumer join)
        resolve.push(t3 - t2);
      }
    }
    return { mode, fire, resolve };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function waitUntilUp(otlpUrl, log) {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    try {
      await send(otlpUrl, []);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`serve did not start:\n${log()}`);
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const fmt = (ms) => `${ms.toFixed(1)} ms`;

const rows = [];
const modes = values.modes.split(',');
if (modes.includes('observe')) {
  const { observeBench } = await import('./alert-latency-observe.mjs');
  const r = await observeBench();
  console.log(`observe (in-process, default rules): batches of ${r.batchSize} records: p50 ${fmt(pct(r.times, 50))} p99 ${fmt(pct(r.times, 99))} per batch; ${r.recordsPerSecond} records/s`);
}
for (const mode of modes.filter((m) => m !== 'observe')) {
  const r = await runMode(mode);
  rows.push(r);
  console.log(
    `${mode}: ${r.fire.length} streaks; firing p50 ${fmt(pct(r.fire, 50))} p99 ${fmt(pct(r.fire, 99))} max ${fmt(Math.max(...r.fire))}; ` +
      `resolved p50 ${fmt(pct(r.resolve, 50))} p99 ${fmt(pct(r.resolve, 99))} max ${fmt(Math.max(...r.resolve))}`,
  );
}
hook.close();
console.log(`\nmachine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`);
console.log('| mode | streaks | firing p50 | firing p99 | firing max | resolved p50 | resolved p99 |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.mode} | ${r.fire.length} | ${fmt(pct(r.fire, 50))} | ${fmt(pct(r.fire, 99))} | ${fmt(Math.max(...r.fire))} | ${fmt(pct(r.resolve, 50))} | ${fmt(pct(r.resolve, 99))} |`);
}
