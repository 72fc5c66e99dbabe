// "Installable today, publishable tomorrow": the README's install and set-up lines, run as written.
// The instrumentation is packed from this checkout, installed from the tarball into a scratch app
// in a temp folder outside the repository (the OpenTelemetry packages and the SDK come from the
// npm registry), and each README set-up (CommonJS, ESM loader hook, manuallyInstrument) makes a
// failing call through the real @anthropic-ai/sdk against the fake Claude API; the calls must
// reach a running `serve`. `npm publish --dry-run` checks what would be published.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeApi, type FakeApi, type Fate } from '@claude-errors/testkit/fake-api';
import { REPO, startServe, type RunningServe } from '@claude-errors/testkit/serve';

const exec = promisify(execFile);
const README_URL = 'http://127.0.0.1:4318/v1/traces';
const PACKAGE = JSON.parse(readFileSync(join(REPO, 'instrumentation/package.json'), 'utf8')) as { name: string; version: string };
const TARBALL = `claude-errors-instrumentation-anthropic-${PACKAGE.version}.tgz`;
/** The app's own SDK (not a dependency of the instrumentation): the version this repository tests. */
const APP_SDK = '@anthropic-ai/sdk@1.13.0';

interface Readme {
  pack: string;
  installTarball: string;
  installRegistry: string;
  /** Set-up files by name (tracing.cjs, …), and the comment that says how to run each. */
  setups: Map<string, { code: string; comment: string }>;
}

