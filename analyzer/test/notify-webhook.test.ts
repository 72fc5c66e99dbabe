import { describe, expect, it } from 'vitest';
import { alertmanagerPayload, jsonPayload } from '../src/notify/index.js';
import { engine, overloadedStreakRule, rec, settle, tempDb, useRulesEngine, writeRules } from './rules-fixtures.js';

const catalog = (id: string) =>
  id === 'overloaded' ? { title: 'Anthropic API overloaded', cause: 'Anthropic servers are under heavy load.', fix: 'Retry after 5-60 s with backoff.' } : undefined;

const EVIL_MODEL = '<!channel> <https://evil.example/login|Anthropic key revoked: click to re-authenticate>';

const yaml = (url: string, format: string, extra = '') => `
rules:
${overloadedStreakRule({ threshold: 3, successes: 2 })}
    labels: { team: platform }
notifiers:
  - name: ops
    type: webhook
    url: ${url}/hook?token=s3cret
    format: ${format}
    headers: { Authorization: "Bearer hook-secret" }
    repeat_interval: 1h
${extra}`;

describe('webhook notifications', () => {
  const rig = useRulesEngine(yaml, { options: { catalogEntry: catalog } });
  const c = rig.clock;

  const streak = (from: number, statuses: (number | null)[]) => statuses.map((status, i) => rec({ time: from + i * 100, status, model: 'm1' }));

  it('alertmanager format: exactly one firing and one resolved notification, with catalog cause and fix', async () => {
    const e = await rig.start('alertmanager');
    const changes: string[] = [];
    e.on('change', (a) => changes.push(`${a.rule}:${a.status}:${a.labels['model']}`));
    const t = c.now();
    await e.observe(streak(t, [529, 529, 529]));
    await e.observe(streak(t + 300, [529, 529])); // still firing: no new notification
    c.advance(1000);
    await e.observe(streak(t + 1000, [null])); // one success: resolve needs 2
    await e.observe(streak(t + 1100, [null, null]));
    await rig.receiver.waitFor(2);
    await settle(200);
    expect(rig.receiver.received).toHaveLength(2);
    expect(changes).toEqual(['overloaded-streak:firing:m1', 'overloaded-streak:resolved:m1']);
    const [firing, resolved] = rig.receiver.received.map((r) => r.body) as Record<string, any>[];
    expect(rig.receiver.received[0]?.path).toBe('/hook?token=s3cret');
    expect(rig.receiver.received[0]?.headers['authorization']).toBe('Bearer hook-secret');
    expect(firing).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'ops',
      groupLabels: { alertname: 'overloaded-streak' },
      truncatedAlerts: 0,
    });
    expect(firing?.['alerts']).toHaveLength(1);
    const a = firing?.['alerts'][0];
    expect(a.labels).toEqual({ alertname: 'overloaded-streak', severity: 'critical', team: 'platform', model: 'm1' });
    expect(a.annotations).toMatchObject({
      catalog_id: 'overloaded',
      catalog_title: 'Anthropic API overloaded',
      cause: 'Anthropic servers are under heavy load.',
      fix: 'Retry after 5-60 s with backoff.',
      value: '3',
      threshold: '3',
    });
    expect(a.annotations.summary).toContain('3 consecutive matching attempts');
    expect(a.startsAt).toBe(new Date(t).toISOString());
    expect(a.endsAt).toBe('0001-01-01T00:00:00Z');
    expect(a.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    const r = resolved?.['alerts'][0];
    expect(resolved?.['status']).toBe('resolved');
    expect(r.status).toBe('resolved');
    expect(r.fingerprint).toBe(a.fingerprint);
    expect(r.startsAt).toBe(a.startsAt);
    expect(r.endsAt).toBe(new Date(t + 1000).toISOString());
    // Both notifications are logged as sent in the alerts table.
    await settle(100);
    const history = await e.alerts({});
    expect(history.map((h) => [h.event, h.notifications.map((n) => n.delivery)])).toEqual([
      ['resolved', ['sent']],
      ['firing', ['sent']],
    ]);
  });

  it('slack format', async () => {
    const e = await rig.start('slack');
    await e.observe(streak(c.now(), [529, 529, 529]));
    await rig.receiver.waitFor(1);
    const body = rig.receiver.received[0]?.body as { text: string; attachments: { color: string; fields: { title: string; value: string }[] }[] };
    expect(body.text).toMatch(/^\[FIRING\] overloaded-streak: 3 consecutive matching attempts \(model=m1\)/);
    expect(body.attachments[0]?.color).toBe('#d00000');
    expect(body.attachments[0]?.fields).toContainEqual({ title: 'Fix', value: 'Retry after 5-60 s with backoff.', short: false });
  });

  it('slack format escapes values from records: a model name can neither mention a channel nor become a link', async () => {
    const e = await rig.start('slack');
    await e.observe([0, 1, 2].map((i) => rec({ time: c.now() + i, status: 529, model: EVIL_MODEL })));
    await rig.receiver.waitFor(1);
    const body = rig.receiver.received[0]?.body as { text: string; attachments: { text: string; fields: { title: string; value: string }[] }[] };
    const wire = JSON.stringify(body);
    expect(wire).not.toContain('<!channel>');
    expect(wire).not.toMatch(/<https?:|<[^>]*\|/); // no <url> or <url|label>
    expect(wire).not.toMatch(/[<>]/); // nothing Slack reads as a control sequence
    const shown = '&lt;!channel&gt; &lt;https://evil.example/login|Anthropic key revoked: click to re-authenticate&gt;';
    expect(body.text).toBe(`[FIRING] overloaded-streak: 3 consecutive matching attempts (model=${shown})`);
    expect(body.attachments[0]?.fields).toContainEqual({ title: 'Group', value: `team=platform, model=${shown}`, short: true });
  });

  it('alertmanager and json formats carry the same value exactly, as JSON data', async () => {
    const e = await rig.start('alertmanager');
    await e.observe([0, 1, 2].map((i) => rec({ time: c.now() + i, status: 529, model: EVIL_MODEL })));
    await rig.receiver.waitFor(1);
    expect((rig.receiver.received[0]?.body as { alerts: { labels: Record<string, string> }[] }).alerts[0]?.labels['model']).toBe(EVIL_MODEL);
    const n = { id: 'x', event: 'firing', status: 'firing', rule: 'r', fingerprint: 'f', severity: 'info', annotations: {}, startsAt: 0, endsAt: null, value: 1 } as const;
    expect(jsonPayload({ ...n, labels: { model: EVIL_MODEL } })).toMatchObject({ labels: { model: EVIL_MODEL } });
    // A lone UTF-16 surrogate has no UTF-8 form: Alertmanager label values must be valid UTF-8.
    const am = alertmanagerPayload([{ ...n, labels: { model: 'a\uD800b\uDFFFc😀' } }], 'ops', { alertname: 'r' }) as { alerts: { labels: Record<string, string> }[] };
    expect(am.alerts[0]?.labels['model']).toBe('a\uFFFDb\uFFFDc😀');
  });

  it('re-sends a still-firing alert after repeat_interval, once per interval', async () => {
    const e = await rig.start('json');
    await e.observe(streak(c.now(), [529, 529, 529]));
    await rig.receiver.waitFor(1);
    c.advance(30 * 60_000);
    await e.tick();
    await settle();
    expect(rig.receiver.received).toHaveLength(1);
    c.advance(31 * 60_000);
    await e.tick();
    await e.tick();
    await rig.receiver.waitFor(2);
    await settle();
    expect(rig.receiver.received.map((r) => r.body['event'])).toEqual(['firing', 'repeat']);
    expect(rig.receiver.received[1]?.body['status']).toBe('firing');
    // The repeat does not reach the live stream (only state changes do).
    const changes: string[] = [];
    e.on('change', (a) => changes.push(a.status));
    c.advance(61 * 60_000);
    await e.tick();
    await rig.receiver.waitFor(3);
    expect(changes).toEqual([]);
  });

  it('retries with backoff while the receiver fails, without blocking observe', async () => {
    const e = await rig.start('json');
    rig.receiver.failNext(3);
    const before = Date.now();
    await e.observe(streak(c.now(), [529, 529, 529]));
    expect(Date.now() - before).toBeLessThan(1000); // observe does not wait for delivery
    await rig.receiver.waitFor(1);
    await settle(100);
    const [row] = await e.alerts({ active: true });
    expect(row?.notifications).toEqual([expect.objectContaining({ notifier: 'ops', delivery: 'sent', attempts: 4, last_error: null })]);
    expect(e.notifierStats()['ops']).toMatchObject({ sent: 1, retries: 3, failed: 0 });
  });

  it('gives up at once on a 4xx answer and after max_attempts on 5xx, logging the failure', async () => {
    const e = await rig.start('json');
    rig.receiver.failNext(1, 400);
    await e.observe(streak(c.now(), [529, 529, 529]));
    await settle(300);
    let [row] = await e.alerts({ active: true });
    expect(row?.notifications[0]).toMatchObject({ delivery: 'failed', attempts: 1, last_error: 'HTTP 400' });
    expect(rig.receiver.received).toHaveLength(0);
    await rig.stop();

    const db2 = await tempDb();
    try {
      const e2 = engine(db2, { rulesFile: await writeRules(db2.dir, yaml(rig.receiver.url, 'json').replace('repeat_interval: 1h', 'repeat_interval: 1h\n    max_attempts: 2')), now: c.now });
      await e2.start();
      rig.receiver.failNext(5, 502);
      await e2.observe(streak(c.now(), [529, 529, 529]));
      await settle(400);
      [row] = await e2.alerts({ active: true });
      expect(row?.notifications[0]).toMatchObject({ delivery: 'failed', attempts: 2, last_error: 'HTTP 502' });
      await e2.shutdown();
    } finally {
      await db2.close();
    }
  });
});
