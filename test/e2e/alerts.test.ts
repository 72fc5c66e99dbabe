import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fates } from '@claude-errors/testkit/fake-api';
import { overloadedStreakRule } from '../analyzer-fixtures/rules-yaml.js';
import { eventually } from '../helpers/cli.js';
import { HI, useServedApp } from '../helpers/served-app.js';

let hook: Server;
const received: any[] = [];
let rules = '';

beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(body) });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/hook`;
  const dir = mkdtempSync(join(tmpdir(), 'ce-e2e-alerts-'));
  rules = join(dir, 'rules.yaml');
  writeFileSync(
    rules,
    `rules:
${overloadedStreakRule({ successes: 2 })}
notifiers:
  - name: ops
    type: webhook
    url: ${hookUrl}
    format: alertmanager
    headers: { Authorization: "Bearer hook-secret" }
    repeat_interval: 4h
`,
  );
});
// vitest runs after-hooks in reverse order: the hook receiver closes once serve has stopped.
afterAll(() => {
  hook?.close();
});
const served = useServedApp('ce-e2e-alerts-data-', 'alerting-app', () => ['--rules', rules]);

describe('alerting end to end: a 529 streak through the real SDK fires one webhook and resolves once', () => {
  it('sends exactly one firing and one resolved Alertmanager notification', async () => {
    const client = served.client({ maxRetries: 0 });
    for (let i = 0; i < 6; i++) {
      served.api.enqueue(fates.overloaded());
      await expect(client.messages.create({ model: 'claude-opus-4-1', max_tokens: 16, messages: HI })).rejects.toMatchObject({ status: 529 });
    }
    await eventually(async () => received.length, (n) => n >= 1);
    expect(received).toHaveLength(1);
    const firing = received[0]!.body;
    expect(received[0]!.headers.authorization).toBe('Bearer hook-secret');
    expect(firing).toMatchObject({ version: '4', status: 'firing' });
    expect(firing.alerts).toHaveLength(1);
    expect(firing.alerts[0]).toMatchObject({ status: 'firing', labels: expect.objectContaining({ alertname: 'overloaded-streak', model: 'claude-opus-4-1', severity: 'critical' }) });
    expect(JSON.stringify(firing.alerts[0].annotations)).toMatch(/retry|backoff/i);

    const rules = await (await fetch(`${served.analyzerUrl}/api/v1/rules`)).json() as { rules: any[] };
    expect(JSON.stringify(rules)).not.toContain('hook-secret');
    const alerts = await (await fetch(`${served.analyzerUrl}/api/v1/alerts`)).json() as { active: any[] };
    expect(alerts.active).toHaveLength(1);

    for (let i = 0; i < 2; i++) await client.messages.create({ model: 'claude-opus-4-1', max_tokens: 16, messages: HI });
    await eventually(async () => received.length, (n) => n >= 2);
    await new Promise((r) => setTimeout(r, 1500)); // nothing more may arrive
    expect(received).toHaveLength(2);
    expect(received[1]!.body).toMatchObject({ version: '4', status: 'resolved' });
    expect(received[1]!.body.alerts[0].labels.alertname).toBe('overloaded-streak');
    const after = await (await fetch(`${served.analyzerUrl}/api/v1/alerts`)).json() as { active: any[]; history: any[] };
    expect(after.active).toHaveLength(0);
  });
});
