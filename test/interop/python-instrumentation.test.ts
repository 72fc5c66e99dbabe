// The Python instrumentation (instrumentation/python): its pytest suite against the real anthropic SDK
// of three versions, its wheel in a fresh virtualenv, and parity with the Node package.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrubSecrets } from '@claude-errors/instrumentation-anthropic/scrub';
import { ensureVenvAsync, runAsync, type Venv } from './venv.js';
import { pythonAndNodeSpans, type ParityCase } from './parity.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGE = join(ROOT, 'instrumentation', 'python');
/** An old 0.x (httpx), the first with the SDK's own tracing (1.14.0, httpx2), the newest. */
const SDK_VERSIONS = ['0.40.0', '1.14.0', '2.17.0'] as const;
const NEWEST = SDK_VERSIONS[SDK_VERSIONS.length - 1]!;
const inCi = process.env['CI'] === 'true';

const venvs = new Map<string, Promise<Venv>>();
function venvFor(version: string): Promise<Venv> {
  let v = venvs.get(version);
  if (!v) {
    v = ensureVenvAsync(join(PACKAGE, 'tests', 'requirements', `anthropic-${version}.txt`), `py-anthropic-${version}`);
    venvs.set(version, v);
  }
  return v;
}

/** The venv's python, or a skip (a failure in CI) when the venv cannot be built (no PyPI). */
async function pythonOr(ctx: { skip: (note?: string) => void }, version: string): Promise<string> {
  const v = await venvFor(version);
  if (v.ok) return v.python;
  if (inCi) throw new Error(`cannot build the Python virtualenv for anthropic ${version} (PyPI needed): ${v.reason}`);
  ctx.skip(`no Python virtualenv for anthropic ${version}: ${v.reason}`);
  throw new Error('unreachable');
}

async function mustRun(cmd: string, args: string[], opts: Parameters<typeof runAsync>[2] = {}): Promise<string> {
  const res = await runAsync(cmd, args, opts);
  if (res.status !== 0) throw new Error(`\`${cmd} ${args.join(' ')}\` exited with ${res.status}:\n${res.out}`);
  return res.out;
}

const installed = new Map<string, Promise<string>>();
/** Installs the package from the repo into the venv, once per run (not editable: the tests see what a user gets). */
function installPackage(python: string): Promise<string> {
  let done = installed.get(python);
  if (!done) {
    done = mustRun(python, ['-m', 'pip', 'install', '--quiet', '--no-deps', '--no-build-isolation', '--force-reinstall', PACKAGE]);
    installed.set(python, done);
  }
  return done;
}

beforeAll(() => {
  // The pytest suite starts the fake API and `claude-errors serve` from dist/ (npm test builds them first).
  for (const built of ['fake-api/dist/cli.js', 'cli/dist']) {
    if (!existsSync(join(ROOT, built))) throw new Error(`${built} is missing: run \`npx tsc -b cli fake-api\` first`);
  }
});

describe.each(SDK_VERSIONS)('Python instrumentation with anthropic %s: the pytest suite', (version) => {
  it('passes', async (ctx) => {
    const python = await pythonOr(ctx, version);
    await installPackage(python);
    const res = await runAsync(python, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'], {
      cwd: PACKAGE,
      env: { CLAUDE_ERRORS_REPO: ROOT, NODE: process.execPath },
    });
    // Exit 5 is "no tests collected": a suite that ran nothing has not passed.
    if (res.status === 5) throw new Error(`pytest collected no tests:\n${res.out}`);
    if (res.status !== 0) throw new Error(`pytest failed (exit ${res.status}) with anthropic ${version}:\n${res.out}`);
    const passed = Number(/(\d+) passed/.exec(res.out)?.[1] ?? 0);
    expect(passed, res.out).toBeGreaterThan(15);
  }, 900_000);
});

