// Child processes of the ingest and collector benchmarks: the built CLI (bin/claude-errors.mjs) as separate
// processes, their peak RSS from /proc/<pid>/status (VmHWM), and the Kafka broker's JVM.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

export async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

/** Starts `claude-errors <args>` and resolves once `readyUrl` answers 200. */
export async function startCli(name, args, readyUrl, extraNodeArgs = []) {
  const child = spawn(process.execPath, [...extraNodeArgs, 'bin/claude-errors.mjs', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => (output = (output + c).slice(-20_000)));
  child.stderr.on('data', (c) => (output = (output + c).slice(-20_000)));
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  const end = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(readyUrl);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) {
      child.kill('SIGKILL');
      throw new Error(`${name} not ready within 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    name,
    pid: child.pid,
    output: () => output,
    /** SIGTERM (graceful: drain and commit), SIGKILL after 30 s. */
    async stop() {
      if (child.exitCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const r = await exited;
      clearTimeout(timer);
      return r;
    },
  };
}

/** Peak resident set size of a live process in MiB (VmHWM), or null if it is gone. */
export function peakRssMiB(pid) {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** CPU time (user + system) of a live process in seconds, from /proc/<pid>/stat. */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

/** The broker's JVM: the process whose command line names `<dir>/server.properties`. */
export function brokerPid(dir) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.includes('kafka.Kafka') && cmd.includes(dir)) return Number(entry);
    } catch {
      // process ended while scanning
    }
  }
  return null;
}

export async function startKafka() {
  const { startBroker } = await import(`${root}test/dist/kafka/broker.js`);
  const broker = await startBroker();
  return { broker, pid: brokerPid(broker.dir) };
}
