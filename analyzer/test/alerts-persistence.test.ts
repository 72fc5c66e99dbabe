import { describe, expect, it } from 'vitest';
import type { RuleEngine } from '../src/rules/index.js';
import { overloadedStreakRule, rec, settle, useRulesEngine } from './rules-fixtures.js';

const yaml = (url: string, rules = RULE) => `
rules:
${rules}
notifiers:
  - { name: hook, type: webhook, url: "${url}/hook", format: json }
`;
const RULE = overloadedStreakRule({ threshold: 3, successes: 1, severity: 'warning' });

describe('alert state survives restarts', () => {
  const rig = useRulesEngine(yaml);
  const c = rig.clock;

  /** A fresh engine on a fresh instance of the same DuckDB file, with the rules file rewritten. */
  async function restart(rules = RULE): Promise<RuleEngine> {
    await rig.stop();
    await rig.db.reopen();
    return rig.start(rules);
  }

  const m529 = (time: number, model = 'm1') => rec({ time, status: 529, model });
  const group = (e: RuleEngine) => e.rules()[0]?.groups.find((g) => g.labels['model'] === 'm1');

  it('neither re-fires a firing alert nor forgets it, and resolves it once', async () => {
    let e = await restart();
    const t = c.now();
    await e.observe([m529(t), m529(t + 1), m529(t + 2)]);
    await rig.receiver.waitFor(1);

    e = await restart();
    expect(group(e)).toMatchObject({ state: 'firing', value: 3, firing_since: new Date(t).toISOString() });
    const [active] = await e.alerts({ active: true });
    expect(active).toMatchObject({ rule: 'overloaded-streak', status: 'firing', active: true, labels: { model: 'm1' } });
    await e.observe([m529(t + 3), m529(t + 4)]);
    await settle();
    expect(rig.receiver.received).toHaveLength(1);

    e = await restart();
    expect(group(e)).toMatchObject({ state: 'firing', value: 5 });
    await e.observe([rec({ time: t + 5, status: null, model: 'm1' })]);
    await rig.receiver.waitFor(2);
    e = await restart();
    expect(group(e)).toMatchObject({ state: 'inactive', value: 0 });
    await settle();
    expect(rig.receiver.received.map((r) => r.body['status'])).toEqual(['firing', 'resolved']);
    expect(await e.alerts({ active: true })).toEqual([]);
  });

  it('keeps a streak in progress across a restart', async () => {
    let e = await restart();
    const t = c.now();
    await e.observe([m529(t), m529(t + 1)]);
    e = await restart();
    expect(group(e)).toMatchObject({ state: 'inactive', value: 2 });
    await e.observe([m529(t + 2)]);
    expect(group(e)).toMatchObject({ state: 'firing', value: 3 });
  });

  it('saves streak progress at most once a second (and at every alert change), flushed by the timer', async () => {
    const e = await restart();
    const t = c.now();
    const saved = async () => {
      const r = await rig.db.connection.runAndReadAll(`SELECT state::VARCHAR AS s FROM alert_state WHERE rule = 'overloaded-streak'`);
      const row = r.getRowObjectsJS()[0];
      return row ? (JSON.parse(String(row['s'])) as { settled: { streak: number } }).settled.streak : null;
    };
    await e.observe([m529(t)]);
    expect(await saved()).toBe(1);
    await e.observe([m529(t + 1)]);
    expect(await saved()).toBe(1); // within the second: not written yet
    await e.tick();
    expect(await saved()).toBe(2);
    await e.observe([m529(t + 2)]); // fires: saved with the event at once
    expect(await saved()).toBe(3);
  });

  it('restores a firing alert from the alerts log when its state row was lost', async () => {
    let e = await restart();
    const t = c.now();
    await e.observe([m529(t), m529(t + 1), m529(t + 2)]);
    await rig.receiver.waitFor(1);
    await rig.stop();
    await rig.db.connection.run('DELETE FROM alert_state'); // as if the process died between the two writes
    e = await restart();
    expect(group(e)).toMatchObject({ state: 'firing' });
    await e.observe([m529(t + 3)]);
    await settle();
    expect(rig.receiver.received).toHaveLength(1);
  });

  it('delivers after a restart a notification the receiver never got', async () => {
    let e = await restart();
    rig.receiver.failNext(1000);
    const t = c.now();
    await e.observe([m529(t), m529(t + 1), m529(t + 2)]);
    await settle(150);
    e = await restart();
    expect(rig.receiver.received).toHaveLength(0);
    rig.receiver.failNext(0);
    await rig.stop(); // stop the retry loop of the restarted engine, then start clean
    e = await restart();
    await rig.receiver.waitFor(1);
    await settle();
    expect(rig.receiver.received.map((r) => r.body['status'])).toEqual(['firing']);
    const [row] = await e.alerts({ active: true });
    expect(row?.notifications[0]).toMatchObject({ delivery: 'sent' });
  });

  it('resolves, on start, a firing alert whose rule was removed from the file', async () => {
    let e = await restart();
    const t = c.now();
    await e.observe([m529(t), m529(t + 1), m529(t + 2)]);
    await rig.receiver.waitFor(1);
    e = await restart(RULE.replace('overloaded-streak', 'renamed-streak'));
    await rig.receiver.waitFor(2);
    expect(rig.receiver.received[1]?.body).toMatchObject({
      status: 'resolved',
      rule: 'overloaded-streak',
      annotations: { resolved_reason: 'the rule was removed or changed' },
    });
    expect(e.rules().map((r) => r.name)).toEqual(['renamed-streak']);
    expect(e.rules()[0]?.groups).toEqual([]);
  });
});
