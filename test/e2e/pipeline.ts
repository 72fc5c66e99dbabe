import { expect } from 'vitest';
import { fates, type FakeApi } from '@claude-errors/testkit/fake-api';
import { eventually } from '../helpers/cli.js';
import type { instrumentedApp } from '../helpers/app.js';

const messages = [{ role: 'user' as const, content: 'hello' }];

/**
 * The walking-skeleton scenario shared by both modes: one call rescued by retries after two 529s,
 * one call whose retries run out on 529s; the summary must show the exact counts.
 */
export async function overloadScenario(app: Awaited<ReturnType<typeof instrumentedApp>>, api: FakeApi, analyzerUrl: string): Promise<void> {
  const client = app.client(api.url, { maxRetries: 2 });
  const quick = { retryAfterMs: 5 };
  api.enqueue(fates.overloaded(quick), fates.overloaded(quick), fates.success());
  const ok = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 32, messages });
  expect(ok.type).toBe('message');

  api.enqueue(fates.overloaded(quick), fates.overloaded(quick), fates.overloaded(quick));
  await expect(client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 32, messages })).rejects.toMatchObject({ status: 529 });

  const summary = await eventually(
    async () => (await fetch(`${analyzerUrl}/api/v1/summary?from=-1h`)).json() as Promise<Record<string, any>>,
    (s) => s.total_calls === 2 && s.total_attempts === 6,
  );
  expect(summary).toMatchObject({ total_calls: 2, failed_calls: 1, total_attempts: 6, failed_attempts: 5 });
  expect(summary.by_catalog).toEqual([
    expect.objectContaining({ catalog_id: 'overloaded', failed_calls: 1, failed_attempts: 5, status: 529, error_type: 'overloaded_error' }),
  ]);
  // The rescued call: two failed attempts, the call itself a success.
  const rows = await (await fetch(`${analyzerUrl}/api/v1/errors?from=-1h&kind=attempt&limit=100`)).json() as { rows: any[] };
  const byCall = new Map<string, any[]>();
  for (const r of rows.rows) byCall.set(r.span_id, [...(byCall.get(r.span_id) ?? []), r]);
  expect([...byCall.values()].map((rs) => rs.length).sort()).toEqual([2, 3]);
  for (const r of rows.rows) {
    expect(r).toMatchObject({ status: 529, error_type: 'overloaded_error', catalog_id: 'overloaded', service: 'e2e-app', model: 'claude-sonnet-4-5' });
    expect(r.request_id).toMatch(/^req_/);
    expect(JSON.stringify(r)).not.toContain('e2e-secret-key');
  }
}
