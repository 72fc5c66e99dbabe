// The fake Claude API as a vitest fixture, for tests that drive it with the real SDK.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startFakeApi, type FakeApi } from '@claude-errors/fake-api';

/**
 * A fake Claude API for the tests of one file: started before the first test, closed after the
 * last, and with `resetEach` reset (queued fates, handler, recorded requests) before each test.
 * It is returned before it starts: every property and method reads the running fake.
 */
export function useFakeApi(opts: { resetEach?: boolean } = {}): FakeApi {
  let api: FakeApi | undefined;
  const running = (): FakeApi => {
    if (!api) throw new Error('useFakeApi: the fake API runs from its beforeAll to its afterAll');
    return api;
  };
  beforeAll(async () => {
    api = await startFakeApi();
  });
  afterAll(async () => {
    await api?.close();
    api = undefined;
  });
  if (opts.resetEach) beforeEach(() => running().reset());
  return new Proxy({} as FakeApi, {
    get(_, key) {
      const target = running();
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