describe('Python instrumentation: the wheel', () => {
  let dir = '';
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('builds, and installs with its dependencies into a fresh virtualenv that finds the entry point', async (ctx) => {
    const python = await pythonOr(ctx, NEWEST);
    dir = mkdtempSync(join(tmpdir(), 'ce-py-wheel-'));
    await mustRun(python, ['-m', 'pip', 'wheel', '--quiet', '--no-deps', '--no-build-isolation', '--wheel-dir', dir, PACKAGE]);
    const wheels = readdirSync(dir).filter((f) => f.endsWith('.whl'));
    expect(wheels).toEqual(['claude_errors_instrumentation_anthropic-0.1.0-py3-none-any.whl']);
    const listing = await mustRun(python, ['-m', 'zipfile', '-l', join(dir, wheels[0]!)]);
    for (const file of ['__init__.py', '_semconv.py', 'py.typed', 'entry_points.txt']) expect(listing).toContain(file);
    expect(listing).not.toContain('tests/');

    const fresh = join(dir, 'venv');
    await mustRun('python3', ['-m', 'venv', fresh]);
    const freshPython = join(fresh, 'bin', 'python');
    await mustRun(freshPython, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', join(dir, wheels[0]!)]);
    const check = await mustRun(freshPython, [
      '-c',
      [
        'from importlib.metadata import entry_points',
        "(ep,) = [e for e in entry_points(group='opentelemetry_instrumentor') if e.name == 'anthropic_claude_errors']",
        'cls = ep.load()',
        'import claude_errors_instrumentation_anthropic as m',
        'assert cls is m.AnthropicInstrumentor',
        "print(m.__version__, list(cls().instrumentation_dependencies()), m.semconv.ATTEMPT_EVENT)",
      ].join('\n'),
    ]);
    expect(check.trim()).toBe("0.1.0 ['anthropic >= 0.40.0'] anthropic.attempt");
  }, 900_000);
});

describe('Python instrumentation beside the Node package', () => {
  it('stays out of the Node package: npm pack of instrumentation/ holds no Python file', async () => {
    const npm = join(process.execPath, '..', 'npm');
    const out = await mustRun(existsSync(npm) ? npm : 'npm', ['pack', '--dry-run', '--json', '--loglevel=silent', '--workspace', 'instrumentation'], { cwd: ROOT });
    const files = (JSON.parse(out.slice(out.indexOf('['))) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files).toContain('package.json');
    expect(files.filter((f) => f.startsWith('python/') || f.endsWith('.py'))).toEqual([]);
  }, 120_000);
});

describe('Python instrumentation: type hints', () => {
  it('type-check with mypy --strict', async (ctx) => {
    const python = await pythonOr(ctx, NEWEST);
    await mustRun(python, ['-m', 'mypy', '--strict', '--no-incremental', '--cache-dir=/dev/null', 'src/claude_errors_instrumentation_anthropic'], { cwd: PACKAGE });
  }, 300_000);
});

describe('Python and Node packages: the same failure sequence gives the same attributes', () => {
  const cases: ParityCase[] = [
    { name: 'retried', stream: false, fates: 'retried' },
    { name: 'exhausted', stream: false, fates: 'exhausted' },
    { name: 'invalid', stream: false, fates: 'invalid' },
    { name: 'stream_error', stream: true, fates: 'stream_error' },
    { name: 'stream_cut', stream: true, fates: 'stream_cut' },
  ];

  it.for(cases)('$name', async (c, ctx) => {
    const python = await pythonOr(ctx, NEWEST);
    await installPackage(python);
    const { node, py } = await pythonAndNodeSpans(python, c);
    expect(py.call).toEqual(node.call);
    expect(py.attempts).toEqual(node.attempts);
  }, 300_000);
});

describe('Python and Node packages: the same secret scrubber', () => {
  // Shaped like credentials, not real ones; and text that must stay as it is.
  const b64 = Buffer.from('deploy:Pr0xyPassw0rd!').toString('base64');
  const corpus = [
    'invalid key sk-ant-api03-Xq3vT9kLmN2pR8sW4yZ6bC1dF5gH7jK0-aB_cD3eF9gH2iJ4kL6mN8oP0qR2sT4uAA used',
    'openai said: sk-proj-Hj7Kl9Mn2Pq4Rs6Tu8Vw0Xy2Za4Bc6De8Fg0Hi2Jk4Lm6No8Pq0Rs2Tu4Vw6',
    'creds AKIAZ7QW3ERT5YUI8OPA in us-east-1, aws_secret_access_key=kW9xZ2vB7nM4qR8tY3uI6oP1aS5dF0gH/jK+lZxC',
    '{"SecretAccessKey": "kW9xZ2vB7nM4qR8tY3uI6oP1aS5dF0gH/jK+lZxC"}',
    'GET /maps?center=1&key=AIzaSyB3dF5hJ7kL9mN1pQ3rS5tV7wX9yZ1aB3c failed',
    'push with ghp_Zx8Cv6Bn4Mq2We0Rt9Yu7Io5Pa3Sd1Fg6Hj4K refused; github_pat_11ABCDEFG0a1b2c3d4e5f6_g7h8i9j0k1l2m3n4o5p6',
    'slack xoxb-918273645012-1029384756102-Qw8Er6Ty4Ui2Op0As9Df7Gh5',
    'cookie jwt eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIn0.k3Jm9Qx7Vb2Nw5Ty8Ui1Op4As6',
    'Authorization: Bearer tok3nV4lue.Zq8Wm2Xn5Pr7 and authorization: bearer abcdefghijklmn',
    `Proxy-Authorization: Basic ${b64}`,
    'connect ECONNREFUSED https://deploy:Hunt3rPassw0rd@proxy.internal:3128',
    'POST /v1/hook?token=Zx81qpLm55t&v=2 then api_key=plainValue123 rejected, password: Tr0ub4dor&3',
    '{"x-api-key": "not-an-anthropic-shape-9f8e"} {\\"x-api-key\\": \\"escapedValue77\\"}',
    "{'Authorization': 'opaque value with spaces'} headers {\"cookie\":\"sessionid=abc123def456\"} sessionToken=Wq9Er7Ty5",
    'error: api_key=Zq8Wm2Xn5Pr7 inside; a=1&key=Qm9vb2FhYmI',
    'Overloaded',
    '{"key":"http.response.status_code","value":{"intValue":"529"}} {\'key\': \'anthropic.error.type\'}',
    'authentication_error: invalid x-api-key',
    'request_id: req_011CVd7wQdbYzqKqHCLQmWvq',
    'max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for claude-opus-4-1',
    'Basic authentication failed for this proxy; Bearer token is missing; missing key: model',
    'The API key you provided has expired; create a new key in the console',
    'see https://docs.claude.com/en/api/errors for details',
    'input_tokens=512 output_tokens=20',
    '',
  ];

  it('gives the TypeScript scrubber\'s output for every string of a corpus', async (ctx) => {
    const python = await pythonOr(ctx, NEWEST);
    await installPackage(python);
    const script = [
      'import json, sys',
      'from claude_errors_instrumentation_anthropic._scrub import scrub_secrets',
      'print(json.dumps([scrub_secrets(s) for s in json.loads(sys.argv[1])]))',
    ].join('\n');
    const out = await mustRun(python, ['-c', script, JSON.stringify(corpus)]);
    expect(JSON.parse(out) as string[]).toEqual(corpus.map((s) => scrubSecrets(s)));
  }, 300_000);
});
