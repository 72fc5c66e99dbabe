/**
 * The usual mistakes in an application's OpenTelemetry environment, explained in plain words.
 * Pure: it reads a map of variables (the app's .env file, or the doctor's own environment) and
 * what the server told us about its collector.
 */
import type { Finding } from './finding.js';
import { withoutTrailingSlashes } from '../url.js';

export type AppEnv = Record<string, string | undefined>;

const TRACES_PATH = '/v1/traces';
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0', '[::]']);

/** The traces URL an OpenTelemetry SDK derives from the environment (the spec's rules). */
export function effectiveTracesUrl(env: AppEnv): { url: string; from: string } {
  const specific = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']?.trim();
  if (specific) return { url: specific, from: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' };
  const base = env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim();
  if (base) return { url: `${withoutTrailingSlashes(base)}${TRACES_PATH}`, from: 'OTEL_EXPORTER_OTLP_ENDPOINT' };
  return { url: `http://localhost:4318${TRACES_PATH}`, from: 'the SDK default (no OTEL_EXPORTER_OTLP_*ENDPOINT set)' };
}

export function exportProtocol(env: AppEnv): string {
  return (env['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'] ?? env['OTEL_EXPORTER_OTLP_PROTOCOL'] ?? 'http/protobuf').trim();
}

function sameHost(a: URL, b: URL): boolean {
  const host = (u: URL): string => (LOOPBACK.has(u.hostname) ? 'loopback' : u.hostname);
  const port = (u: URL): string => u.port || (u.protocol === 'https:' ? '443' : '80');
  return host(a) === host(b) && port(a) === port(b);
}

function endpointFindings(env: AppEnv, collector: string | null): Finding[] {
  const { url, from } = effectiveTracesUrl(env);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [{ level: 'fail', title: 'exporter endpoint', detail: `${from} is '${url}', which is not a URL. Use e.g. http://127.0.0.1:4318.` }];
  }
  const out: Finding[] = [{ level: 'info', title: 'exporter endpoint', detail: `spans go to ${url} (from ${from})` }];
  // Advice names the collector's own address when we know it.
  const origin = collector ? new URL(collector).origin : parsed.origin;
  if (parsed.pathname.includes(`${TRACES_PATH}${TRACES_PATH}`)) {
    out.push({ level: 'fail', title: '/v1/traces appended twice', detail: `OTEL_EXPORTER_OTLP_ENDPOINT is a base URL and the SDK adds ${TRACES_PATH} itself, so it sends to ${parsed.pathname} and the collector answers 404. Set OTEL_EXPORTER_OTLP_ENDPOINT=${origin} (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${origin}${TRACES_PATH}).` });
  } else if (!parsed.pathname.endsWith(TRACES_PATH)) {
    out.push({ level: 'fail', title: '/v1/traces missing', detail: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as it is, so spans go to '${parsed.pathname}' and the collector answers 404. Set it to ${origin}${TRACES_PATH}, or set OTEL_EXPORTER_OTLP_ENDPOINT=${origin} instead.` });
  }
  if (parsed.port === '4317') {
    out.push({ level: 'fail', title: 'gRPC port', detail: `port 4317 is the OTLP/gRPC port; this collector speaks OTLP over HTTP only (4318 by default${collector ? `, here ${collector}` : ''}). Use the HTTP port and an http/protobuf or http/json exporter.` });
  }
  if (collector) {
    const c = new URL(collector);
    if (parsed.port !== '4317' && !sameHost(parsed, c)) {
      out.push({ level: 'warn', title: 'another address', detail: `the app sends to ${parsed.host} but this collector listens at ${c.host}. If that is not a proxy in between, point the app at ${c.origin}.` });
    }
    if (parsed.protocol !== c.protocol && sameHost(parsed, c)) {
      out.push({ level: 'fail', title: 'http vs https', detail: `the app uses ${parsed.protocol.replace(':', '')} but the collector serves ${c.protocol.replace(':', '')}.` });
    }
  }
  return out;
}

function protocolFindings(env: AppEnv): Finding[] {
  const protocol = exportProtocol(env);
  if (protocol === 'grpc') {
    return [{ level: 'fail', title: 'gRPC exporter', detail: 'OTEL_EXPORTER_OTLP_PROTOCOL=grpc: this collector takes OTLP over HTTP only. Use http/protobuf (Node: @opentelemetry/exporter-trace-otlp-proto; Python: opentelemetry-exporter-otlp-proto-http).' }];
  }
  if (protocol === 'http/json' || protocol === 'http/protobuf') {
    return [{ level: 'ok', title: 'exporter protocol', detail: `${protocol}: the collector takes both protobuf and JSON (the doctor sends its test span this way). Node exporters choose by package, not by this variable: exporter-trace-otlp-proto sends protobuf, exporter-trace-otlp-http JSON.` }];
  }
  return [{ level: 'warn', title: 'exporter protocol', detail: `OTEL_EXPORTER_OTLP_PROTOCOL='${protocol}' is not one of http/protobuf, http/json, grpc.` }];
}

function switchFindings(env: AppEnv, ingestTokenRequired: boolean): Finding[] {
  const out: Finding[] = [];
  if (env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true') out.push({ level: 'fail', title: 'SDK disabled', detail: 'OTEL_SDK_DISABLED=true: the SDK records and sends nothing.' });
  const exporters = env['OTEL_TRACES_EXPORTER']?.split(',').map((s) => s.trim());
  if (exporters && !exporters.includes('otlp')) out.push({ level: 'fail', title: 'no OTLP exporter', detail: `OTEL_TRACES_EXPORTER=${exporters.join(',')}: spans are not sent over OTLP. Use otlp.` });
  const headers = env['OTEL_EXPORTER_OTLP_TRACES_HEADERS'] ?? env['OTEL_EXPORTER_OTLP_HEADERS'] ?? '';
  if (ingestTokenRequired && !/authorization=/i.test(headers)) {
    out.push({ level: 'fail', title: 'ingest token', detail: 'the collector needs `Authorization: Bearer <ingest token>` and OTEL_EXPORTER_OTLP_HEADERS has none: the collector answers 401. Set OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer%20<token>" (or the exporter\'s headers option).' });
  }
  return out;
}

/** ESM apps need the loader hook before their imports; NODE_OPTIONS is where it usually goes. */
function nodeOptionsFindings(env: AppEnv): Finding[] {
  const opts = env['NODE_OPTIONS'] ?? '';
  const hook = /(?:^|\s)--(import|loader|experimental-loader)[=\s]+(\S+)/.exec(opts);
  if (hook) return [{ level: 'ok', title: 'loader hook', detail: `NODE_OPTIONS preloads ${hook[2]} with --${hook[1]}: it runs before the app's imports (it must register @opentelemetry/instrumentation/hook.mjs for an ES module app).` }];
  const req = /(?:^|\s)(?:--require|-r)[=\s]+(\S+)/.exec(opts);
  if (req) {
    return [{ level: 'warn', title: 'loader hook', detail: `NODE_OPTIONS preloads ${req[1]} with --require: enough for a CommonJS app. An ES module app (.mjs, or "type": "module") imports @anthropic-ai/sdk without the require hook and records nothing: preload a telemetry.mjs with --import that registers @opentelemetry/instrumentation/hook.mjs, or call manuallyInstrument().` }];
  }
  return [{ level: 'info', title: 'loader hook', detail: 'NODE_OPTIONS preloads nothing. Start a Node app with its set-up file first (node --require ./tracing.cjs app.js, or node --import ./telemetry.mjs app.mjs for ES modules); an ES module app that imports @anthropic-ai/sdk before the hook is registered records nothing.' }];
}

const FLUSH_ADVICE: Finding = {
  level: 'info',
  title: 'short scripts',
  detail: "spans are batched and sent every few seconds; a script that exits by itself before that loses them. Node: process.on('beforeExit', () => sdk.shutdown()); Python: provider.shutdown() (or force_flush()) before exit.",
};

/** Every finding about one app environment, worst first within each topic. */
export function checkAppEnv(env: AppEnv, server: { otlpUrl: string | null; ingestTokenRequired: boolean }): Finding[] {
  return [...endpointFindings(env, server.otlpUrl), ...protocolFindings(env), ...switchFindings(env, server.ingestTokenRequired), ...nodeOptionsFindings(env), FLUSH_ADVICE];
}

/** The variables the doctor reads: OTEL_* and NODE_OPTIONS. */
export function appEnvVars(env: AppEnv): AppEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('OTEL_') || k === 'NODE_OPTIONS'));
}

/** OTEL_EXPORTER_OTLP_(TRACES_)HEADERS as the SDKs read it: `key=value` pairs, comma-separated, URL-encoded. */
export function exportHeaders(env: AppEnv): Record<string, string> {
  const text = env['OTEL_EXPORTER_OTLP_TRACES_HEADERS'] ?? env['OTEL_EXPORTER_OTLP_HEADERS'] ?? '';
  const out: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) out[decodeURIComponent(pair.slice(0, eq).trim())] = decodeURIComponent(pair.slice(eq + 1).trim());
  }
  return out;
}

/** Whether the app's environment names an endpoint of its own (else the doctor has nothing to try). */
export function hasOwnEndpoint(env: AppEnv): boolean {
  return Boolean(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']?.trim() || env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim());
}
