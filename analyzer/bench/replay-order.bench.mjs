// End to end: the same spans sent to a real `serve` (built dist, embedded mode) in time order and
// shuffled across requests, as a batching OpenTelemetry Collector or several app instances deliver
// them. Prints, per round, the time until every span is queryable through the API. Rounds
// alternate in-order and shuffled so a drifting machine affects both alike.
//   npm run bench:replay-order [-- --spans 60000 --batch 3000 --rounds 2]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { spans: { type: 'string', default: '60000' }, batch: { type: 'string', default: '3000' }, rounds: { type: 'string', default: '2' } } });
const N = Number(values.spans);
const BATCH = Number(values.batch);
const CLI = fileURLToPath(new URL('../../bin/claude-errors.mjs', import.meta.url));

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}
const hex = (n, w) => n.toString(16).padStart(w, '0');
const attr = (key, v) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } });

/** N call spans 20 ms apart, 10% with a 529 attempt, as the instrumentation shapes them. */
function spans(round, shuffled) {
  const rnd = rng(7 + round);
  const base = Date.now() - 30 * 60_000;
  const out = [];
  for (let i = 0; i < N; i++) out.push({ id: round * 10_000_000 + i + 1, t: base + i * 20, status: rnd() < 0.1 ? 529 : 200 });
  if (shuffled) for (let i = N - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [out[i], out[j]] = [out[j], out[i]]; }
  return out;
}

function body(chunk, service) {
  const ns = (ms) => String(BigInt(ms) * 1_000_000n);
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [attr('service.name', service)] }, scopeSpans: [{ scope: { name: '@claude-errors/instrumentation-anthropic', version: '0.1.0' }, spans: chunk.map((s) => ({
    traceId: hex(s.id, 32), spanId: hex(s.id, 16), name: 'chat', kind: 3, startTimeUnixNano: ns(s.t), endTimeUnixNano: ns(s.t + 5),
    attributes: [attr('gen_ai.request.model', s.id % 2 ? 'claude-sonnet-4-5' : 'claude-haiku-4-5'), attr('anthropic.outcome', s.status === 200 ? 'success' : 'error'), attr('http.response.status_code', s.status), attr('anthropic.attempt.count', 1)],
    events: [{ name: 'anthropic.attempt', timeUnixNano: ns(s.t), attributes: [attr('anthropic.attempt.number', 1), attr('http.response.status_code', s.status), attr('anthropic.attempt.outcome', s.status === 200 ? 'success' : 'error')] }],
    status: { code: s.status === 200 ? 1 : 2 },
  })) }] }] });
}

async function startServe() {
  const data = mkdtempSync(join(tmpdir(), 'ce-replay-'));
  const child = spawn(process.execPath, [CLI, 'serve', '--data', data, '--port', '0', '--otlp-port', '0', '--log-level', 'warn', '--status-feed', 'off'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  for (let i = 0; i < 600; i++) {
    const otlp = /OTLP\/HTTP receiver:\s+(http:\/\/\S+?)\/v1\/traces/.exec(out)?.[1];
    const api = /API:\s+(http:\/\/\S+?)\/api\/v1\/summary/.exec(out)?.[1];
    if (otlp && api) return { otlp, api, stop: () => (child.kill('SIGTERM'), new Promise((r) => child.once('exit', r)).then(() => rmSync(data, { recursive: true, force: true }))) };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`serve did not start:\n${out}`);
}

async function round(serve, i, shuffled) {
  const service = `replay-${i}`;
  const list = spans(i, shuffled);
  const t0 = performance.now();
  for (let k = 0; k < N; k += BATCH) {
    const res = await fetch(`${serve.otlp}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(list.slice(k, k + BATCH), service) });
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  }
  const acked = performance.now() - t0;
  for (;;) {
    const s = await (await fetch(`${serve.api}/api/v1/summary?from=-2h&service=${service}`)).json();
    if (s.total_calls >= N) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const queryable = performance.now() - t0;
  return { acked, queryable };
}

const serve = await startServe();
console.log(`replay-order: ${N} spans per round in requests of ${BATCH}; node ${process.versions.node}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
try {
  const rows = { 'in-order': [], shuffled: [] };
  for (let r = 0; r < Number(values.rounds); r++) {
    for (const shuffled of [false, true]) {
      const { acked, queryable } = await round(serve, r * 2 + (shuffled ? 1 : 0), shuffled);
      const name = shuffled ? 'shuffled' : 'in-order';
      rows[name].push(N / (queryable / 1000));
      console.log(`  ${name.padEnd(9)} acknowledged in ${(acked / 1000).toFixed(2)} s, queryable after ${(queryable / 1000).toFixed(2)} s: ${Math.round(N / (queryable / 1000))} spans/s`);
    }
  }
  const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  console.log(`median spans/s: in-order ${Math.round(median(rows['in-order']))}, shuffled ${Math.round(median(rows.shuffled))} (shuffled/in-order ${(median(rows.shuffled) / median(rows['in-order'])).toFixed(2)})`);
} finally {
  await serve.stop();
}
