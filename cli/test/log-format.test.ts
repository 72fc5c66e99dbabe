// The log format of serve/collector/analyzer: readable lines on a terminal, JSON when piped, and
// --log-format / CE_LOG_FORMAT to choose. The terminal is a real pseudo-TTY made by script(1).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { formatRecord, resolveLogFormat } from '../src/log-format.js';
import { runCli } from './run-cli.js';

const BIN = fileURLToPath(new URL('../bin/claude-errors.mjs', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A readable line: time, level, message, then key=value fields. */
const PRETTY_LINE = /^\d\d:\d\d:\d\d\.\d{3} (TRACE|DEBUG|INFO |WARN |ERROR|FATAL) \S.*$/;
const ANSI = /\x1b\[[0-9;]*m/g;

/**
 * Starts `serve` on free ports, waits for its banner, stops it and returns everything it wrote.
 * With `tty`, it runs inside script(1): stdout and stderr are one pseudo-terminal.
 */
function serveOutput(opts: { tty: boolean; args?: string[]; env?: NodeJS.ProcessEnv }): Promise<{ stdout: string; stderr: string }> {
  const data = mkdtempSync(join(tmpdir(), 'ce-logfmt-'));
  dirs.push(data);
  const argv = [BIN, 'serve', '--data', data, '--port', '0', '--otlp-port', '0', ...(opts.args ?? [])];
  const env = { ...process.env, CE_LOG_LEVEL: 'info', CE_LOG_FORMAT: '', ...opts.env };
  const child = opts.tty
    ? spawn('script', ['-qfec', [process.execPath, ...argv].map((a) => `'${a}'`).join(' '), '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'], detached: true })
    : spawn(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print its banner:\n${stdout}\n${stderr}`)), 30_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve({ stdout: stdout.replace(/\r\n/g, '\n'), stderr });
    });
    const poll = setInterval(() => {
      // The rules engine logs before the banner, so both have been written once the banner is out.
      if (/API:\s+http/.test(stdout)) {
        clearInterval(poll);
        setTimeout(() => child.kill('SIGTERM'), 300);
      }
    }, 50);
  });
}

describe('log lines', () => {
  it('formats a record as time, level, message and fields', () => {
    const time = new Date(2026, 11, 4, 9, 5, 7, 42).getTime();
    expect(formatRecord({ level: 30, time, pid: 1, hostname: 'h', name: 'claude-errors', msg: 'alert rules loaded', rules: 4, source: '(defaults)' }, false)).toBe(
      '09:05:07.042 INFO  alert rules loaded rules=4 source=(defaults)\n',
    );
    const warn = formatRecord({ level: 40, time, msg: 'notifier queue full', notifier: 'ops hook', code: 'CE_ERR_NOTIFY_QUEUE_FULL' }, false);
    expect(warn).toBe('09:05:07.042 WARN  notifier queue full notifier="ops hook" code=CE_ERR_NOTIFY_QUEUE_FULL\n');
  });

  it('makes warnings and errors stand out in colour, with the error and its stack', () => {
    const err = { type: 'Error', message: 'broker down', code: 'CE_ERR_KAFKA_UNAVAILABLE', stack: 'Error: broker down\n    at connect (kafka.js:1:1)' };
    const line = formatRecord({ level: 50, time: 0, msg: 'send failed', err }, true);
    expect(line).toContain('\x1b[31mERROR\x1b[0m');
    expect(line).toContain('\x1b[1msend failed\x1b[0m');
    expect(line.replace(ANSI, '')).toMatch(/ERROR send failed err="CE_ERR_KAFKA_UNAVAILABLE broker down"\n {4}at connect \(kafka\.js:1:1\)\n$/);
    expect(formatRecord({ level: 40, time: 0, msg: 'slow' }, true)).toContain('\x1b[33mWARN ');
    expect(formatRecord({ level: 30, time: 0, msg: 'x', big: 'y'.repeat(500) }, false).length).toBeLessThan(200);
  });

  it('chooses pretty on a terminal and JSON otherwise, unless told', () => {
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });
});

describe('serve logs', () => {
  it('on a terminal: readable lines, coloured, and no second "Server listening" next to the banner', async () => {
    const { stdout } = await serveOutput({ tty: true, env: { TERM: 'xterm-256color', NO_COLOR: '', FORCE_COLOR: '' } });
    expect(stdout).toContain('OTLP/HTTP receiver:');
    expect(stdout).toMatch(/\x1b\[32mINFO /);
    const logs = stdout.replace(ANSI, '').split('\n').filter((l) => /^\d\d:\d\d/.test(l));
    expect(logs.length).toBeGreaterThan(0);
    for (const l of logs) expect(l).toMatch(PRETTY_LINE);
    expect(logs.join('\n')).toContain('INFO  alert rules loaded rules=5');
    expect(stdout).not.toContain('{"level"');
    expect(stdout).not.toContain('Server listening at');
  });

  it('on a terminal without colour support (NO_COLOR): readable lines, no escapes', async () => {
    const { stdout } = await serveOutput({ tty: true, env: { TERM: 'xterm-256color', NO_COLOR: '1' } });
    expect(stdout).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO  alert rules loaded/m);
    expect(stdout).not.toMatch(ANSI);
  });

  it('on a terminal with CE_LOG_FORMAT=json: JSON lines', async () => {
    const { stdout } = await serveOutput({ tty: true, env: { CE_LOG_FORMAT: 'json' } });
    const json = stdout.split('\n').filter((l) => l.startsWith('{'));
    expect(json.map((l) => JSON.parse(l) as { msg: string }).map((r) => r.msg)).toContain('alert rules loaded');
  });

  it('piped: JSON lines on stderr, the banner alone on stdout', async () => {
    const { stdout, stderr } = await serveOutput({ tty: false });
    expect(stdout).toMatch(/^claude-errors serving/);
    expect(stdout).not.toContain('{');
    const records = stderr.trim().split('\n').map((l) => JSON.parse(l) as { level: number; msg: string; name: string });
    expect(records[0]).toMatchObject({ level: 30, name: 'claude-errors', msg: 'alert rules loaded' });
  });

  it('piped with --log-format pretty: readable lines without colour', async () => {
    const { stderr } = await serveOutput({ tty: false, args: ['--log-format', 'pretty'] });
    const lines = stderr.trim().split('\n');
    for (const l of lines) expect(l).toMatch(PRETTY_LINE);
    expect(stderr).not.toMatch(ANSI);
  });

  it('refuses an unknown format, naming the flag or the variable', async () => {
    const bad = await runCli(['serve', '--log-format', 'yaml']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--log-format: 'yaml' is not one of auto, json, pretty");
  });
});
