import { describe, expect, it } from 'vitest';
import { rec, settle, useRulesEngine } from './rules-fixtures.js';

// Notification grouping: a 429 flood over 30 models is one message with a count, not 30; later
// changes of the group wait for group_interval.
const rulesYaml = (url: string, format: string) => `
rules:
  - name: rate-limited
    kind: streak
    match: { status: [429] }
    level: attempt
    threshold: 1
    group_by: [model]
notifiers:
  - name: ops
    type: webhook
    url: ${url}/hook
    format: ${format}
    group_by: [severity]
    group_wait: 300ms
    group_interval: 1500ms
  - name: one-by-one
    type: webhook
    url: ${url}/single
    format: json
`;

describe('notifier grouping (group_by, group_wait, group_interval)', () => {
  const rig = useRulesEngine(rulesYaml);
  const c = rig.clock;

  const flood = (n: number, from = 0) => Array.from({ length: n }, (_, i) => rec({ time: c.now() + i, status: 429, model: `m${from + i}` }));
  const grouped = () => rig.receiver.received.filter((r) => r.path === '/hook');
  const singles = () => rig.receiver.received.filter((r) => r.path === '/single');

  it('alertmanager: 30 alerts firing within group_wait go out as one request listing all 30', async () => {
    const eng = await rig.start('alertmanager');
    await eng.observe(flood(30));
    await rig.receiver.waitFor(31); // 30 single notifications on the ungrouped notifier, one grouped
    await settle(400);
    expect(grouped()).toHaveLength(1);
    const body = grouped()[0]!.body as { alerts: unknown[]; groupLabels: Record<string, string>; status: string; commonLabels: Record<string, string> };
    expect(body.alerts).toHaveLength(30);
    expect(body.status).toBe('firing');
    expect(body.groupLabels).toEqual({ alertname: 'rate-limited', severity: 'warning' });
    expect(body.commonLabels).toEqual({ alertname: 'rate-limited', severity: 'warning' });
    expect(singles()).toHaveLength(30);
  });

  it('json: the next change of the group waits for group_interval, and then carries all that came meanwhile', async () => {
    const eng = await rig.start('json');
    await eng.observe(flood(3));
    await rig.receiver.waitFor(4);
    const firstAt = Date.now();
    await eng.observe(flood(2, 100));
    await settle(600);
    expect(grouped()).toHaveLength(1); // still inside group_interval
    await eng.observe(flood(1, 200));
    await rig.receiver.waitFor(3 + 2 + 1 + 2, 5000);
    expect(Date.now() - firstAt).toBeGreaterThanOrEqual(1000);
    const second = grouped()[1]!.body as { group: Record<string, string>; count: number; alerts: Array<{ labels: Record<string, string> }> };
    expect(second.count).toBe(3);
    expect(second.alerts.map((a) => a.labels['model'])).toEqual(['m100', 'm101', 'm200']);
    expect(second.group).toEqual({ alertname: 'rate-limited', severity: 'warning' });
  });

  it('slack: one message with the count, 20 lines and "… and N more"', async () => {
    const eng = await rig.start('slack');
    await eng.observe(flood(25));
    await rig.receiver.waitFor(26);
    await settle(400);
    const body = grouped()[0]!.body as { text: string; attachments: Array<{ text: string }> };
    expect(body.text).toBe('[FIRING:25] alertname=rate-limited, severity=warning');
    expect(body.attachments[0]!.text.split('\n')).toHaveLength(21);
    expect(body.attachments[0]!.text).toContain('… and 5 more');
  });
});
