import { describe, expect, it } from 'vitest';
import type { ErrorRecord } from '@claude-errors/schemas';
import { loadRulesFile } from '../src/rules/index.js';
import { rec, settle, useRulesEngine, writeRules } from './rules-fixtures.js';

// headroom rules: consecutive responses whose remaining share of a rate limit is low fire before
// any 429; a response with room again resolves.
const rulesYaml = (url: string) => `
rules:
  - name: headroom
    kind: headroom
    level: attempt
    below: 0.2
    above: 0.4
    threshold: 2
    group_by: [service, model]
notifiers:
  - name: hook
    type: webhook
    url: ${url}/hook
    format: json
`;

/** A successful attempt whose response said `remaining` of `limit` tokens (and plenty of requests). */
const response = (time: number, remaining: number, limit = 100_000, status = 200): ErrorRecord => ({
  ...rec({ time, status, model: 'opus' }),
  attributes: {
    'anthropic.ratelimit.tokens.limit': limit,
    'anthropic.ratelimit.tokens.remaining': remaining,
    'anthropic.ratelimit.requests.limit': 50,
    'anthropic.ratelimit.requests.remaining': 49,
  },
});

describe('headroom rules', () => {
  const rig = useRulesEngine(rulesYaml, { startEach: true });
  const c = rig.clock;

  const group = () => rig.engine.rules().find((r) => r.name === 'headroom')?.groups[0];
  const statuses = () => rig.receiver.received.map((r) => r.body['status']);

  it('fires on the second consecutive response under 20 %, before any 429, and resolves above 40 %', async () => {
    const t = c.now();
    await rig.engine.observe([100_000, 80_000, 50_000, 30_000, 15_000].map((r, i) => response(t + i * 1000, r)));
    expect(group()).toMatchObject({ state: 'inactive', value: 1 });
    await rig.engine.observe([response(t + 5000, 5_000)]);
    expect(group()).toMatchObject({ state: 'firing', value: 2 });
    await rig.receiver.waitFor(1);
    expect(rig.receiver.received[0]!.body).toMatchObject({ status: 'firing', rule: 'headroom', labels: { service: 'svc', model: 'opus' } });
    expect(String((rig.receiver.received[0]!.body['annotations'] as Record<string, string>)['summary'])).toContain('headroom below 20% on 2 consecutive responses');
    // 30 % left: between below and above, neither extends nor resolves
    await rig.engine.observe([response(t + 6000, 30_000)]);
    expect(group()).toMatchObject({ state: 'firing' });
    // the limit reset: 90 % left resolves
    await rig.engine.observe([response(t + 7000, 90_000)]);
    await rig.receiver.waitFor(2);
    expect(statuses()).toEqual(['firing', 'resolved']);
  });

  it('ignores responses without rate-limit values, and a 429 carrying them counts like any response', async () => {
    const t = c.now();
    await rig.engine.observe([rec({ time: t, status: 200, model: 'opus' }), rec({ time: t + 100, status: 529, model: 'opus' })]);
    await settle();
    expect(group()).toBeUndefined();
    await rig.engine.observe([response(t + 200, 1_000), response(t + 300, 0, 100_000, 429)]);
    expect(group()).toMatchObject({ state: 'firing', value: 2 });
  });

  it('refuses headroom fields on other kinds and a match on headroom rules, naming the field', async () => {
    const bad = await writeRules(rig.db.dir, `rules:\n  - { name: a, kind: streak, threshold: 3, below: 0.2 }\n  - { name: b, kind: headroom, level: attempt, threshold: 2, match: { status: [429] } }\n`, 'bad.yaml');
    const err = await loadRulesFile(bad).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toContain('rules[0].below');
    expect(err?.message).toContain('rules[1].match');
  });
});
