import { describe, expect, it } from 'vitest';
import { rec, settle, useRulesEngine } from './rules-fixtures.js';

const yaml = (url: string) => `
rules:
  - name: error-rate
    kind: rate
    level: call
    threshold: 0.2
    window: 5m
    min_total: 20
    group_by: [service]
  - name: many-429
    kind: count
    match: { status: 429 }
    level: attempt
    threshold: 3
    window: 1m
    for: 10s
    resolve: { quiet_for: 2m }
  - name: sticky-500
    kind: count
    match: { error_type: api_error }
    threshold: 2
    window: 30s
    keep_firing_for: 1m
notifiers:
  - { name: hook, type: webhook, url: "${url}/am", format: alertmanager }
`;

describe('rate and count rules', () => {
  const rig = useRulesEngine(yaml, { startEach: true });
  const c = rig.clock;

  const group = (rule: string) => rig.engine.rules().find((r) => r.name === rule)?.groups[0];
  /** The rule's group once the clock moved on by `ms` and the engine ticked. */
  const groupAfter = async (ms: number, rule: string) => {
    c.advance(ms);
    await rig.engine.tick();
    return group(rule);
  };
  const statuses = () => rig.receiver.received.map((r) => `${(r.body['commonLabels'] as Record<string, string>)['alertname']}:${r.body['status']}`);

  it('rate: fires only with enough calls and a rate at or above the threshold; resolves when it drops', async () => {
    const t = c.now();
    // 10 calls, 5 failed: 50% but below min_total 20.
    const calls = (from: number, n: number, failEvery: number) =>
      Array.from({ length: n }, (_, i) => rec({ kind: 'call', time: from + i * 100, status: i % failEvery === 0 ? 529 : null }));
    await rig.engine.observe(calls(t, 10, 2));
    expect(group('error-rate')).toMatchObject({ state: 'inactive', matching: 5, total: 10 });
    // 10 more calls, 1 failed: 6/20 = 30% with 20 calls -> fires.
    await rig.engine.observe(calls(t + 1000, 10, 10));
    expect(group('error-rate')).toMatchObject({ state: 'firing', matching: 6, total: 20, value: 0.3 });
    // 10 successes: 6/30 = 20% -> still at the threshold; 1 more success: 6/31 < 20% -> resolved.
    await rig.engine.observe(calls(t + 2000, 10, 1000).map((r) => ({ ...r, outcome: 'success' as const, http_status: 200, error_type: null })));
    expect(group('error-rate')).toMatchObject({ state: 'firing', total: 30 });
    await rig.engine.observe([rec({ kind: 'call', time: t + 3000, status: null })]);
    expect(group('error-rate')).toMatchObject({ state: 'inactive', total: 31 });
    await rig.receiver.waitFor(2);
    expect(statuses()).toEqual(['error-rate:firing', 'error-rate:resolved']);
    const fired = rig.receiver.received[0]?.body as { alerts: { annotations: Record<string, string>; labels: Record<string, string> }[] };
    expect(fired.alerts[0]?.annotations['value']).toBe('30.0%');
    expect(fired.alerts[0]?.labels).toEqual({ alertname: 'error-rate', severity: 'warning', service: 'svc' });
  });

  it('rate: the window slides, so old failures stop counting', async () => {
    const t = c.now();
    await rig.engine.observe(Array.from({ length: 20 }, (_, i) => rec({ kind: 'call', time: t + i, status: i < 10 ? 529 : null })));
    expect(group('error-rate')).toMatchObject({ state: 'firing' });
    expect(await groupAfter(6 * 60_000, 'error-rate')).toMatchObject({ state: 'inactive', total: 0 });
  });

  it('count with for: pending first, firing once the condition held long enough; quiet_for resolves', async () => {
    const t = c.now();
    await rig.engine.observe([0, 1, 2].map((i) => rec({ time: t + i * 100, status: 429 })));
    expect(group('many-429')).toMatchObject({ state: 'pending', value: 3 });
    expect(await groupAfter(5_000, 'many-429')).toMatchObject({ state: 'pending' });
    expect(await groupAfter(5_000, 'many-429')).toMatchObject({ state: 'firing' });
    // Window empties after 1m, but quiet_for 2m since the last 429 has not passed yet.
    expect(await groupAfter(65_000, 'many-429')).toMatchObject({ state: 'firing', value: 0 });
    expect(await groupAfter(60_000, 'many-429')).toMatchObject({ state: 'inactive' });
    await rig.receiver.waitFor(2);
    expect(statuses()).toEqual(['many-429:firing', 'many-429:resolved']);
  });

  it('count with for: a condition that stops holding before `for` never fires', async () => {
    const t = c.now();
    await rig.engine.observe([0, 1, 2].map((i) => rec({ time: t + i * 100, status: 429 })));
    expect(group('many-429')).toMatchObject({ state: 'pending' });
    // the 429s leave the 1m window before the 10s `for`... is checked again
    expect(await groupAfter(61_000, 'many-429')).toMatchObject({ state: 'inactive' });
    await settle();
    expect(rig.receiver.received).toHaveLength(0);
  });

  it('keep_firing_for holds a firing alert after its condition clears', async () => {
    const t = c.now();
    await rig.engine.observe([rec({ kind: 'call', time: t, status: 500 }), rec({ kind: 'call', time: t + 100, status: 500 })]);
    expect(group('sticky-500')).toMatchObject({ state: 'firing' });
    expect(await groupAfter(31_000, 'sticky-500')).toMatchObject({ state: 'firing', value: 0 });
    expect(await groupAfter(30_000, 'sticky-500')).toMatchObject({ state: 'firing' });
    expect(await groupAfter(31_000, 'sticky-500')).toMatchObject({ state: 'inactive' });
  });
});
