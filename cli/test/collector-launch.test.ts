import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { collectorRelaunch, LEAN_NODE_FLAGS, SMALL_MACHINE_NODE_FLAGS } from '../src/collector-launch.js';

const BIN = fileURLToPath(new URL('../bin/claude-errors.mjs', import.meta.url));
const ARGV = ['/usr/bin/node', '/app/bin/claude-errors.mjs', 'collector', '--kafka', 'k:9092'];

describe('collectorRelaunch', () => {
  it('by default: garbage collection on the allocating thread and two malloc arenas on two cores or fewer, Node\'s own settings on more', () => {
    for (const cores of [1, 2]) {
      const plan = collectorRelaunch(['--enable-source-maps'], ARGV, { PATH: '/bin' }, cores);
      expect(plan?.args).toEqual(['--single-threaded-gc', '--enable-source-maps', '/app/bin/claude-errors.mjs', 'collector', '--kafka', 'k:9092']);
      expect(plan?.env).toEqual({ MALLOC_ARENA_MAX: '2', PATH: '/bin' });
    }
    expect(collectorRelaunch([], ARGV, { MALLOC_ARENA_MAX: '4' }, 2)?.env.MALLOC_ARENA_MAX).toBe('4');
    expect(collectorRelaunch([], ARGV, { PATH: '/bin' }, 4)).toBeUndefined();
    expect(collectorRelaunch([], ARGV, { PATH: '/bin', CE_COLLECTOR_NODE_FLAGS: 'none' }, 2)).toBeUndefined();
  });
  it('by default: leaves garbage collection to GC or heap flags the operator set, and does not relaunch twice', () => {
    expect(collectorRelaunch([...SMALL_MACHINE_NODE_FLAGS], ARGV, {}, 2)).toBeUndefined();
    expect(collectorRelaunch(['--no-parallel-scavenge'], ARGV, {}, 2)).toBeUndefined();
    expect(collectorRelaunch([], ARGV, { NODE_OPTIONS: '--concurrent_marking' }, 2)).toBeUndefined();
    expect(collectorRelaunch(['--max-semi-space-size=8'], ARGV, {}, 2)).toBeUndefined();
  });
  it('lean: adds its flags before Node flags already given, and MALLOC_ARENA_MAX', () => {
    const plan = collectorRelaunch(['--enable-source-maps'], ARGV, { PATH: '/bin', CE_COLLECTOR_NODE_FLAGS: 'lean' });
    expect(plan?.args).toEqual([...LEAN_NODE_FLAGS, '--enable-source-maps', '/app/bin/claude-errors.mjs', 'collector', '--kafka', 'k:9092']);
    expect(plan?.env).toEqual({ MALLOC_ARENA_MAX: '2', PATH: '/bin', CE_COLLECTOR_NODE_FLAGS: 'lean' });
  });
  it('keeps an allocator setting of the environment', () => {
    expect(collectorRelaunch([], ARGV, { MALLOC_ARENA_MAX: '8', CE_COLLECTOR_NODE_FLAGS: 'lean' })?.env.MALLOC_ARENA_MAX).toBe('8');
  });
  it('does nothing once the flags are there (a relaunched process, a cluster worker)', () => {
    expect(collectorRelaunch([...LEAN_NODE_FLAGS], ARGV, { CE_COLLECTOR_NODE_FLAGS: 'lean' })).toBeUndefined();
  });
  it('leaves the heap to heap flags chosen by the operator, on the command line or in NODE_OPTIONS', () => {
    expect(collectorRelaunch(['--max-old-space-size=512'], ARGV, { CE_COLLECTOR_NODE_FLAGS: 'lean' })).toBeUndefined();
    expect(collectorRelaunch([], ARGV, { NODE_OPTIONS: '--max_semi_space_size=16', CE_COLLECTOR_NODE_FLAGS: 'lean' })).toBeUndefined();
  });
  it('takes other flags from CE_COLLECTOR_NODE_FLAGS; none keeps Node as it is, empty is the default', () => {
    expect(collectorRelaunch([], ARGV, { CE_COLLECTOR_NODE_FLAGS: 'none' }, 1)).toBeUndefined();
    expect(collectorRelaunch([], ARGV, { CE_COLLECTOR_NODE_FLAGS: ' ' }, 2)?.args[0]).toBe('--single-threaded-gc');
    expect(collectorRelaunch([], ARGV, { CE_COLLECTOR_NODE_FLAGS: '' }, 8)).toBeUndefined();
    expect(collectorRelaunch([], ARGV, { CE_COLLECTOR_NODE_FLAGS: '--max-semi-space-size=4' })?.args.slice(0, 2)).toEqual(['--max-semi-space-size=4', '/app/bin/claude-errors.mjs']);
    expect(collectorRelaunch([], ARGV, { CE_COLLECTOR_NODE_FLAGS: '--max-semi-space-size=4,--heap-growing-percent=50' })?.args.slice(0, 3)).toEqual(['--max-semi-space-size=4', '--heap-growing-percent=50', '/app/bin/claude-errors.mjs']);
  });
});

