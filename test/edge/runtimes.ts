// Builds the edge app (app/) with esbuild and runs it in each real runtime from the npm registry:
// workerd (Cloudflare Workers), edge-runtime (Vercel Edge), Deno, Bun.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { ScenarioInput, ScenarioResult } from './app/scenario.js';

const APP = fileURLToPath(new URL('./app/', import.meta.url));
const BIN = fileURLToPath(new URL('../../node_modules/.bin/', import.meta.url));

export interface Runtime {
  name: 'workerd' | 'edge-runtime' | 'deno' | 'bun';
  /** The runtime's executable from node_modules/.bin (its npm package). */
  bin: string;
  run(dir: string, input: ScenarioInput): Promise<ScenarioResult>;
}

/**
 * One bundle per kind of entry. `browser` and `worker` conditions pick the web builds: the fetch
 * OTLP transport and the SDK's browser shims, so nothing needs Node built-ins.
 */
export async function bundleApp(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ce-edge-'));
  const entries: Array<[string, 'esm' | 'iife', string]> = [
    ['worker.ts', 'esm', 'worker.mjs'],
    ['edge-function.ts', 'iife', 'edge-function.js'],
    ['script.ts', 'esm', 'script.mjs'],
  ];
  for (const [entry, format, out] of entries) {
    await build({
      entryPoints: [join(APP, entry)],
      bundle: true,
      format,
      platform: 'browser',
      conditions: ['workerd', 'worker', 'browser'],
      target: 'es2022',
      outfile: join(dir, out),
      logLevel: 'error',
    });
  }
  return dir;
}

function query(input: ScenarioInput): string {
  return new URLSearchParams({ api: input.apiUrl, collector: input.collectorUrl, service: input.service, batch: input.batchId }).toString();
}

interface Started {
  child: ChildProcess;
  output(): string;
  waitFor(re: RegExp, from: 'stdout' | 'fd3', timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

function start(cmd: string, args: string[], opts: { cwd?: string; fd3?: boolean } = {}): Started {
  const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe', ...(opts.fd3 ? (['pipe'] as const) : [])] });
  const text = { stdout: '', stderr: '', fd3: '' };
  child.stdout!.on('data', (d: Buffer) => (text.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text.stderr += d.toString()));
  if (opts.fd3) (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => (text.fd3 += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => `${text.stdout}\n${text.stderr}`,
    async waitFor(re, from, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = text[from].match(re);
        if (m) return m;
        if (child.exitCode !== null) throw new Error(`${cmd} exited with ${child.exitCode}:\n${text.stdout}\n${text.stderr}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${re} from ${cmd}:\n${text.stdout}\n${text.stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function getJson(url: string, started: Started): Promise<ScenarioResult> {
  const res = await fetch(url);
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} from the runtime: ${text}\n${started.output()}`);
  return JSON.parse(text) as ScenarioResult;
}

/** Runs a bundle as a script (Deno, Bun) and reads its one JSON line. */
async function runScript(cmd: string, args: string[], cwd: string): Promise<ScenarioResult> {
  const started = start(cmd, args, { cwd });
  const code = await Promise.race([started.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000))]);
  if (code !== 0) {
    await started.stop();
    throw new Error(`${cmd} ${args.join(' ')} ended with ${code}:\n${started.output()}`);
  }
  const line = started.output().split('\n').find((l) => l.startsWith('{'));
  if (!line) throw new Error(`no result from ${cmd}:\n${started.output()}`);
  return JSON.parse(line) as ScenarioResult;
}

const WORKERD_CONFIG = `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .app),
    # Workers reach only public addresses by default; the fakes listen on loopback.
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);

const app :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "worker.mjs") ],
  compatibilityDate = "2025-09-01",
  globalOutbound = "loopback",
);
`;

export const RUNTIMES: Runtime[] = [
  {
    name: 'workerd',
    bin: join(BIN, 'workerd'),
    async run(dir, input) {
      writeFileSync(join(dir, 'workerd.capnp'), WORKERD_CONFIG);
      // --control-fd: workerd reports the port it bound ("listen" event) on file descriptor 3.
      const started = start(this.bin, ['serve', 'workerd.capnp', '--control-fd=3'], { cwd: dir, fd3: true });
      try {
        const port = (await started.waitFor(/"event":"listen","socket":"http","port":(\d+)/, 'fd3'))[1]!;
        return await getJson(`http://127.0.0.1:${port}/run?${query(input)}`, started);
      } finally {
        await started.stop();
      }
    },
  },
  {
    name: 'edge-runtime',
    bin: join(BIN, 'edge-runtime'),
    async run(dir, input) {
      const started = start(process.execPath, [this.bin, '--listen', 'edge-function.js', '--host', '127.0.0.1', '--port', '0'], { cwd: dir });
      try {
        const url = (await started.waitFor(/(http:\/\/127\.0\.0\.1:\d+)/, 'stdout'))[1]!;
        return await getJson(`${url}/run?${query(input)}`, started);
      } finally {
        await started.stop();
      }
    },
  },
  {
    name: 'deno',
    bin: join(BIN, 'deno'),
    run(dir, input) {
      return runScript(this.bin, ['run', '--allow-net=127.0.0.1', '--allow-env', 'script.mjs', input.apiUrl, input.collectorUrl, input.service, input.batchId], dir);
    },
  },
  {
    name: 'bun',
    bin: join(BIN, 'bun'),
    run(dir, input) {
      return runScript(this.bin, ['run', 'script.mjs', input.apiUrl, input.collectorUrl, input.service, input.batchId], dir);
    },
  },
];

/**
 * Whether the runtime's executable runs. The bun, deno and workerd packages link their platform
 * binary in a postinstall script (allowed in the root package.json's allowScripts); without it
 * `bun` is a placeholder that only prints an error.
 */
export function installed(r: Runtime): boolean {
  if (!existsSync(r.bin)) return false;
  const probe = r.name === 'edge-runtime' ? spawnSync(process.execPath, [r.bin, '--help']) : spawnSync(r.bin, ['--version']);
  return probe.status === 0;
}
