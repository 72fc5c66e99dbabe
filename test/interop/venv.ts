import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const REQUIREMENTS = fileURLToPath(new URL('./requirements.txt', import.meta.url));
const VENV = join(ROOT, '.cache', 'venv');
const STAMP = join(VENV, '.requirements-sha256');

export type Venv = { ok: true; python: string } | { ok: false; reason: string };

/**
 * A virtualenv under .cache/venv with the pinned PyPI packages of requirements.txt. Reused while
 * the requirements file's hash matches the stamp written after a complete install; rebuilt from
 * scratch otherwise. Never throws: a failure comes back as a reason the test reports.
 */
export function ensureVenv(): Venv {
  const hash = createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex');
  const python = join(VENV, 'bin', 'python');
  if (existsSync(python) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === hash) return { ok: true, python };

  rmSync(VENV, { recursive: true, force: true });
  mkdirSync(join(ROOT, '.cache'), { recursive: true });
  const steps: [string, string[]][] = [
    ['python3', ['-m', 'venv', VENV]],
    [python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', '-r', REQUIREMENTS]],
  ];
  for (const [cmd, args] of steps) {
    const res = spawnSync(cmd, args, { encoding: 'utf8', timeout: 600_000 });
    if (res.error || res.status !== 0) {
      const why = res.error ? res.error.message : `exit ${res.status}: ${(res.stderr || res.stdout).trim().split('\n').slice(-8).join('\n')}`;
      return { ok: false, reason: `\`${cmd} ${args.join(' ')}\` failed (${why})` };
    }
  }
  writeFileSync(STAMP, `${hash}\n`);
  return { ok: true, python };
}
