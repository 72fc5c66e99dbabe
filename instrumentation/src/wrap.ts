// Wrapping of the SDK's methods without @opentelemetry/instrumentation, for the edge entry point
// (edge.ts): the same marks as the shimmer that InstrumentationBase uses (`__original`,
// `__unwrap`, `__wrapped`), so `isWrapped` answers alike for both ways of patching.

type AnyFn = (this: unknown, ...args: unknown[]) => unknown;
type Target = Record<string, unknown>;

function define(target: object, name: string, value: unknown): void {
  const t = target as Target;
  const enumerable = !!t[name] && Object.prototype.propertyIsEnumerable.call(target, name);
  Object.defineProperty(target, name, { configurable: true, enumerable, writable: true, value });
}

/** Whether `fn` is a wrapper made by this module or by shimmer. */
export function isWrapped(fn: unknown): boolean {
  if (typeof fn !== 'function') return false;
  const f = fn as unknown as Target;
  return typeof f['__original'] === 'function' && typeof f['__unwrap'] === 'function' && f['__wrapped'] === true;
}

/** Replaces `target[name]` with `wrapper(original)`, marked so it can be found and unwrapped. */
export function wrapMethod(target: object, name: string, wrapper: (original: AnyFn) => AnyFn): void {
  const original = (target as Target)[name];
  if (typeof original !== 'function') return;
  const wrapped = wrapper(original as AnyFn);
  define(wrapped, '__original', original);
  define(wrapped, '__unwrap', () => {
    if ((target as Target)[name] === wrapped) define(target, name, original);
  });
  define(wrapped, '__wrapped', true);
  define(target, name, wrapped);
}

/** Restores the method that `wrapMethod` (or shimmer) replaced. */
export function unwrapMethod(target: object, name: string): void {
  const wrapped = (target as Target)[name];
  if (isWrapped(wrapped)) ((wrapped as unknown as Target)['__unwrap'] as () => void)();
}
