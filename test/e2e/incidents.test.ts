import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { fates } from '@claude-errors/testkit/fake-api';
import { eventually } from '../helpers/cli.js';
import { HI, useServedApp } from '../helpers/served-app.js';

// `serve --status-feed` against a local fake Statuspage: an incident posted during a 529 streak
// annotates the alert, shows on the trends and makes the verdict "them".
let feed: Server;
let feedPolls = 0;
let feedUrl = '';
const started = new Date(Date.now() - 60_000).toISOString();

beforeAll(async () => {
  feed = createServer((_req, res) => {
    feedPolls++;
    const incidents = [{ id: 'e2e-inc', name: 'Elevated error rates on the API', status: 'investigating', impact: 'major', created_at: started, started_at: started, resolved_at: null, components: [{ name: 'Claude API' }] }];
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ page: { id: 'p' }, incidents }));
  });
  await new Promise<void>((r) => feed.listen(0, '127.0.0.1', r));
  feedUrl = `http://127.0.0.1:${(feed.address() as { port: number }).port}/api/v2/incidents.json`;
});
// vitest runs after-hooks in reverse order: the feed closes once serve has stopped.
afterAll(() => {
  feed?.close();
});
const served = useServedApp('ce-e2e-incidents-', 'checkout', () => ['--status-feed', feedUrl, '--status-feed-interval', '1s']);

const get = (path: string): Promise<any> => served.get(path);

describe('provider incidents end to end', () => {
  it('a 529 streak during a posted incident: the alert names the incident, trends mark it, the verdict is "them"', async () => {
    const { api } = served;
    const client = served.client({ maxRetries: 0 });
    for (let i = 0; i < 6; i++) {
      api.enqueue(fates.overloaded());
      await expect(client.messages.create({ model: 'claude-opus-4-1', max_tokens: 16, messages: HI })).rejects.toMatchObject({ status: 529 });
    }
    const alerts = await eventually(() => get('/api/v1/alerts'), (a) => a.active.some((x: any) => x.rule === 'overloaded-streak'));
    const streak = alerts.active.find((x: any) => x.rule === 'overloaded-streak');
    expect(streak.incidents).toEqual([expect.objectContaining({ id: 'e2e-inc', name: 'Elevated error rates on the API', impact: 'major' })]);
    // the notification itself says so too (annotation, as webhooks receive it)
    expect(streak.annotations.provider_incident).toBe('Elevated error rates on the API (major, investigating)');

    const trends = await get('/api/v1/trends?from=-1h');
    expect(trends.incidents).toEqual([expect.objectContaining({ id: 'e2e-inc', from: started, to: null, components: ['Claude API'] })]);

    const { verdict } = await get('/api/v1/incidents?from=-1h');
    expect(verdict).toMatchObject({ verdict: 'them', failing_services: ['checkout'], healthy_services: [] });
    expect(verdict.reasons[0]).toContain('Elevated error rates on the API');
    expect(feedPolls).toBeGreaterThanOrEqual(1);
  });
});
