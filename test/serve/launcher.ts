import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this file with the CLI in it (from src or dist). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'cli/bin/claude-errors.mjs'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the repository root (cli/bin/claude-errors.mjs) above the testkit');
    dir = up;
  }
  return dir;
}

export const REPO = repoRoot();
export const CLI = join(REPO, 'cli/bin/claude-errors.mjs');

export interface RunningServe {
  /** Dashboard and API base, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  /** OTLP/HTTP base, e.g. http://127.0.0.1:40124 (POST /v1/traces). */
  otlpUrl: string;
  /** GET an API route (`summary?from=-1h`) and return its JSON. */
  api<T>(path: string): Promise<T>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the built `claude-errors serve` on free ports with a fresh data folder. Needs
 * `npm run build` first (npm test runs it): the CLI from cli/dist, the page from dashboard/dist.
 * `token` is the API token the `api()` helper sends (give `--api-token` in `extraArgs` too).
 */
export async function startServe(extraArgs: string[] = [], token?: string): Promise<RunningServe> {
  for (const built of ['cli/dist/main.js', 'dashboard/dist/index.html']) {
    if (!existsSync(join(REPO, built))) throw new Error(`${built} is missing: run \`npm run build\` before the browser tests`);
  }
  const data = mkdtempSync(join(tmpdir(), 'ce-browser-'));
  const args = [CLI, 'serve', '--data', data, '--port', '0', '--otlp-port', '0', '--log-level', 'warn', ...extraArgs];
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const { url, otlpUrl } = await waitForUrls(child, () => out);
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  return {
    url,
    otlpUrl,
    async api<T>(path: string): Promise<T> {
      const res = await fetch(`${url}/api/v1/${path}`, { headers });
      if (!res.ok) throw new Error(`GET /api/v1/${path}: HTTP ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}

function waitForUrls(child: ChildProcess, output: () => string): Promise<{ url: string; otlpUrl: string }> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => done(new Error(`serve did not start in 60 s:\n${output()}`)), 60_000);
    const check = (): void => {
      const otlp = /OTLP\/HTTP receiver:\s+(http:\/\/\S+?)\/v1\/traces/.exec(output());
      const dash = /Dashboard:\s+(http:\/\/\S+?)\/?\s/.exec(output());
      if (otlp?.[1] && dash?.[1]) done(null, { url: dash[1], otlpUrl: otlp[1] });
    };
    const onExit = (code: number | null): void => done(new Error(`serve exited with ${code}:\n${output()}`));
    const done = (err: Error | null, urls?: { url: string; otlpUrl: string }): void => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolvePromise(urls!);
    };
    child.stdout?.on('data', check);
    child.once('exit', onExit);
  });
}
