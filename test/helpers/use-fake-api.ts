// The fake Claude API as a vitest fixture, for tests that drive it with the real SDK.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startFakeApi, type FakeApi } from '@claude-errors/fake-api';
import { late } from './late.js';

/**
 * A fake Claude API for the tests of one file: started before the first test, closed after the
 * last, and with `resetEach` reset (queued fates, handler, recorded requests) before each test.
 * It is returned before it starts: every property and method reads the running fake.
 */
export function useFakeApi(opts: { resetEach?: boolean } = {}): FakeApi {
  let api: FakeApi | undefined;
  beforeAll(async () => {
    api = await startFakeApi();
  });
  afterAll(async () => {
    await api?.close();
    api = undefined;
  });
  const running = late('the fake API', () => api);
  if (opts.resetEach) beforeEach(() => running.reset());
  return running;
}
