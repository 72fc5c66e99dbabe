import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { command as alertsCommand } from '../src/commands/alerts.js';
import { command as rulesCommand } from '../src/commands/rules.js';
import type { RuleEngine } from '@claude-errors/analyzer/rules';
import { clock, engine, rec, tempDb, writeRules, type TempDb } from '@claude-errors/testkit/analyzer-fixtures/rules';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  return { out: () => out.join(''), err: () => err.join('') };
}

describe('claude-errors rules check', () => {
  let db: TempDb;
  beforeEach(async () => {
    db = await tempDb();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await db.close();
  });

  it('explains a bad file with line numbers and exits 1; a good file exits 0', async () => {
    const bad = await writeRules(db.dir, 'rules:\n  - name: a\n    kind: rate\n    threshold: 3\n', 'bad.yaml');
    let io = capture();
    expect(await rulesCommand.run(['check', bad])).toBe(1);
    expect(io.err()).toContain(`${bad}:2:5: rules[0].window: is required`);
    expect(io.err()).toContain(`${bad}:4:16: rules[0].threshold: must be <= 1`);
    expect(io.err()).toContain('CE_ERR_RULES_INVALID: 2 problem(s)');
    vi.restoreAllMocks();

    const good = await writeRules(db.dir, 'rules:\n  - { name: a, kind: streak, match: { status: 529 }, threshold: 3, group_by: [model] }\n', 'good.yaml');
    io = capture();
    expect(await rulesCommand.run(['check', good])).toBe(0);
    expect(io.out()).toContain(`${good}: OK, 1 rule(s), 0 notifier(s)`);
    expect(io.out()).toMatch(/a\s+warning\s+status=529: 3 consecutive calls per model/);
    vi.restoreAllMocks();

    io = capture();
    expect(await rulesCommand.run(['check'])).toBe(2);
  });

  it('refuses notifiers that could never deliver, naming the field path', async () => {
    const hooks = [
      '{ name: a, type: webhook, url: "https://u:p@hooks.example.com/x" }',
      '{ name: b, type: webhook, url: "https://hooks.example.com/x", timeout: 0ms }',
    ];
    const file = await writeRules(db.dir, `rules:\n  - { name: r, kind: streak, threshold: 3 }\nnotifiers:\n  - ${hooks.join('\n  - ')}\n`, 'hooks.yaml');
    const io = capture();
    expect(await rulesCommand.run(['check', file])).toBe(1);
    // A header name that is not a token breaks the schema, which is checked first.
    const header = await writeRules(db.dir, 'rules: []\nnotifiers:\n  - { name: c, type: webhook, url: "https://h.example", headers: { "X-A\\r\\nB": v } }\n', 'header.yaml');
    expect(await rulesCommand.run(['check', header])).toBe(1);
    expect(io.err()).toMatch(/hooks\.yaml:4:\d+: notifiers\[0\]\.url: must not contain user:password@/);
    expect(io.err()).toMatch(/hooks\.yaml:5:\d+: notifiers\[1\]\.timeout: must be between 100ms and 60s/);
    expect(io.err()).toContain('CE_ERR_RULES_INVALID: 2 problem(s)');
    expect(io.err()).toMatch(/header\.yaml:3:\d+: notifiers\[0\]\.headers\["X-A\\r\\nB"\]: is not a valid header name/);
    expect(io.err()).not.toMatch(/\r|u:p@/);
  });
});

describe('claude-errors alerts', () => {
  let db: TempDb;
  let eng: RuleEngine;
  let server: Server;
  let url: string;
  const c = clock();

  beforeEach(async () => {
    db = await tempDb();
    eng = engine(db, { now: c.now });
    await eng.start(); // shipped defaults
    // Serves the engine's alerts the way GET /api/v1/alerts does, behind a bearer token.
    server = createServer((req, res) => {
      if (req.headers.authorization !== 'Bearer t0ken') return void res.writeHead(401).end('{}');
      const limit = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('limit'));
      void Promise.all([eng.alerts({ active: true }), eng.alerts({ limit })]).then(([active, history]) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ active, history })),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await new Promise((r) => server.close(r));
    await eng.shutdown();
    await db.close();
  });

  it('prints active alerts and history, with the token from CE_API_TOKEN or --api-token', async () => {
    const t = c.now();
    await eng.observe([0, 1, 2, 3, 4].map((i) => rec({ time: t + i, status: 529, model: 'opus' })));
    let io = capture();
    expect(await alertsCommand.run(['--url', url])).toBe(1);
    expect(io.err()).toContain('pass --api-token or set CE_API_TOKEN');
    vi.restoreAllMocks();

    io = capture();
    expect(await alertsCommand.run(['--url', url, '--api-token', 't0ken'])).toBe(0);
    expect(io.out()).toMatch(/Active alerts: 1\n\s+SEVERITY\s+RULE\s+GROUP/);
    expect(io.out()).toMatch(/critical\s+overloaded-streak\s+model=opus/);
    expect(io.out()).toContain('Recent events: 1');
    vi.restoreAllMocks();

    vi.stubEnv('CE_API_TOKEN', 't0ken');
    io = capture();
    expect(await alertsCommand.run(['--url', url, '--json'])).toBe(0);
    const body = JSON.parse(io.out()) as { active: { rule: string; notifications: unknown[] }[] };
    expect(body.active.map((a) => a.rule)).toEqual(['overloaded-streak']);
    vi.unstubAllEnvs();
  });

  it('says clearly when no analyzer answers', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const io = capture();
    expect(await alertsCommand.run(['--url', `http://127.0.0.1:${port}`])).toBe(1);
    expect(io.err()).toContain(`cannot reach the analyzer at http://127.0.0.1:${port}: ECONNREFUSED`);
  });
});
