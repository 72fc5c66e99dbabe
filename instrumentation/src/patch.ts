// Finds the SDK's client class in a module and wraps its request methods (any SDK version).
import { isWrapped } from './wrap.js';
import { attemptFailed, attemptResponded, beginAttempt } from './attempt.js';
import { callsByInit, callsByOptions, wrapMakeRequest, type Hooks } from './make-request.js';
import { safe } from './guard.js';
import type { Obj } from './obj.js';
import { DEFAULT_MAX_CONTENT_BYTES } from './types.js';

type AnyFn = (this: unknown, ...args: unknown[]) => unknown;
export type Wrap = (target: object, name: string, wrapper: (original: AnyFn) => AnyFn) => void;
export type Unwrap = (target: object, name: string) => void;

const METHODS = ['makeRequest', 'buildRequest', 'fetchWithTimeout'] as const;

/** The prototype that defines the SDK's request methods (APIClient in 0.x core.js, BaseAnthropic in client.js). */
export function requestPrototype(moduleExports: unknown): Obj | undefined {
  const m = moduleExports as Obj | undefined;
  if (!m) return undefined;
  const candidates = [m['Anthropic'], m['default'], m['BaseAnthropic'], (m['default'] as Obj | undefined)?.['Anthropic'], m];
  for (const c of candidates) {
    if (typeof c !== 'function') continue;
    let proto = (c as { prototype?: Obj }).prototype;
    while (proto && proto !== Object.prototype) {
      if (METHODS.every((k) => Object.prototype.hasOwnProperty.call(proto, k))) return proto;
      proto = Object.getPrototypeOf(proto) as Obj | undefined;
    }
  }
  return undefined;
}

function wrapBuildRequest(original: AnyFn): AnyFn {
  return function (this: unknown, options: unknown, ...rest: unknown[]) {
    const built = original.call(this, options, ...rest);
    const state = typeof options === 'object' && options !== null ? callsByOptions.get(options) : undefined;
    if (!state) return built;
    const remember = (b: unknown) => {
      const req = (b as Obj | undefined)?.['req'];
      if (typeof req === 'object' && req !== null) callsByInit.set(req, state);
    };
    if (built instanceof Promise) void built.then((b) => safe(() => remember(b)), () => {});
    else safe(() => remember(built));
    return built;
  };
}

function signalOf(controller: unknown): AbortSignal | undefined {
  const signal = (controller as { signal?: unknown } | undefined)?.signal;
  return signal instanceof AbortSignal ? signal : undefined;
}

function wrapFetchWithTimeout(hooks: Hooks) {
  return (original: AnyFn): AnyFn =>
    function (this: unknown, url: unknown, init: unknown, ...rest: unknown[]) {
      const requestOptions = rest[2];
      const state =
        (typeof requestOptions === 'object' && requestOptions !== null ? callsByOptions.get(requestOptions) : undefined) ??
        (typeof init === 'object' && init !== null ? callsByInit.get(init) : undefined);
      if (!state) return original.call(this, url, init, ...rest);
      const attempt = safe(() => beginAttempt(state));
      const result = original.call(this, url, init, ...rest) as Promise<Response>;
      if (attempt) {
        const cfg = hooks.config();
        const handling = {
          readSuccessBody: !state.native || state.mcp !== undefined, // MCP tool results are in the body
          captureContent: cfg.captureContent === true,
          maxContentBytes: cfg.maxContentBytes ?? DEFAULT_MAX_CONTENT_BYTES,
        };
        result.then(
          (res) => safe(() => attemptResponded(state, attempt, res, handling, signalOf(rest[1]))),
          (err: unknown) => safe(() => attemptFailed(state, attempt, err)),
        );
      }
      return result;
    };
}

/**
 * Whether fetchWithTimeout gets the request options (0.1xx and 1.x: `(url, init, ms, controller,
 * requestOptions, logCtx)`). Then each attempt finds its call from them; older SDKs (0.2x:
 * `(url, init, ms, controller)`) need buildRequest wrapped to tie the RequestInit to the call,
 * a WeakMap entry per attempt that costs the garbage collector more than anything else here.
 */
function optionsReachFetch(proto: Obj): boolean {
  const f = proto['fetchWithTimeout'];
  return typeof f === 'function' && f.length >= 5;
}

/** Wraps the request methods of the SDK module's client class; returns whether it did. */
export function patchModule(moduleExports: unknown, hooks: Hooks, wrap: Wrap): boolean {
  const proto = requestPrototype(moduleExports);
  if (!proto || isWrapped(proto['makeRequest'])) return false;
  wrap(proto, 'makeRequest', wrapMakeRequest(hooks));
  if (!optionsReachFetch(proto)) wrap(proto, 'buildRequest', wrapBuildRequest);
  wrap(proto, 'fetchWithTimeout', wrapFetchWithTimeout(hooks));
  return true;
}

export function unpatchModule(moduleExports: unknown, unwrap: Unwrap): void {
  const proto = requestPrototype(moduleExports);
  if (!proto || !isWrapped(proto['makeRequest'])) return;
  for (const name of METHODS) if (isWrapped(proto[name])) unwrap(proto, name);
}
