import { writeFile } from 'node:fs/promises';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RuleEngine } from '../src/rules/index.js';
import { clock, engine, rec, startReceiver, tempDb, writeRules, type TempDb } from './rules-fixtures.js';

const rule = (name: string, threshold: number, severity = 'warning') => `  - name: ${name}
    kind: streak
    match: { status: [529] }
    level: attempt
    threshold: ${threshold}
    group_by: [model]
    severity: ${severity}
`;
const file = (url: string, rules: string) => `rules:\n${rules}notifiers:\n  - { name: hook, type: webhook, url: "${url}/hook", format: json }\n`;

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('rules file hot reload', () => {
  let db: TempDb;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let eng: RuleEngine;
  let path: string;
  const logs: Record<string, unknown>[] = [];
  const c = clock();

  beforeEach(async () => {
    db = await tempDb();
    receiver = await startReceiver();
    path = await writeRules(db.dir, file(receiver.url, rule('a', 3) + rule('b', 3)));
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, cb) => (logs.push(JSON.parse(String(chunk)) as Record<string, unknown>), cb()) }));
    eng = engine(db, { rulesFile: path, now: c.now, watch: true, logger });
    await eng.start();
  });
  afterEach(async () => {
    await eng.shutdown();
    await receiver.close();
    await db.close();
  });

  it('picks up a changed file, keeps state of unchanged rules and resolves removed ones', async () => {
    const t = c.now();
    await eng.observe([0, 1, 2].map((i) => rec({ time: t + i, status: 529, model: 'm' })));
    await receiver.waitFor(2); // a and b fire
    // b is removed, a keeps its definition (only severity changes), c is new.
    await writeFile(path, file(receiver.url, rule('a', 3, 'critical') + rule('c', 2)));
    await until(() => eng.rules().some((r) => r.name === 'c'));
    expect(eng.rules().map((r) => [r.name, r.severity, r.groups[0]?.state ?? 'none'])).toEqual([
      ['a', 'critical', 'firing'],
      ['c', 'warning', 'none'],
    ]);
    await receiver.waitFor(3);
    expect(receiver.received.map((r) => `${r.body['rule']}:${r.body['status']}`)).toEqual(['a:firing', 'b:firing', 'b:resolved']);
    expect(eng.stats.reloads).toBe(1);
  });

  it('keeps the current rules when the new file is invalid, and logs why', async () => {
    await writeFile(path, file(receiver.url, rule('a', 3) + '  - name: broken\n    kind: streak\n'));
    await until(() => eng.stats.reload_errors > 0);
    expect(eng.rules().map((r) => r.name)).toEqual(['a', 'b']);
    const entry = logs.find((l) => l['msg'] === 'rules file reload failed; keeping the current rules');
    expect(entry).toMatchObject({ code: 'CE_ERR_RULES_INVALID', problems: ['line 9: rules[1].threshold: is required'] });
    // A fixed file is picked up again.
    await writeFile(path, file(receiver.url, rule('a', 4)));
    await until(() => eng.rules().length === 1);
    expect(eng.rules()[0]).toMatchObject({ name: 'a', threshold: 4 });
  });

  it('keeps the current rules when a notifier in the new file could never deliver', async () => {
    await writeFile(path, file(receiver.url, rule('a', 3)).replace('format: json }', 'format: json, headers: { X-A: "a\\r\\nb" }, timeout: 0ms }'));
    await until(() => eng.stats.reload_errors > 0);
    expect(eng.rules().map((r) => r.name)).toEqual(['a', 'b']);
    expect(logs.findLast((l) => l['msg'] === 'rules file reload failed; keeping the current rules')).toMatchObject({
      code: 'CE_ERR_RULES_INVALID',
      problems: ['line 10: notifiers[0].headers.X-A: must not contain CR, LF or NUL', 'line 10: notifiers[0].timeout: must be between 100ms and 60s'],
    });
    // The same file is refused at start-up.
    await expect(engine(db, { rulesFile: path }).start()).rejects.toMatchObject({ code: 'CE_ERR_RULES_INVALID' });
  });
});