describe('claude-errors collector', () => {
  const dir = mkdtempSync(join(tmpdir(), 'collector-launch-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('by default: on this machine, runs again with --single-threaded-gc and MALLOC_ARENA_MAX when it has two cores or fewer, and once otherwise', async () => {
    const [first, second] = await launches('default', {});
    expect(first?.execArgv).toEqual(['--import', join(dir, 'preload-default.mjs')]);
    if (availableParallelism() <= 2) {
      expect(second?.pid).toBe(first?.pid);
      expect(second?.execArgv).toEqual([...SMALL_MACHINE_NODE_FLAGS, '--import', join(dir, 'preload-default.mjs')]);
      expect(second?.arena).toBe('2');
    } else {
      expect(second).toBeUndefined();
    }
  }, 30_000);

  it('lean: runs in its own process again, with its flags and MALLOC_ARENA_MAX', async () => {
    const [first, second] = await launches('lean', { CE_COLLECTOR_NODE_FLAGS: 'lean' });
    expect(first?.execArgv).toEqual(['--import', join(dir, 'preload-lean.mjs')]);
    expect(first?.arena).toBeNull();
    expect(second?.pid).toBe(first?.pid);
    expect(second?.execArgv).toEqual([...LEAN_NODE_FLAGS, '--import', join(dir, 'preload-lean.mjs')]);
    expect(second?.arena).toBe('2');
  }, 30_000);

  interface Launch {
    pid: number;
    execArgv: string[];
    arena: string | null;
  }

  /**
   * Starts `claude-errors collector` with an unreachable broker (it starts, fails to connect and
   * exits; the launch comes first) and a module loaded before the CLI, in the first image and again
   * in a relaunched one: what each image ran with, in order; the first image's pid is the child's.
   */
  async function launches(name: string, extraEnv: NodeJS.ProcessEnv): Promise<Launch[]> {
    const seen = join(dir, `seen-${name}.jsonl`);
    const preload = join(dir, `preload-${name}.mjs`);
    writeFileSync(
      preload,
      `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(seen)}, JSON.stringify({ pid: process.pid, execArgv: process.execArgv, arena: process.env.MALLOC_ARENA_MAX ?? null }) + '\\n');\n`,
    );
    const env: NodeJS.ProcessEnv = { ...process.env, CE_LOG_LEVEL: 'silent', ...extraEnv };
    if (!('CE_COLLECTOR_NODE_FLAGS' in extraEnv)) delete env.CE_COLLECTOR_NODE_FLAGS;
    delete env.MALLOC_ARENA_MAX;
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, ['--import', preload, BIN, 'collector', '--kafka', '127.0.0.1:9', '--otlp-port', '0'], { stdio: 'ignore', env });
    const exited = new Promise((r) => child.once('exit', r));
    const lines = (): Launch[] => {
      try {
        return readFileSync(seen, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Launch);
      } catch {
        return [];
      }
    };
    // Until a relaunched image has started, the process has exited, or 20 s have passed (on a
    // machine where the default does not relaunch).
    const end = Date.now() + 20_000;
    while (lines().length < 2 && Date.now() < end && child.exitCode === null && child.signalCode === null) await new Promise((r) => setTimeout(r, 50));
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
    const found = lines();
    expect(found[0]?.pid).toBe(child.pid);
    return found;
  }
});
