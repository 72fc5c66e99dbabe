// `npm run bench:instrumentation`: CPU time per call of the SDK against the local fake API, streamed
// and not, bare / native tracing / this instrumentation / OpenLLMetry. Each scenario runs in a fresh
// process; the fake API runs in another. Prints a table and the Markdown for docs/benchmarks.md.
import { execFile, fork } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const NAMES = ['bare 1.13', 'native 1.13', 'ours 1.13', 'native+ours 1.13', 'bare 0.133', 'ours 0.133', 'openllmetry 0.133'];

const server = fork(here('./fake-api-process.mjs'), { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
const url = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(String(d).trim())));

const results = [];
try {
  for (const mode of ['plain', 'stream']) {
    for (const name of NAMES) {
      const rounds = [];
      for (let r = 0; r < ROUNDS; r++) {
        const { stdout } = await run(process.execPath, [here('./scenario.mjs'), name, mode, url, String(CALLS)], { timeout: 300_000 });
        rounds.push(JSON.parse(stdout.trim().split('\n').pop()));
      }
      // The median round by CPU time.
      rounds.sort((a, b) => a.cpuUsPerCall - b.cpuUsPerCall);
      const mid = rounds[Math.floor(rounds.length / 2)];
      results.push(mid);
      console.error(`${mode.padEnd(6)} ${name.padEnd(18)} ${mid.cpuUsPerCall.toFixed(1).padStart(7)} µs CPU/call  ${mid.wallUsPerCall.toFixed(0).padStart(5)} µs wall  spans=${mid.spans}`);
    }
  }
} finally {
  server.send('close');
}

const get = (mode, name) => results.find((r) => r.mode === mode && r.name === name)?.cpuUsPerCall ?? NaN;
const lines = [];
lines.push(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}. ${CALLS} calls per scenario after 300 warm-up calls, median of ${ROUNDS} fresh processes; the fake API runs in its own process.`);
lines.push('');
lines.push('| scenario | non-streamed µs CPU/call | streamed µs CPU/call |');
lines.push('|---|---:|---:|');
for (const name of NAMES) lines.push(`| ${name} | ${get('plain', name).toFixed(1)} | ${get('stream', name).toFixed(1)} |`);
lines.push('');
for (const mode of ['plain', 'stream']) {
  const label = mode === 'plain' ? 'non-streamed' : 'streamed';
  const d = (a, b) => (get(mode, a) - get(mode, b)).toFixed(1);
  const ratio = (a, b) => (get(mode, a) / get(mode, b)).toFixed(2);
  lines.push(
    `- ${label}: native+ours − native = **${d('native+ours 1.13', 'native 1.13')} µs** (×${ratio('native+ours 1.13', 'native 1.13')}); ` +
      `ours − bare (1.13) = ${d('ours 1.13', 'bare 1.13')} µs; native − bare = ${d('native 1.13', 'bare 1.13')} µs; ` +
      `on 0.133: ours − bare = ${d('ours 0.133', 'bare 0.133')} µs, OpenLLMetry − bare = ${d('openllmetry 0.133', 'bare 0.133')} µs (ours/OpenLLMetry ×${ratio('ours 0.133', 'openllmetry 0.133')}).`,
  );
}
console.log(lines.join('\n'));
