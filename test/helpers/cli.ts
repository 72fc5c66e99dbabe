import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../cli/bin/claude-errors.mjs', import.meta.url));

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** First match of `re` on stdout, waiting up to `timeoutMs`. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Waits for the process to end by itself and its output to be read; resolves with the exit code. */
  exited(): Promise<number | null>;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL (crash) and wait for exit. */
  kill(): Promise<void>;
}

/**
 * Runs the built `claude-errors` CLI (npm test builds it first) as a real child process, with
 * `input` on its stdin when given (stdin is closed otherwise).
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, CE_LOG_LEVEL: 'warn', ...env }, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  if (input !== undefined) child.stdin!.end(input);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // 'close' comes after 'exit' once stdout and stderr are read to their end.
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    async waitFor(re, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = out.match(re);
        if (m) return m;
        if (child.exitCode !== null) throw new Error(`claude-errors ${args[0]} exited with ${child.exitCode}:\n${out}\n${err}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${re} from claude-errors ${args[0]}:\n${out}\n${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    exited: () => closed,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * `claude-errors serve` as a process on ephemeral ports, its data in `dataDir`, `args` added; resolves
 * once it printed where its OTLP receiver and its API listen (and stops it if it never does).
 */
export async function startServeProcess(dataDir: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ serve: CliProcess; collectorUrl: string; analyzerUrl: string }> {
  const serve = runCli(['serve', '--data', dataDir, '--port', '0', '--otlp-port', '0', ...args], env);
  try {
    const collectorUrl = (await serve.waitFor(/OTLP\/HTTP receiver: (http:\/\/\S+)\/v1\/traces/))[1]!;
    const analyzerUrl = (await serve.waitFor(/API: +(http:\/\/\S+)\/api\/v1\/summary/))[1]!;
    return { serve, collectorUrl, analyzerUrl };
  } catch (err) {
    await serve.stop();
    throw err;
  }
}

/** Polls `fn` until `check` passes or the time runs out; returns the last value either way. */
export async function eventually<T>(fn: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let v = await fn();
  while (!check(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    v = await fn();
  }
  return v;
}
