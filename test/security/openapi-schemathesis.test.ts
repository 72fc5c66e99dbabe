// Issue 10 item 6: the OpenAPI document declares every status each route answers, with the error
// body schema, and schemathesis (PyPI, in .cache/venv-schemathesis) checks a running analyzer
// against it: no server errors, only declared statuses, bodies and content types as declared,
// 405 for undeclared methods, 401 without the token. Bounded: few examples per operation and a
// time budget. If schemathesis cannot be installed this test fails and says why.
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureVenv, type Venv } from '../interop/venv.js';
import { analyzerApp, failedCall, type TestAnalyzer } from './analyzer-app.js';

const REQUIREMENTS = fileURLToPath(new URL('./schemathesis-requirements.txt', import.meta.url));
const TOKEN = 'openapi-test-token';
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'unsupported_method',
  'ignored_auth',
];

let venv: Venv;
let t: TestAnalyzer;
let base = '';

beforeAll(async () => {
  venv = ensureVenv(REQUIREMENTS, 'venv-schemathesis');
  t = await analyzerApp({ apiToken: TOKEN });
  await t.ingest.ingest({ records: [1, 2, 3].flatMap((n) => failedCall(n, `status ${n}`)) });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}, 900_000);
afterAll(() => t?.close());

/** Runs a command without blocking this process (the analyzer under test answers from it). */
function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('OpenAPI document', () => {
  it('declares 400, 401 and 500 (and 404 on the detail route) with the error body on every operation', async () => {
    const doc = (await t.app.inject({ url: '/api/v1/openapi.json', headers: { authorization: `Bearer ${TOKEN}` } })).json();
    const ops = Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, any>; parameters?: unknown[] }>>);
    expect(ops.length).toBeGreaterThan(8);
    for (const [path, methods] of ops) {
      for (const [method, op] of Object.entries(methods)) {
        const statuses = Object.keys(op.responses);
        const expected = ['200', '401', '500', ...(op.parameters?.length ? ['400'] : []), ...(path.includes('{') ? ['404'] : [])];
        expect(statuses.sort(), `${method} ${path}`).toEqual(expect.arrayContaining(expected));
        for (const s of expected.filter((x) => x !== '200')) {
          const schema = op.responses[s].content['application/json'].schema;
          expect(schema.required, `${method} ${path} ${s}`).toEqual(['statusCode', 'code', 'error', 'message']);
        }
      }
    }
  });
});

describe('schemathesis against a running analyzer', () => {
  it('finds no server error and no answer the document does not declare', { timeout: 240_000 }, async () => {
    if (!venv.ok) throw new Error(`schemathesis could not be installed: ${venv.reason}`);
    const st = venv.python.replace(/python$/, 'st');
    const args = [
      'run', `${base}/api/v1/openapi.json`,
      '--url', base,
      '-H', `Authorization: Bearer ${TOKEN}`,
      '--checks', CHECKS.join(','),
      // An endless event stream: no request to it ever completes.
      '--exclude-path', '/api/v1/live',
      '--max-examples', '15',
      '--seed', '1',
      '--workers', '1',
      '--max-time', '60',
      '--request-timeout', '20',
      '--no-shrink',
    ];
    const { code, output } = await run(st, args, 200_000);
    expect(code, output.slice(-6000)).toBe(0);
    const tested = Number(/Tested: (\d+)/.exec(output)?.[1] ?? 0);
    expect(tested, output.slice(-2000)).toBeGreaterThanOrEqual(10);
  });
});