/** The fenced blocks of the README's "Instrument your application" section. */
function readReadme(): Readme {
  const text = readFileSync(join(REPO, 'README.md'), 'utf8');
  const start = text.indexOf('## Instrument your application\n');
  const section = text.slice(start, text.indexOf('\n## ', start + 1));
  const blocks = [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, code: m[2]! }));
  const sh = blocks.filter((b) => b.lang === 'sh').map((b) => b.code.replace(/\s+#.*$/gm, '').trim());
  const setups = new Map<string, { code: string; comment: string }>();
  for (const b of blocks.filter((x) => x.lang === 'js')) {
    const first = /^\/\/ (\S+) — (.*)$/m.exec(b.code.split('\n')[0]!);
    if (first) setups.set(first[1]!, { code: b.code, comment: first[2]! });
  }
  const find = (prefix: string): string => sh.find((l) => l.startsWith(prefix)) ?? '';
  return { pack: find('npm pack'), installTarball: find('npm install ./'), installRegistry: find(`npm install ${PACKAGE.name}`), setups };
}

async function sh(command: string, cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string }> {
  try {
    return await exec('sh', ['-c', command], { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} (in ${cwd}) failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/** A call that meets one 529 and gives up (maxRetries 0); prints what the app saw. */
const CALL = `const client = new Anthropic({ apiKey: 'sk-ant-api03-pack-install-000000', baseURL: process.env.FAKE_API_URL, maxRetries: 0 });
client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hello' }] })
  .then(() => console.log('ok'), (err) => console.log('error', err.status));`;

/** The app beside each set-up, and the command the README's comment gives to run it. */
const APPS: Record<string, { file: string; app: string; run: string }> = {
  'tracing.cjs': { file: 'app.js', app: `const Anthropic = require('@anthropic-ai/sdk');\n${CALL}\n`, run: 'node --require ./tracing.cjs app.js' },
  'telemetry.mjs': { file: 'app.mjs', app: `import Anthropic from '@anthropic-ai/sdk';\n${CALL}\n`, run: 'node --import ./telemetry.mjs app.mjs' },
  'telemetry-manual.mjs': { file: 'app-manual.mjs', app: `import './telemetry-manual.mjs';\nimport Anthropic from '@anthropic-ai/sdk';\n${CALL}\n`, run: 'node app-manual.mjs' },
};

const overloaded: Fate = { kind: 'error', status: 529, type: 'overloaded_error', message: 'Overloaded' };

describe('the instrumentation, packed and installed as the README says', () => {
  const readme = readReadme();
  const work = mkdtempSync(join(tmpdir(), 'ce-pack-install-'));
  const app = join(work, 'app');
  let serve: RunningServe;
  let fakeApi: FakeApi;

  beforeAll(async () => {
    serve = await startServe();
    fakeApi = await startFakeApi();
  });
  afterAll(async () => {
    await fakeApi?.close();
    await serve?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('the README has the pack line, both install lines with the same OpenTelemetry packages, and three set-ups', () => {
    expect(relative(REPO, work).startsWith('..')).toBe(true);
    expect(readme.pack).toBe('npm pack --workspace instrumentation');
    expect(readme.installTarball.split(' ').slice(0, 3)).toEqual(['npm', 'install', `./${TARBALL}`]);
    expect(readme.installRegistry.split(' ').slice(3)).toEqual(readme.installTarball.split(' ').slice(3));
    expect([...readme.setups.keys()]).toEqual(Object.keys(APPS));
    for (const [name, s] of readme.setups) {
      expect(s.code, name).toContain(README_URL);
      expect(s.comment, name).toContain(APPS[name]!.run.startsWith('node app') ? 'import it first' : APPS[name]!.run);
    }
  });

  it('packs only the instrumentation, and `npm publish --dry-run` would publish it', async () => {
    await sh(`${readme.pack} --pack-destination ${work}`, REPO);
    const { stdout } = await sh('npm publish --dry-run --json --workspace instrumentation', REPO);
    const published = (JSON.parse(stdout) as Record<string, { id: string; filename: string; files: { path: string }[] }>)[PACKAGE.name]!;
    expect(published.id).toBe(`${PACKAGE.name}@${PACKAGE.version}`);
    expect(published.filename).toBe(TARBALL);
    const files = published.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'CHANGELOG.md', 'dist/index.js', 'dist/index.d.ts', 'dist/semconv.js']));
    expect(files.filter((f) => !/^(dist|src)\/|^(package\.json|README\.md|CHANGELOG\.md)$/.test(f))).toEqual([]);
    expect(files.filter((f) => /\.test\.|tsbuildinfo|python\//.test(f))).toEqual([]);
  });

  it('installs from the tarball into a scratch app outside the repository', async () => {
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch-app', version: '1.0.0', private: true }));
    copyFileSync(join(work, TARBALL), join(app, TARBALL));
    await sh(`${readme.installTarball} ${APP_SDK} --no-audit --no-fund --prefer-offline`, app);
    const installed = JSON.parse(readFileSync(join(app, 'node_modules/@claude-errors/instrumentation-anthropic/package.json'), 'utf8')) as { version: string };
    expect(installed.version).toBe(PACKAGE.version);
    // Nothing else of this repository came along (the schemas package is not a runtime dependency).
    const { stdout } = await sh('npm ls --all --parseable', app);
    expect(stdout.split('\n').filter((p) => p.includes('node_modules/@claude-errors/'))).toEqual([join(app, 'node_modules/@claude-errors/instrumentation-anthropic')]);
  });

  for (const [name, { file, app: appCode, run }] of Object.entries(APPS)) {
    it(`${name}: a failing call through the real SDK reaches the running serve`, async () => {
      const setup = readme.setups.get(name);
      expect(setup, name).toBeDefined();
      writeFileSync(join(app, name), setup!.code.replaceAll(README_URL, `${serve.otlpUrl}/v1/traces`));
      writeFileSync(join(app, file), appCode);
      const service = `pack-install-${name.replace(/\W/g, '-')}`;
      fakeApi.enqueue(overloaded);
      const { stdout } = await sh(run, app, { OTEL_SERVICE_NAME: service, FAKE_API_URL: fakeApi.url, NODE_OPTIONS: '' });
      expect(stdout.trim()).toBe('error 529');
      let summary = { total_calls: 0, failed_calls: 0, failed_attempts: 0 };
      for (let i = 0; i < 100 && summary.failed_calls === 0; i++) {
        summary = await serve.api<typeof summary>(`summary?from=-1h&service=${service}`);
        if (summary.failed_calls === 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(summary).toMatchObject({ total_calls: 1, failed_calls: 1, failed_attempts: 1 });
      const errors = await serve.api<{ rows: { status: number; catalog_id: string; source: string }[] }>(`errors?from=-1h&service=${service}`);
      expect(errors.rows.map((r) => r.status)).toContain(529);
      // Recorded by this instrumentation (its attempt events), not only the SDK's own native span.
      expect(new Set(errors.rows.map((r) => r.source))).toEqual(new Set(['claude-errors']));
      expect(errors.rows.map((r) => r.catalog_id)).toContain('overloaded');
    });
  }
});
