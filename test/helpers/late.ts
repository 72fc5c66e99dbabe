// Test fixtures that a beforeAll makes, named by the describe block before they exist.

/**
 * Stands for the object `get()` returns once a beforeAll made it, so that a test file can name it
 * up front: every property read goes to that object (methods bound to it), and fails clearly
 * (naming `what`) before the object exists.
 */
export function late<T extends object>(what: string, get: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_, key) {
      const target = get();
      if (target === undefined) throw new Error(`${what} exists from its beforeAll on`);
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
