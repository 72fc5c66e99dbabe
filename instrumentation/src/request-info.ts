// Facts about a call taken from the SDK's request options and client (duck-typed, any SDK version).
import type { Platform } from './semconv.js';
import { isObj, type Obj } from './obj.js';


/** Reads one header from any of the SDK's header shapes: Headers, object, array of pairs, or a list of those. */
export function headerFrom(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function' && !(headers instanceof Map)) {
    const v = (headers as Headers).get(name);
    return v ?? undefined;
  }
  if (Array.isArray(headers)) {
    for (let i = headers.length - 1; i >= 0; i--) {
      const item: unknown = headers[i];
      if (Array.isArray(item) && typeof item[0] === 'string') {
        if (item[0].toLowerCase() === name) return String(item[1]);
      } else {
        const v = headerFrom(item, name);
        if (v !== undefined) return v;
      }
    }
    return undefined;
  }
  if (isObj(headers)) {
    // 1.x builds headers as { values: Headers, nulls: Set }
    if (isObj(headers['values'])) return headerFrom(headers['values'], name);
    for (const [k, v] of Object.entries(headers)) {
      if (k.toLowerCase() === name && v !== null && v !== undefined) return String(v);
    }
  }
  return undefined;
}

export interface RequestInfo {
  method: string;
  path: string;
  body: Obj | undefined;
  beta: boolean;
  helper: string | undefined;
  stream: boolean;
  model: string | undefined;
  maxTokens: number | undefined;
}

export function requestInfo(options: Obj): RequestInfo {
  const method = typeof options['method'] === 'string' ? options['method'] : 'get';
  const path = typeof options['path'] === 'string' ? options['path'] : '';
  const body = isObj(options['body']) && !ArrayBuffer.isView(options['body']) ? options['body'] : undefined;
  const query = isObj(options['query']) ? options['query'] : undefined;
  const headers = options['headers'];
  // 1.x beta resources mark their requests with `__qualifiers: { beta: 'true' }` (sent as ?beta=true).
  const qualifiers = isObj(options['__qualifiers']) ? options['__qualifiers'] : undefined;
  const beta =
    /[?&]beta=/.test(path) || query?.['beta'] !== undefined || qualifiers?.['beta'] !== undefined || headerFrom(headers, 'anthropic-beta') !== undefined;
  return {
    method,
    path,
    body,
    beta,
    helper: headerFrom(headers, 'x-stainless-helper-method'),
    stream: options['stream'] === true || body?.['stream'] === true,
    model: typeof body?.['model'] === 'string' ? body['model'] : undefined,
    maxTokens: typeof body?.['max_tokens'] === 'number' ? body['max_tokens'] : undefined,
  };
}

const versions = new WeakMap<object, string>();

/** The SDK version, from the client's user agent ("Anthropic/JS 0.27.3"). */
export function sdkVersion(client: Obj): string | undefined {
  const proto = Object.getPrototypeOf(client) as object | null;
  if (proto && versions.has(proto)) return versions.get(proto);
  let version: string | undefined;
  try {
    const ua = typeof client['getUserAgent'] === 'function' ? String((client['getUserAgent'] as () => unknown).call(client)) : '';
    version = /JS\s+([0-9][^\s]*)/.exec(ua)?.[1];
  } catch {
    version = undefined;
  }
  if (proto && version !== undefined) versions.set(proto, version);
  return version;
}

/**
 * The platform client SDKs (1.x) name their platform in `_instrumentationScope().platform`
 * (`foundry`, `aws`, `bedrock`, `vertex`), which the SDK's constructor calls too; Bedrock's two
 * clients both say `bedrock`, so Mantle (the Anthropic-shaped API at bedrock-mantle.*) is told
 * apart by its class or host. Class names and hosts also cover older and bundled clients.
 */
function scopePlatform(client: Obj): string | undefined {
  const scope = client['_instrumentationScope'];
  if (typeof scope !== 'function') return undefined;
  try {
    const p = (scope as () => unknown).call(client);
    return isObj(p) && typeof p['platform'] === 'string' ? p['platform'] : undefined;
  } catch {
    return undefined;
  }
}

function platformOfUncached(client: Obj): Platform {
  const name = (client.constructor as { name?: string } | undefined)?.name ?? '';
  const baseURL = typeof client['baseURL'] === 'string' ? client['baseURL'] : '';
  const scope = scopePlatform(client);
  if (/mantle/i.test(name) || baseURL.includes('bedrock-mantle.')) return 'bedrock_mantle';
  if (scope === 'bedrock' || /bedrock/i.test(name) || baseURL.includes('bedrock-runtime')) return 'bedrock';
  if (scope === 'vertex' || /vertex/i.test(name) || baseURL.includes('aiplatform.googleapis.com')) return 'vertex';
  if (scope === 'foundry' || /foundry/i.test(name) || baseURL.includes('.services.ai.azure.com')) return 'foundry';
  if (scope === 'aws' || /^AnthropicAws$/.test(name) || baseURL.includes('aws-external-anthropic.')) return 'aws';
  return 'first_party';
}

function serverOfUncached(client: Obj): { address?: string; port?: number } {
  try {
    const url = new URL(String(client['baseURL']));
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    return { address: url.hostname, port };
  } catch {
    return {};
  }
}

interface ClientFacts {
  baseURL: unknown;
  platform: Platform;
  server: { address?: string; port?: number };
}

/** Per client: its platform and server, worked out again only if its baseURL changes. */
const clientFacts = new WeakMap<object, ClientFacts>();

function factsOf(client: Obj): ClientFacts {
  const baseURL = client['baseURL'];
  const known = clientFacts.get(client);
  if (known && known.baseURL === baseURL) return known;
  const facts = { baseURL, platform: platformOfUncached(client), server: serverOfUncached(client) };
  clientFacts.set(client, facts);
  return facts;
}

export function platformOf(client: Obj): Platform {
  return factsOf(client).platform;
}

export function serverOf(client: Obj): { address?: string; port?: number } {
  return factsOf(client).server;
}
