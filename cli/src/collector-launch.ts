import { availableParallelism } from 'node:os';

// How the `collector` command launches its own process. Node flags must be set before V8 and the
// C allocator start, so when the collector wants flags that are not there yet, the command replaces
// its process image with itself plus the flags (same pid, nothing left running).
//
// By default, on a machine of at most two cores, that is V8's garbage collection on the thread
// that allocates (`--single-threaded-gc`): with the event loop and a decode thread sharing two
// cores, V8's parallel and concurrent GC helpers (four threads) only compete with them, and doing
// the same work on the allocating thread costs less CPU in all (docs/kafka.md, "Garbage collection
// on the allocating thread"); and glibc malloc kept to two arenas (COLLECTOR_ENV): 8–12 MiB less
// peak memory at the same CPU per span (docs/kafka.md, "Codecs"). Larger machines keep Node's own
// settings, which were not measured against it. `CE_COLLECTOR_NODE_FLAGS=lean` (or flags of the operator's own) asks for flags and an
// allocator setting that bound the peak memory instead; `none` keeps Node's settings everywhere.

/**
 * The `lean` profile's Node flags: a young generation of 2 × 8 MiB instead of Node 22's 2 × 16 MiB,
 * and an old generation allowed to grow by 75 % of its live size before the next full collection
 * (V8 lets it grow up to 4×): most of what the collector promotes is garbage by the next full
 * collection (its live heap stays near 20 MiB). Measured in docs/kafka.md ("Memory").
 */
export const LEAN_NODE_FLAGS = ['--max-semi-space-size=8', '--heap-growing-percent=75'] as const;

/** With flags, the default's included: glibc malloc keeps at most two arenas (libuv's threads compressing for Kafka would each make one); a value in the environment wins. */
export const COLLECTOR_ENV = { MALLOC_ARENA_MAX: '2' } as const;

/** `lean` (the flags above), or Node flags separated by spaces or commas; `none`: Node's own settings; unset or empty: the default below. */
export const NODE_FLAGS_ENV = 'CE_COLLECTOR_NODE_FLAGS';

/** The default on a machine of at most `SMALL_MACHINE_CORES` cores: garbage collection on the allocating thread. */
export const SMALL_MACHINE_NODE_FLAGS = ['--single-threaded-gc'] as const;
export const SMALL_MACHINE_CORES = 2;

export interface Relaunch {
  /** Node's arguments for the new image: flags, then the script and its arguments. */
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * What to relaunch the collector with, or undefined when its process already runs as it should:
 * no flags are wanted (`none`, or the default on more than two cores), its flags are on Node's
 * command line (a relaunched process, or a cluster worker, which inherits them), or the operator
 * chose heap or garbage-collection flags of their own (on the command line or in NODE_OPTIONS).
 * Every relaunch brings the allocator setting too (unless the environment has one).
 */
export function collectorRelaunch(execArgv: readonly string[], argv: readonly string[], env: NodeJS.ProcessEnv, cores = availableParallelism()): Relaunch | undefined {
  const chosen = (env[NODE_FLAGS_ENV] ?? '').trim();
  const flags = chosen === ''
    ? cores <= SMALL_MACHINE_CORES ? [...SMALL_MACHINE_NODE_FLAGS] : []
    : chosen === 'lean' ? [...LEAN_NODE_FLAGS] : chosen.split(/[\s,]+/).filter((f) => f !== '' && f !== 'none');
  if (flags.length === 0) return undefined;
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  const names = flags.map(flagName);
  if (given.some((g) => names.includes(flagName(g)) || HEAP_FLAGS.has(flagName(g)) || GC_FLAGS.has(flagName(g)))) return undefined;
  return { args: [...flags, ...execArgv, ...argv.slice(1)], env: { ...COLLECTOR_ENV, ...env } };
}

/** Flags that size V8's heap: if the operator set any, the collector leaves the heap to them. */
const HEAP_FLAGS = new Set(['--max-semi-space-size', '--min-semi-space-size', '--semi-space-growth-factor', '--heap-growing-percent', '--max-old-space-size', '--max-heap-size', '--optimize-for-size']);

/** Flags that choose how V8 collects: if the operator set any, the collector leaves that to them too. */
const GC_FLAGS = new Set(['--single-threaded-gc', '--single-threaded', '--parallel-scavenge', '--concurrent-marking', '--parallel-marking'].flatMap((f) => [f, f.replace('--', '--no-')]));

function flagName(flag: string): string {
  return flag.split('=')[0]!.replace(/_/g, '-');
}

/**
 * Replaces this process with the collector relaunched with its flags (process.execve, Node 22.15+,
 * POSIX): the pid stays, stdio stays, nothing else runs. Where execve is missing the collector
 * runs on with Node's defaults.
 */
export function relaunchCollector(): void {
  const plan = collectorRelaunch(process.execArgv, process.argv, process.env);
  const execve = (process as { execve?: (file: string, args: string[], env: NodeJS.ProcessEnv) => never }).execve;
  if (!plan || typeof execve !== 'function') return;
  execve(process.execPath, [process.execPath, ...plan.args], plan.env);
}
