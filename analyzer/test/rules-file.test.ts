import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRules, parseRulesText, RuleEngine, RulesInvalidError, type RulesProblem } from '../src/rules/index.js';
import { overloadedStreakRule, tempDb, writeRules } from './rules-fixtures.js';

function problems(yaml: string, env: NodeJS.ProcessEnv = {}): RulesProblem[] {
  try {
    parseRulesText(yaml, 'rules.yaml', env);
  } catch (err) {
    expect(err).toBeInstanceOf(RulesInvalidError);
    expect((err as RulesInvalidError).code).toBe('CE_ERR_RULES_INVALID');
    return [...(err as RulesInvalidError).problems];
  }
  throw new Error('expected the rules file to be rejected');
}

const brief = (ps: RulesProblem[]) => ps.map((p) => `${p.line}:${p.path}: ${p.message}`);

describe('rules file validation', () => {
  it('accepts the documented example and normalizes it', () => {
    const cfg = parseRulesText(
      `rules:
${overloadedStreakRule()}
  - name: errors
    kind: rate
    threshold: 0.2
    window: 5m
    min_total: 20
    resolve: { quiet_for: 1h30m }
  - name: weekly
    kind: count
    threshold: 100
    window: 1w
notifiers:
  - name: ops
    type: webhook
    url: \${HOOK_URL}
    format: alertmanager
    headers: { Authorization: "Bearer \${HOOK_TOKEN}" }
    repeat_interval: 4h
`,
      'x.yaml',
      { HOOK_URL: 'http://127.0.0.1:9000/hook', HOOK_TOKEN: 't0k' },
    );
    expect(cfg.rules[0]).toMatchObject({ kind: 'streak', level: 'attempt', threshold: 5, match: { status: [529] }, resolve: { successes: 3 } });
    expect(cfg.rules[1]).toMatchObject({ kind: 'rate', level: 'call', windowMs: 300_000, minTotal: 20, resolve: { quietForMs: 5_400_000 }, severity: 'warning' });
    expect(cfg.rules[2]).toMatchObject({ kind: 'count', windowMs: 7 * 86_400_000 });
    expect(cfg.notifiers[0]).toMatchObject({ url: 'http://127.0.0.1:9000/hook', headers: { Authorization: 'Bearer t0k' }, repeatIntervalMs: 14_400_000 });
  });

  it('names the field and line of schema errors', () => {
    const ps = problems(`rules:
  - name: a
    kind: streek
    threshold: 5
  - name: b
    kind: rate
    threshold: 1.5
    window: five minutes
  - name: c
    kind: count
    threshold: 3
    window: 1m
    min_total: 10
    colour: red
  - kind: streak
    threshold: 2.5
    window: 1m
`);
    expect(brief(ps)).toEqual([
      '3:rules[0].kind: must be one of streak, rate, count, headroom',
      '7:rules[1].threshold: must be <= 1',
      '8:rules[1].window: must be a duration such as 30s, 5m, 4h or 1h30m',
      '13:rules[2].min_total: is not allowed for kind count',
      '14:rules[2].colour: is not a known field',
      '15:rules[3].name: is required',
      '16:rules[3].threshold: must be integer',
      '17:rules[3].window: is not allowed for kind streak',
    ]);
  });

  it('explains list-or-value fields, YAML syntax errors and a missing rules list', () => {
    expect(brief(problems(`rules:\n  - name: a\n    kind: streak\n    threshold: 3\n    match: { status: "529" }\n`))).toEqual([
      '5:rules[0].match.status: must be integer or array',
    ]);
    expect(brief(problems(`rules:\n  - name: a\n    kind: [streak\n`))[0]).toMatch(/^4:: /);
    expect(brief(problems(`notifiers: []\n`))).toEqual(['1:rules: is required']);
  });

  it('checks names, references, group_by fields, URLs and environment variables', () => {
    const ps = problems(`rules:
  - { name: a, kind: streak, threshold: 3, group_by: [model, modle], notifiers: [ops, pager] }
  - { name: a, kind: streak, threshold: 3 }
notifiers:
  - { name: ops, type: webhook, url: "\${MISSING_URL}" }
  - { name: ops, type: webhook, url: "http://127.0.0.1:1/x", headers: { X-Token: "\${NOPE}" } }
`);
    expect(brief(ps)).toEqual(
      expect.arrayContaining([
        "2:rules[0].group_by[1]: 'modle' is not a record field (see schemas/record.schema.json)",
        "2:rules[0].notifiers[1]: no notifier named 'pager'",
        "3:rules[1].name: duplicate rule name 'a'",
        '5:notifiers[0].url: environment variable MISSING_URL is not set',
        '5:notifiers[0].url: must be an http:// or https:// URL',
        "6:notifiers[1].name: duplicate notifier name 'ops'",
        '6:notifiers[1].headers.X-Token: environment variable NOPE is not set',
      ]),
    );
    expect(ps).toHaveLength(7);
  });

  it('ships valid defaults: the 529 and 500 streaks, the circuit breaker, rate-limit headroom and the error rate', () => {
    const d = defaultRules();
    expect(d.rules.map((r) => [r.name, r.kind, r.level, r.threshold, r.severity])).toEqual([
      ['overloaded-streak', 'streak', 'attempt', 5, 'critical'],
      ['server-error-streak', 'streak', 'attempt', 3, 'warning'],
      ['circuit-open', 'streak', 'call', 3, 'critical'],
      ['rate-limit-headroom', 'headroom', 'attempt', 2, 'warning'],
      ['error-rate', 'rate', 'call', 0.2, 'warning'],
    ]);
    expect(d.rules[3]).toMatchObject({ headroom: { below: 0.2, above: 0.4, limits: ['requests', 'tokens', 'input_tokens', 'output_tokens'] } });
    expect(d.rules[4]).toMatchObject({ windowMs: 300_000, minTotal: 20 });
  });

  it('start() fails with CE_ERR_RULES_INVALID for a bad file and CE_ERR_RULES_UNREADABLE for a missing one', async () => {
    const db = await tempDb();
    try {
      const bad = await writeRules(db.dir, 'rules:\n  - name: x\n    kind: streak\n');
      await expect(new RuleEngine({ connection: db.connection, rulesFile: bad, tickIntervalMs: 0 }).start()).rejects.toMatchObject({
        code: 'CE_ERR_RULES_INVALID',
        message: expect.stringContaining('line 2: rules[0].threshold: is required'),
      });
      const dir = await mkdtemp(join(tmpdir(), 'ce-none-'));
      await expect(new RuleEngine({ connection: db.connection, rulesFile: join(dir, 'nope.yaml'), tickIntervalMs: 0 }).start()).rejects.toMatchObject({
        code: 'CE_ERR_RULES_UNREADABLE',
      });
      await rm(dir, { recursive: true });
    } finally {
      await db.close();
    }
  });

  it('never shows webhook secrets through rules()', async () => {
    const db = await tempDb();
    const file = await writeRules(
      db.dir,
      `rules:\n  - { name: a, kind: streak, threshold: 3 }\nnotifiers:\n  - { name: ops, type: webhook, url: "https://hooks.example.com/services/T0/B0/XYZ?k=v", format: slack, headers: { Authorization: "Bearer sekrit" } }\n`,
    );
    const e = new RuleEngine({ connection: db.connection, rulesFile: file, tickIntervalMs: 0, watch: false });
    try {
      await e.start();
      const text = JSON.stringify(e.rules());
      expect(text).not.toMatch(/sekrit|XYZ|services|k=v/);
      expect(e.rules()[0]?.notifiers).toEqual([{ name: 'ops', format: 'slack', url: 'https://hooks.example.com/***', headers: ['Authorization'], repeat_interval: '4h' }]);
    } finally {
      await e.shutdown();
      await db.close();
    }
  });
});
