// Builds the OpenTelemetry Collector the interop tests send through (test/interop/otelcol.test.ts)
// with the Collector Builder (ocb), from Go modules only, into .cache/otelcol/<hash>/ where <hash>
// covers builder-config.yaml and the builder version: a second call with the same config reuses the
// binary at once. The first build takes about 4.5 minutes on 2 cores (Go module downloads and
// compilation), about 1 minute with Go's module and build caches warm.
//
//   node --experimental-strip-types test/otelcol/build.ts                  # prints the binary's path
//   node --experimental-strip-types test/otelcol/build.ts --config kafka   # the peer benchmark's build
//
// Two configs: `interop` (builder-config.yaml: OTLP in, otlphttp out, for the interop tests) and
// `kafka` (builder-config.kafka.yaml: OTLP in, kafkaexporter out, for `npm run bench:peer`).
//
// Needs Go (`go` on PATH) and the Go module proxy. Only node: imports, so that Node runs this file
// as it is (type stripping) without a build.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUILDER = 'go.opentelemetry.io/collector/cmd/builder@v0.165.0';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Each build config: its builder file and the binary's name (the file's `dist.name`). */
export const CONFIGS = {
  interop: { file: 'builder-config.yaml', name: 'otelcol-ce' },
  kafka: { file: 'builder-config.kafka.yaml', name: 'otelcol-peer' },
} as const;
export type OtelcolConfig = keyof typeof CONFIGS;
const BUILD_TIMEOUT_MS = 20 * 60_000;

export type Otelcol = { ok: true; bin: string; built: boolean; seconds: number } | { ok: false; reason: string };

/** The cache folder of the current builder config, and the binary inside it. */
export function otelcolPaths(config: OtelcolConfig = 'interop'): { dir: string; bin: string; file: string; name: string } {
  const { file: base, name } = CONFIGS[config];
  const file = fileURLToPath(new URL(`./${base}`, import.meta.url));
  const hash = createHash('sha256').update(BUILDER).update('\0').update(readFileSync(file)).digest('hex').slice(0, 16);
  const dir = join(ROOT, '.cache', 'otelcol', hash);
  return { dir, bin: join(dir, name, name), file, name };
}

/**
 * The path of a built collector for builder-config.yaml, building it first when the cache has none.
 * Builds into a temporary folder renamed into place only after the binary listed its components, so
 * an interrupted build never leaves a half-built cache behind. Never throws: a failure comes back
 * as a reason (the last lines of the build log).
 */
export async function ensureOtelcol(log: (line: string) => void = () => {}, config: OtelcolConfig = 'interop'): Promise<Otelcol> {
  const { dir, bin, file: configFile, name } = otelcolPaths(config);
  if (existsSync(join(dir, 'ok'))) return { ok: true, bin, built: false, seconds: 0 };
  const started = Date.now();
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const configText = readFileSync(configFile, 'utf8').replace(/^dist:\n/m, `dist:\n  output_path: ${JSON.stringify(join(tmp, name))}\n`);
  writeFileSync(join(tmp, 'builder-config.yaml'), configText);
  const logFile = join(tmp, 'build.log');
  log(`building the OpenTelemetry Collector with ${BUILDER} (log: ${logFile})`);
  const steps: [string, string[]][] = [
    ['go', ['run', BUILDER, '--config', join(tmp, 'builder-config.yaml')]],
    [join(tmp, name, name), ['components']],
  ];
  for (const [cmd, args] of steps) {
    const res = await run(cmd, args, tmp, logFile);
    if (res !== 0) {
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').slice(-10).join('\n') : '';
      return { ok: false, reason: `\`${cmd} ${args.join(' ')}\` failed (${res}):\n${tail}` };
    }
  }
  writeFileSync(join(tmp, 'ok'), `${new Date().toISOString()} ${BUILDER}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  const seconds = (Date.now() - started) / 1000;
  log(`built ${bin} in ${seconds.toFixed(0)} s`);
  return { ok: true, bin, built: true, seconds };
}

/** Runs a command with its output appended to a log file; resolves with the exit code or the error. */
function run(cmd: string, args: string[], cwd: string, logFile: string): Promise<number | string> {
  return new Promise((resolve) => {
    const out = createWriteStream(logFile, { flags: 'a' });
    out.write(`$ ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CGO_ENABLED: process.env['CGO_ENABLED'] ?? '0' } });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS);
    child.once('error', (err) => {
      clearTimeout(timer);
      out.end(() => resolve(err.message));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      out.end(() => resolve(signal ? `killed by ${signal}` : (code ?? -1)));
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--config');
  const config = at >= 0 ? process.argv[at + 1] : 'interop';
  if (config !== 'interop' && config !== 'kafka') {
    console.error(`--config: one of ${Object.keys(CONFIGS).join(', ')}`);
    process.exit(2);
  }
  const res = await ensureOtelcol((line) => console.error(line), config);
  if (!res.ok) {
    console.error(res.reason);
    process.exit(1);
  }
  console.log(res.bin);
}
