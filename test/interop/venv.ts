import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const REQUIREMENTS = fileURLToPath(new URL('./requirements.txt', import.meta.url));

export type Venv = { ok: true; python: string } | { ok: false; reason: string };

/**
 * A virtualenv under .cache/<name> with the pinned PyPI packages of a requirements file (by default
 * this folder's requirements.txt in .cache/venv). Reused while the requirements file's hash matches
 * the stamp written after a complete install; rebuilt from scratch otherwise. Never throws: a
 * failure comes back as a reason the test reports.
 */
export function ensureVenv(requirements = REQUIREMENTS, name = 'venv'): Venv {
  const venvDir = join(ROOT, '.cache', name);
  const stamp = join(venvDir, '.requirements-sha256');
  const hash = createHash('sha256').update(readFileSync(requirements)).digest('hex');
  const python = join(venvDir, 'bin', 'python');
  if (existsSync(python) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash) return { ok: true, python };

  rmSync(venvDir, { recursive: true, force: true });
  mkdirSync(join(ROOT, '.cache'), { recursive: true });
  const steps: [string, string[]][] = [
    ['python3', ['-m', 'venv', venvDir]],
    [python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', '-r', requirements]],
  ];
  for (const [cmd, args] of steps) {
    const res = spawnSync(cmd, args, { encoding: 'utf8', timeout: 600_000 });
    if (res.error || res.status !== 0) {
      const why = res.error ? res.error.message : `exit ${res.status}: ${(res.stderr || res.stdout).trim().split('\n').slice(-8).join('\n')}`;
      return { ok: false, reason: `\`${cmd} ${args.join(' ')}\` failed (${why})` };
    }
  }
  writeFileSync(stamp, `${hash}\n`);
  return { ok: true, python };
}
