import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const REQUIREMENTS = fileURLToPath(new URL('./requirements.txt', import.meta.url));

export type Venv = { ok: true; python: string } | { ok: false; reason: string };

interface Plan {
  python: string;
  /** Commands still to run, in order; none when the venv is current. */
  steps: [string, string[]][];
  /** Writes the stamp after every step succeeded. */
  done: () => void;
}

/** What building the venv takes: nothing while the stamp matches the requirements file's hash. */
function plan(requirements: string, name: string): Plan {
  const venvDir = join(ROOT, '.cache', name);
  const stamp = join(venvDir, '.requirements-sha256');
  const hash = createHash('sha256').update(readFileSync(requirements)).digest('hex');
  const python = join(venvDir, 'bin', 'python');
  const done = () => writeFileSync(stamp, `${hash}\n`);
  if (existsSync(python) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash) return { python, steps: [], done: () => {} };
  rmSync(venvDir, { recursive: true, force: true });
  mkdirSync(join(ROOT, '.cache'), { recursive: true });
  return {
    python,
    steps: [
      ['python3', ['-m', 'venv', venvDir]],
      [python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', '-r', requirements]],
    ],
    done,
  };
}

function failure(cmd: string, args: string[], why: string): Venv {
  return { ok: false, reason: `\`${cmd} ${args.join(' ')}\` failed (${why})` };
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-8).join('\n');
}

/**
 * A virtualenv under .cache/<name> with the pinned PyPI packages of a requirements file (by default
 * this folder's requirements.txt in .cache/venv). Reused while the requirements file's hash matches
 * the stamp written after a complete install; rebuilt from scratch otherwise. Never throws: a
 * failure comes back as a reason the test reports.
 */
export function ensureVenv(requirements = REQUIREMENTS, name = 'venv'): Venv {
  const p = plan(requirements, name);
  for (const [cmd, args] of p.steps) {
    const res = spawnSync(cmd, args, { encoding: 'utf8', timeout: 600_000 });
    if (res.error || res.status !== 0) return failure(cmd, args, res.error ? res.error.message : `exit ${res.status}: ${lastLines(res.stderr || res.stdout)}`);
  }
  p.done();
  return { ok: true, python: p.python };
}

/** ensureVenv without blocking the event loop (a test worker that blocks for minutes misses its runner's calls). */
export async function ensureVenvAsync(requirements = REQUIREMENTS, name = 'venv'): Promise<Venv> {
  const p = plan(requirements, name);
  for (const [cmd, args] of p.steps) {
    const res = await runAsync(cmd, args, { timeout: 600_000 });
    if (res.status !== 0) return failure(cmd, args, `exit ${res.status}: ${lastLines(res.out)}`);
  }
  p.done();
  return { ok: true, python: p.python };
}

/** Runs a command to its end; resolves with its exit status (null when killed) and its stdout and stderr. */
export function runAsync(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {},
): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeout ?? 600_000);
    child.once('error', (err) => {
      clearTimeout(timer);
      resolve({ status: null, out: `${out}\n${err.message}` });
    });
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, out });
    });
  });
}
