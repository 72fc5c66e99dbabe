import { describe, expect, it } from 'vitest';
import type { ErrorRecord } from '@claude-errors/schemas';
import { call, useApi } from './helpers.js';

// "Us or them" per window, without a posted incident: hour by hour, a different spread of failures.
const NOW = Date.parse('2026-11-25T12:00:00Z');
const H = 3_600_000;

const burst = (statuses: number[], service: string, at: number): ErrorRecord[] => statuses.flatMap((s, i) => call([s], { service, time: at + i * 1000 }));

const api = useApi(NOW, () => [
  // hour -5: checkout fails with 529s while search succeeds -> us
  ...burst([529, 529, 529, 529], 'checkout', NOW - 5 * H),
  ...burst([200, 200, 200], 'search', NOW - 5 * H),
  // hour -4: both fail -> them (no incident posted yet)
  ...burst([529, 529, 529], 'checkout', NOW - 4 * H),
  ...burst([500, 500, 500], 'search', NOW - 4 * H),
  // hour -3: only checkout sends, and fails -> unclear
  ...burst([529, 529, 529], 'checkout', NOW - 3 * H),
  // hour -2: 400s only -> us (the requests themselves)
  ...burst([400, 400], 'checkout', NOW - 2 * H),
  ...burst([200], 'search', NOW - 2 * H),
  // hour -1: all fine -> none
  ...burst([200, 200], 'search', NOW - H),
]);

async function verdictAt(hoursAgo: number) {
  const from = new Date(NOW - hoursAgo * H).toISOString();
  const to = new Date(NOW - (hoursAgo - 1) * H).toISOString();
  const res = await api.app.inject({ method: 'GET', url: `/api/v1/incidents?from=${from}&to=${to}` });
  expect(res.statusCode).toBe(200);
  expect(res.json().incidents).toEqual([]);
  return res.json().verdict;
}

describe('GET /api/v1/incidents: the verdict', () => {
  it('one service failing while another succeeds is ours', async () => {
    expect(await verdictAt(5)).toMatchObject({ verdict: 'us', failing_services: ['checkout'], healthy_services: ['search'] });
  });
  it('every active service failing at once is theirs, even before an incident is posted', async () => {
    expect(await verdictAt(4)).toMatchObject({ verdict: 'them', failing_services: ['checkout', 'search'] });
  });
  it('a single active service failing is unclear', async () => {
    expect(await verdictAt(3)).toMatchObject({ verdict: 'unclear', failing_services: ['checkout'] });
  });
  it('refusals of the requests themselves are ours; a quiet window is none', async () => {
    expect((await verdictAt(2)).verdict).toBe('us');
    expect((await verdictAt(1)).verdict).toBe('none');
  });
});
