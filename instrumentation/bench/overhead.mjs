// `npm run bench:instrumentation`: CPU time per call of the SDK against the local fake API, streamed
// and not: bare SDK / the SDK's native tracing / this instrumentation / OpenLLMetry. Each scenario
// runs in a fresh process; the fake API runs in another. Rounds are interleaved (round 1 of every
// scenario, then round 2, …) so that load from elsewhere on the machine spreads over all scenarios
// instead of landing on one. Prints a progress line per round, then Markdown with µs/call and ratios.
// BENCH_CALLS (default 2000), BENCH_ROUNDS (default 5), BENCH_ONLY (comma-separated scenario names).
import { execFile, fork } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ALL = ['bare 1.13', 'native 1.13', 'native+ours 1.13', 'ours 1.13', 'openllmetry* 1.13', 'bare 0.133', 'ours 0.133', 'openllmetry 0.133'];
const NAMES = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((n) => n.trim()) : ALL;
const MODES = ['plain', 'stream'];
/** Target: at most this many µs CPU per call above the SDK's native tracing. */
const TARGET_OVER_NATIVE_US = 25;

const server = fork(here('./fake-api-process.mjs'), { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
const url = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(String(d).trim())));

/** rounds[mode][name] = [{ cpuUsPerCall, wallUsPerCall, spans }, …] */
const rounds = Object.fromEntries(MODES.map((m) => [m, Object.fromEntries(NAMES.map((n) => [n, []]))]));
const load0 = loadavg()[0];
try {
  for (let r = 0; r < ROUNDS; r++) {
    for (const mode of MODES) {
      for (const name of NAMES) {
        const { stdout } = await run(process.execPath, [here('./scenario.mjs'), name, mode, url, String(CALLS)], { timeout: 600_000 });
        const res = JSON.parse(stdout.trim().split('\n').pop());
        rounds[mode][name].push(res);
        console.error(`round ${r + 1}/${ROUNDS} ${mode.padEnd(6)} ${name.padEnd(18)} ${res.cpuUsPerCall.toFixed(1).padStart(7)} µs CPU/call  ${res.wallUsPerCall.toFixed(0).padStart(5)} µs wall  spans=${res.spans}`);
      }
    }
  }
} finally {
  server.send('close');
}
const load1 = loadavg()[0];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const cpuOf = (mode, name) => (rounds[mode][name] ? median(rounds[mode][name].map((x) => x.cpuUsPerCall)) : NaN);
const spread = (mode, name) => {
  const xs = rounds[mode][name]?.map((x) => x.cpuUsPerCall) ?? [];
  return xs.length ? `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}` : '';
};
const spansOk = (mode, name) => rounds[mode][name]?.every((x) => x.spans === (name.startsWith('bare') ? 0 : CALLS)) ?? false;

const lines = [];
lines.push(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ` +
    `1-minute load average ${load0.toFixed(1)} at the start, ${load1.toFixed(1)} at the end. ` +
    `${CALLS} calls per scenario after 300 warm-up calls, maxRetries 0, spans to a counting exporter through SimpleSpanProcessor ` +
    `and AsyncLocalStorageContextManager (as NodeSDK sets up); median of ${ROUNDS} interleaved rounds, each a fresh process; the fake API runs in its own process.`,
);
lines.push('');
lines.push('| scenario | non-streamed µs CPU/call (min–max) | streamed µs CPU/call (min–max) | spans per call as expected |');
lines.push('|---|---:|---:|---|');
for (const name of NAMES) {
  lines.push(`| ${name} | ${cpuOf('plain', name).toFixed(1)} (${spread('plain', name)}) | ${cpuOf('stream', name).toFixed(1)} (${spread('stream', name)}) | ${spansOk('plain', name) && spansOk('stream', name) ? 'yes' : 'NO'} |`);
}
lines.push('');
lines.push('`native+ours` = the SDK\'s native tracing on, this instrumentation enriching its call span and adding attempt events. `openllmetry* 1.13`: OpenLLMetry 0.27 does not install on SDK 1.x (its patch reads `Anthropic.Completions` and `require` throws), so this wraps only `messages.create` with its own wrapper.');
lines.push('');
const d = (mode, a, b) => cpuOf(mode, a) - cpuOf(mode, b);
const ratio = (mode, a, b) => (cpuOf(mode, a) / cpuOf(mode, b)).toFixed(2);
const has = (...ns) => ns.every((n) => NAMES.includes(n));
const verdicts = [];
for (const mode of MODES) {
  const label = mode === 'plain' ? 'non-streamed' : 'streamed';
  const parts = [];
  if (has('native+ours 1.13', 'native 1.13')) {
    const over = d(mode, 'native+ours 1.13', 'native 1.13');
    parts.push(`native+ours − native = **${over.toFixed(1)} µs** (×${ratio(mode, 'native+ours 1.13', 'native 1.13')}; target ≤ ${TARGET_OVER_NATIVE_US} µs: ${over <= TARGET_OVER_NATIVE_US ? 'met' : 'NOT met'})`);
    verdicts.push(over <= TARGET_OVER_NATIVE_US);
  }
  if (has('native 1.13', 'bare 1.13')) parts.push(`native − bare = ${d(mode, 'native 1.13', 'bare 1.13').toFixed(1)} µs (×${ratio(mode, 'native 1.13', 'bare 1.13')})`);
  if (has('ours 1.13', 'bare 1.13')) parts.push(`ours − bare (1.13, native off) = ${d(mode, 'ours 1.13', 'bare 1.13').toFixed(1)} µs (×${ratio(mode, 'ours 1.13', 'bare 1.13')})`);
  if (has('ours 1.13', 'openllmetry* 1.13')) {
    const below = cpuOf(mode, 'ours 1.13') < cpuOf(mode, 'openllmetry* 1.13');
    parts.push(`ours / OpenLLMetry* on 1.13 = ×${ratio(mode, 'ours 1.13', 'openllmetry* 1.13')} (below OpenLLMetry: ${below ? 'yes' : 'NO'})`);
    verdicts.push(below);
  }
  if (has('ours 0.133', 'bare 0.133', 'openllmetry 0.133')) {
    const below = cpuOf(mode, 'ours 0.133') < cpuOf(mode, 'openllmetry 0.133');
    parts.push(
      `on 0.133: ours − bare = ${d(mode, 'ours 0.133', 'bare 0.133').toFixed(1)} µs, OpenLLMetry − bare = ${d(mode, 'openllmetry 0.133', 'bare 0.133').toFixed(1)} µs, ` +
        `ours / OpenLLMetry = ×${ratio(mode, 'ours 0.133', 'openllmetry 0.133')} (below OpenLLMetry: ${below ? 'yes' : 'NO'})`,
    );
    verdicts.push(below);
  }
  lines.push(`- ${label}: ${parts.join('; ')}.`);
}
lines.push('');
lines.push(verdicts.length && verdicts.every(Boolean) ? 'All targets met.' : 'Not every target met (see above).');
console.log(lines.join('\n'));
