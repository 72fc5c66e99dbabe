import { describe, expect, it } from 'vitest';
import type { RuleEngine } from '../src/rules/index.js';
import { call, overloadedStreakRule, rec, settle, useRulesEngine } from './rules-fixtures.js';

const rulesYaml = (url: string, reorder = '5s') => `
settings: { reorder_window: ${reorder} }
rules:
${overloadedStreakRule({ successes: 2 })}
  - name: circuit-open
    kind: streak
    match: { status: [500, 529] }
    level: call
    threshold: 3
    group_by: [model]
notifiers:
  - { name: hook, type: webhook, url: "${url}/hook", format: json }
`;

describe('streak rules', () => {
  const rig = useRulesEngine(rulesYaml);
  const c = rig.clock;

  const firing = () => rig.receiver.received.filter((r) => r.body['status'] === 'firing');
  const streakOf = (e: RuleEngine, rule: string, model: string) =>
    e.rules().find((r) => r.name === rule)?.groups.find((g) => g.labels['model'] === model);

  it('fires once per group when N consecutive matches arrive, with interleaved groups kept apart', async () => {
    const e = await rig.start();
    const t = c.now();
    // model a: 5 consecutive 529 attempts; model b: 4 of them, interleaved in the same batches.
    const batch = [];
    for (let i = 0; i < 5; i++) {
      batch.push(rec({ time: t + i * 100, status: 529, model: 'a' }));
      if (i < 4) batch.push(rec({ time: t + i * 100 + 50, status: 529, model: 'b' }));
    }
    await e.observe(batch.slice(0, 4));
    await e.observe(batch.slice(4));
    expect(streakOf(e, 'overloaded-streak', 'a')).toMatchObject({ state: 'firing', value: 5 });
    expect(streakOf(e, 'overloaded-streak', 'b')).toMatchObject({ state: 'inactive', value: 4 });
    // More 529s for a: still one firing notification.
    await e.observe([rec({ time: t + 1000, status: 529, model: 'a' }), rec({ time: t + 1100, status: 529, model: 'a' })]);
    await rig.receiver.waitFor(1);
    await settle();
    expect(firing()).toHaveLength(1);
    expect(firing()[0]?.body).toMatchObject({ rule: 'overloaded-streak', labels: { alertname: 'overloaded-streak', model: 'a', severity: 'critical' } });
    // The fifth 529 for b fires b, separately.
    await e.observe([rec({ time: t + 1200, status: 529, model: 'b' })]);
    await rig.receiver.waitFor(2);
    expect(firing().map((r) => (r.body['labels'] as Record<string, string>)['model'])).toEqual(['a', 'b']);
  });

  it('a success breaks the streak', async () => {
    const e = await rig.start();
    const t = c.now();
    const rows = [529, 529, 529, 529, 200, 529, 529, 529, 529].map((status, i) => rec({ time: t + i * 100, status, model: 'a' }));
    await e.observe(rows);
    await settle();
    expect(streakOf(e, 'overloaded-streak', 'a')).toMatchObject({ state: 'inactive', value: 4 });
    expect(rig.receiver.received).toHaveLength(0);
    // A non-matching error (400) neither extends nor breaks it.
    await e.observe([rec({ time: t + 1000, status: 400, model: 'a' }), rec({ time: t + 1100, status: 529, model: 'a' })]);
    expect(streakOf(e, 'overloaded-streak', 'a')).toMatchObject({ state: 'firing', value: 5 });
  });

  it('attempts retried and then successful break the attempt streak; failed calls open the circuit', async () => {
    const e = await rig.start();
    const t = c.now();
    // Three calls, each 529, 529 then success: attempt streak never passes 2; calls all succeed.
    for (let i = 0; i < 3; i++) await e.observe(call(t + i * 1000, [529, 529, 200], { model: 'a' }));
    expect(streakOf(e, 'overloaded-streak', 'a')).toMatchObject({ state: 'inactive', value: 0, consecutive_successes: 1 });
    expect(streakOf(e, 'circuit-open', 'a')).toMatchObject({ state: 'inactive', value: 0 });
    // Two calls that fail after 3 attempts each: 6 consecutive 529 attempts fire the attempt rule,
    // the call streak is 2, and the third failed call opens the circuit.
    await e.observe(call(t + 5000, [529, 529, 529], { model: 'a' }));
    await e.observe(call(t + 6000, [529, 529, 529], { model: 'a' }));
    expect(streakOf(e, 'overloaded-streak', 'a')).toMatchObject({ state: 'firing' });
    expect(streakOf(e, 'circuit-open', 'a')).toMatchObject({ state: 'inactive', value: 2 });
    await e.observe(call(t + 7000, [500, 500, 500], { model: 'a' }));
    expect(streakOf(e, 'circuit-open', 'a')).toMatchObject({ state: 'firing', value: 3 });
    await rig.receiver.waitFor(2);
    expect(firing().map((r) => r.body['rule']).sort()).toEqual(['circuit-open', 'overloaded-streak']);
  });

  it('evaluates late records in time order within the reorder window', async () => {
    const e = await rig.start('5s');
    const t = c.now();
    // The success at t+4s arrives first; the four earlier 529s arrive after it; then one more 529.
    // Arrival order would read 5 consecutive 529s after the success; time order reads 4, success, 1.
    await e.observe([rec({ time: t + 4000, status: 200, model: 'a' })]);
    await e.observe([0, 1, 2, 3].map((i) => rec({ time: t + i * 1000, status: 529, model: 'a' })));
    await e.observe([rec({ time: t + 5000, status: 529, model: 'a' })]);
    expect(streakOf(e, 'overloaded-streak', 'a')).toMatchObject({ state: 'inactive', value: 1, late_records: 0 });

    // Model b: 529s at 0..3s and a success at 5s arrive, then the 529 at 4s arrives late: in time
    // order 5 consecutive 529s happened, so the alert fires (and resolves on the next successes).
    await e.observe([0, 1, 2, 3].map((i) => rec({ time: t + i * 1000, status: 529, model: 'b' })));
    await e.observe([rec({ time: t + 5000, status: 200, model: 'b' })]);
    await e.observe([rec({ time: t + 4000, status: 529, model: 'b' })]);
    expect(streakOf(e, 'overloaded-streak', 'b')).toMatchObject({ state: 'firing' });
    await e.observe([rec({ time: t + 6000, status: 200, model: 'b' })]);
    expect(streakOf(e, 'overloaded-streak', 'b')).toMatchObject({ state: 'inactive' });
    await rig.receiver.waitFor(2);
    expect(rig.receiver.received.map((r) => r.body['status'])).toEqual(['firing', 'resolved']);
  });

  it('leaves records older than the reorder window out of the streak and counts them', async () => {
    const e = await rig.start('2s');
    const t = c.now();
    await e.observe([0, 1, 2, 3].map((i) => rec({ time: t + 10_000 + i * 100, status: 529, model: 'a' })));
    // 3 s older than the newest record: beyond the 2 s bound.
    await e.observe([rec({ time: t + 7_000, status: 529, model: 'a' })]);
    expect(streakOf(e, 'overloaded-streak', 'a')).toMatchObject({ state: 'inactive', value: 4, late_records: 1 });
    expect(e.stats.late_records).toBe(1);
  });
});
