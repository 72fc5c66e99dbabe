import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { collectorRelaunch, LEAN_NODE_FLAGS } from '../src/collector-launch.js';

const BIN = fileURLToPath(new URL('../bin/claude-errors.mjs', import.meta.url));
const ARGV = ['/usr/bin/node', '/app/bin/claude-errors.mjs', 'collector', '--kafka', 'k:9092'];

describe('collectorRelaunch', () => {
  it('runs on Node\'s own settings unless asked', () => {
    expect(collectorRelaunch([], ARGV, { PATH: '/bin' })).toBeUndefined();
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
  it('takes other flags from CE_COLLECTOR_NODE_FLAGS; none or empty keeps Node as it is', () => {
    expect(collectorRelaunch([], ARGV, { CE_COLLECTOR_NODE_FLAGS: 'none' })).toBeUndefined();
    expect(collectorRelaunch([], ARGV, { CE_COLLECTOR_NODE_FLAGS: '' })).toBeUndefined();
    expect(collectorRelaunch([], ARGV, { CE_COLLECTOR_NODE_FLAGS: '--max-semi-space-size=4' })?.args.slice(0, 2)).toEqual(['--max-semi-space-size=4', '/app/bin/claude-errors.mjs']);
    expect(collectorRelaunch([], ARGV, { CE_COLLECTOR_NODE_FLAGS: '--max-semi-space-size=4,--heap-growing-percent=50' })?.args.slice(0, 3)).toEqual(['--max-semi-space-size=4', '--heap-growing-percent=50', '/app/bin/claude-errors.mjs']);
  });
});

describe('claude-errors collector', () => {
  const dir = mkdtempSync(join(tmpdir(), 'collector-launch-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lean: runs in its own process again, with its flags and MALLOC_ARENA_MAX', async () => {
    // A module loaded before the CLI, in the first image and again in the relaunched one.
    const seen = join(dir, 'seen.jsonl');
    const preload = join(dir, 'preload.mjs');
    writeFileSync(
      preload,
      `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(seen)}, JSON.stringify({ pid: process.pid, execArgv: process.execArgv, arena: process.env.MALLOC_ARENA_MAX ?? null }) + '\\n');\n`,
    );
    const env: NodeJS.ProcessEnv = { ...process.env, CE_LOG_LEVEL: 'silent' };
    env.CE_COLLECTOR_NODE_FLAGS = 'lean';
    delete env.MALLOC_ARENA_MAX;
    delete env.NODE_OPTIONS;
    // An unreachable broker: the collector starts, fails to connect and exits; the launch comes first.
    const child = spawn(process.execPath, ['--import', preload, BIN, 'collector', '--kafka', '127.0.0.1:9', '--otlp-port', '0'], { stdio: 'ignore', env });
    const exited = new Promise((r) => child.once('exit', r));
    const lines = (): Array<{ pid: number; execArgv: string[]; arena: string | null }> => {
      try {
        return readFileSync(seen, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { pid: number; execArgv: string[]; arena: string | null });
      } catch {
        return [];
      }
    };
    const end = Date.now() + 20_000;
    while (lines().length < 2 && Date.now() < end && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
    const [first, second] = lines();
    expect(first?.pid).toBe(child.pid);
    expect(first?.execArgv).toEqual(['--import', preload]);
    expect(first?.arena).toBeNull();
    expect(second?.pid).toBe(child.pid);
    expect(second?.execArgv).toEqual([...LEAN_NODE_FLAGS, '--import', preload]);
    expect(second?.arena).toBe('2');
  }, 30_000);
});
