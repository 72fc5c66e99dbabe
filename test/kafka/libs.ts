import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest ancestor of this file that holds test/kafka/pom.xml. */
export function findRepoRoot(start = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'test', 'kafka', 'pom.xml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`test/kafka/pom.xml not found above ${start}`);
    dir = parent;
  }
}

/**
 * Makes sure the Kafka jars named by test/kafka/pom.xml are in `<repo>/.cache/kafka/libs` and
 * returns that folder. The jars are fetched from Maven Central with `mvn dependency:copy-dependencies`
 * into a temporary folder that is renamed into place, so a crash or a concurrent caller never sees
 * a half-filled cache. A stamp (hash of the pom) makes a pom change refetch.
 */
export function ensureKafkaLibs(repoRoot = findRepoRoot()): string {
  const pom = join(repoRoot, 'test', 'kafka', 'pom.xml');
  const stamp = createHash('sha256').update(readFileSync(pom)).digest('hex').slice(0, 16);
  const cache = join(repoRoot, '.cache', 'kafka');
  const libs = join(cache, 'libs');
  const stampFile = join(libs, '.pom-stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === stamp) return libs;

  mkdirSync(cache, { recursive: true });
  const tmp = join(cache, `libs.tmp-${process.pid}-${Date.now()}`);
  const mvn = spawnSync(
    'mvn',
    ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${resolve(tmp)}`],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (mvn.error) throw new Error(`cannot run mvn (is Maven installed?): ${mvn.error.message}`);
  if (mvn.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`mvn dependency:copy-dependencies failed (exit ${mvn.status}):\n${mvn.stdout}\n${mvn.stderr}`);
  }
  writeFileSync(join(tmp, '.pom-stamp'), `${stamp}\n`);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === stamp) {
    rmSync(tmp, { recursive: true, force: true }); // another process finished first
    return libs;
  }
  rmSync(libs, { recursive: true, force: true });
  try {
    renameSync(tmp, libs);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    const ok = existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === stamp;
    if (!ok) throw err; // not a concurrent fill that won the race
  }
  return libs;
}
