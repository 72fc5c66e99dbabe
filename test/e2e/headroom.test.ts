import { describe, expect, it } from 'vitest';
import { fates } from '@claude-errors/testkit/fake-api';
import { eventually } from '../helpers/cli.js';
import { HI, useServedApp } from '../helpers/served-app.js';

// The shipped rate-limit-headroom rule, through the real SDK: tokens remaining fall from 100 % to
// 5 % of the limit; the alert fires before the first 429 arrives.
const served = useServedApp('ce-e2e-headroom-', 'batch-writer');
const get = (path: string): Promise<any> => served.get(path);

describe('rate-limit headroom end to end', () => {
  it('remaining falling 100 % -> 5 % fires the headroom alert before the first 429', async () => {
    const { api } = served;
    const client = served.client({ maxRetries: 0 });
    for (const pct of [100, 80, 60, 40, 25, 15, 5]) {
      api.enqueue(fates.success({ rateLimits: { tokens: { limit: 400_000, remaining: 4_000 * pct, reset: 40 } } }));
      await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: HI });
    }
    const alerts = await eventually(() => get('/api/v1/alerts'), (a) => a.active.some((x: any) => x.rule === 'rate-limit-headroom'));
    const firedAt = Date.parse(alerts.active.find((x: any) => x.rule === 'rate-limit-headroom').starts_at);
    // only now the limit runs out
    api.enqueue(fates.rateLimited({ rateLimits: { tokens: { limit: 400_000, remaining: 0, reset: 40 } } }));
    const before429 = Date.now();
    await expect(client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: HI })).rejects.toMatchObject({ status: 429 });
    expect(firedAt).toBeLessThan(before429);
    await eventually(() => get('/api/v1/errors?from=-1h&kind=attempt'), (e) => e.rows.some((r: any) => r.status === 429));
    const headroom = await get('/api/v1/headroom?from=-1h');
    expect(headroom.series[0]).toMatchObject({ service: 'batch-writer', kind: 'tokens', remaining: 0, fraction: 0 });
  });
});
