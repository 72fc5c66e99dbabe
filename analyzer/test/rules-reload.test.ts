import { writeFile } from 'node:fs/promises';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { engine, rec, useRulesEngine } from './rules-fixtures.js';

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
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, cb) => (logs.push(JSON.parse(String(chunk)) as Record<string, unknown>), cb()) }));
  const rig = useRulesEngine((url) => file(url, rule('a', 3) + rule('b', 3)), { startEach: true, options: { watch: true, logger } });
  const c = rig.clock;

  it('picks up a changed file, keeps state of unchanged rules and resolves removed ones', async () => {
    const t = c.now();
    await rig.engine.observe([0, 1, 2].map((i) => rec({ time: t + i, status: 529, model: 'm' })));
    await rig.receiver.waitFor(2); // a and b fire
    // b is removed, a keeps its definition (only severity changes), c is new.
    await writeFile(rig.file, file(rig.receiver.url, rule('a', 3, 'critical') + rule('c', 2)));
    await until(() => rig.engine.rules().some((r) => r.name === 'c'));
    expect(rig.engine.rules().map((r) => [r.name, r.severity, r.groups[0]?.state ?? 'none'])).toEqual([
      ['a', 'critical', 'firing'],
      ['c', 'warning', 'none'],
    ]);
    await rig.receiver.waitFor(3);
    expect(rig.receiver.received.map((r) => `${r.body['rule']}:${r.body['status']}`)).toEqual(['a:firing', 'b:firing', 'b:resolved']);
    expect(rig.engine.stats.reloads).toBe(1);
  });

  it('keeps the current rules when the new file is invalid, and logs why', async () => {
    await writeFile(rig.file, file(rig.receiver.url, rule('a', 3) + '  - name: broken\n    kind: streak\n'));
    await until(() => rig.engine.stats.reload_errors > 0);
    expect(rig.engine.rules().map((r) => r.name)).toEqual(['a', 'b']);
    const entry = logs.find((l) => l['msg'] === 'rules file reload failed; keeping the current rules');
    expect(entry).toMatchObject({ code: 'CE_ERR_RULES_INVALID', problems: ['line 9: rules[1].threshold: is required'] });
    // A fixed file is picked up again.
    await writeFile(rig.file, file(rig.receiver.url, rule('a', 4)));
    await until(() => rig.engine.rules().length === 1);
    expect(rig.engine.rules()[0]).toMatchObject({ name: 'a', threshold: 4 });
  });

  it('keeps the current rules when a notifier in the new file could never deliver', async () => {
    await writeFile(rig.file, file(rig.receiver.url, rule('a', 3)).replace('format: json }', 'format: json, headers: { X-A: "a\\r\\nb" }, timeout: 0ms }'));
    await until(() => rig.engine.stats.reload_errors > 0);
    expect(rig.engine.rules().map((r) => r.name)).toEqual(['a', 'b']);
    expect(logs.findLast((l) => l['msg'] === 'rules file reload failed; keeping the current rules')).toMatchObject({
      code: 'CE_ERR_RULES_INVALID',
      problems: ['line 10: notifiers[0].headers.X-A: must not contain CR, LF or NUL', 'line 10: notifiers[0].timeout: must be between 100ms and 60s'],
    });
    // The same file is refused at start-up.
    await expect(engine(rig.db, { rulesFile: rig.file }).start()).rejects.toMatchObject({ code: 'CE_ERR_RULES_INVALID' });
  });
});
