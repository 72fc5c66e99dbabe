import { describe, expect, it } from 'vitest';
import { fates } from '@claude-errors/testkit/fake-api';
import { eventually } from '../helpers/cli.js';
import { useServedApp } from '../helpers/served-app.js';
import { overloadScenario } from './pipeline.js';

const served = useServedApp('ce-e2e-embedded-', 'e2e-app');

describe('embedded mode end to end: real SDK -> fake API -> instrumentation -> OTLP -> collector -> queue -> DuckDB -> API', () => {
  it('counts a call rescued after two 529s and a call whose retries ran out', async () => {
    await overloadScenario(served.app, served.api, served.analyzerUrl);
  });

  it('names a 429 by its error_code: a spend limit, not a rate limit, from the body to the summary', async () => {
    const client = served.client({ maxRetries: 0 });
    const message = 'You have exceeded your monthly usage threshold.';
    served.api.enqueue(fates.error(429, 'rate_limit_error', { message, errorCode: 'enforced_spend_limit_reached', shouldRetry: false }));
    await expect(client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 429 });
    const summary = await eventually(
      async () => (await fetch(`${served.analyzerUrl}/api/v1/summary?from=-1h&model=claude-haiku-4-5`)).json() as Promise<Record<string, any>>,
      (s) => s.failed_calls === 1,
    );
    expect(summary.by_catalog).toEqual([expect.objectContaining({ catalog_id: 'usage-limit-reached', failed_calls: 1, failed_attempts: 1, status: 429 })]);
  });
});
