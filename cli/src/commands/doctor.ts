import { readFileSync } from 'node:fs';
import { parseArgs, parseEnv } from 'node:util';
import { parseDuration } from '@claude-errors/schemas';
import type { Command } from '../command.js';
import { appEnvVars, checkAppEnv, effectiveTracesUrl, exportHeaders, exportProtocol, hasOwnEndpoint, type AppEnv } from '../doctor/app-env.js';
import type { Finding, Level } from '../doctor/finding.js';
import { withoutTrailingSlashes } from '../url.js';
import { checkAnalyzer, checkRules, doctorCalls, DOCTOR_SERVICE, sendTestSpan, waitQueryable } from '../doctor/server.js';

const USAGE = `Usage: claude-errors doctor [--url <analyzer>] [--otlp <collector>] [--app-env <file>] [options]

Checks a running claude-errors end to end: the analyzer answers; a test span (service.name
${DOCTOR_SERVICE}) sent through the collector with a real OTLP exporter becomes queryable
through the API; alert rules are loaded; what is known of each notifier. Then it reads an app's
OpenTelemetry settings (OTEL_* and NODE_OPTIONS, from --app-env or this shell) and explains the
usual mistakes. Exit code 1 when a check fails.

  --url <url>           the analyzer (dashboard/API), default http://127.0.0.1:4320 (env CE_URL)
  --otlp <url>          the collector's OTLP/HTTP base or /v1/traces URL; default: what the
                        analyzer reports (serve), else http://127.0.0.1:4318
  --api-token <t>       bearer token of the API (env CE_API_TOKEN)
  --ingest-token <t>    bearer token of the collector (env CE_INGEST_TOKEN)
  --app-env <file>      the app's environment (KEY=value lines, like a .env file); default: this
                        shell's OTEL_* variables and NODE_OPTIONS
  --timeout <dur>       how long to wait for the test span to be queryable (default 20s)
  --json                the findings as JSON`;

const MARK: Record<Level, string> = { ok: '[ok]  ', fail: '[FAIL]', warn: '[warn]', info: '[info]', skip: '[skip]' };

interface Report {
  analyzer: string;
  collector: string | null;
  server: Finding[];
  app: { source: string; findings: Finding[] };
}

function tracesUrl(otlp: string): string {
  const base = withoutTrailingSlashes(otlp);
  return base.endsWith('/v1/traces') ? base : `${base}/v1/traces`;
}

type Api = { base: string; token: string | undefined };

/** The test span through the collector at `traces`, then through the API. */
async function spanFindings(api: Api, traces: string, reported: string | null, ingestToken: string | undefined, protocol: string, timeoutMs: number): Promise<Finding[]> {
  if (new URL(traces).origin === new URL(api.base).origin) {
    const where = reported ? `it takes spans at ${tracesUrl(reported)}` : 'its port is 4318 by default';
    return [{ level: 'fail', title: 'collector', detail: `${traces} is the analyzer's address (dashboard and API), not the collector's: ${where}. Point the app's exporter there.` }];
  }
  const before = await doctorCalls(api).catch(() => 0);
  const sent = await sendTestSpan(traces, protocol, ingestToken ? { Authorization: `Bearer ${ingestToken}` } : {}, new Date().toISOString());
  if (sent.level === 'ok') return [sent, await waitQueryable(api, before, timeoutMs)];
  if (reported && tracesUrl(reported) !== traces) return [sent, { level: 'info', title: 'collector', detail: `the analyzer says its collector takes spans at ${tracesUrl(reported)}.` }];
  return [sent];
}

async function serverFindings(api: Api, otlpFlag: string | undefined, ingestToken: string | undefined, protocol: string, timeoutMs: number) {
  const analyzer = await checkAnalyzer(api);
  const reported = analyzer.info?.otlp_url ?? null;
  const traces = tracesUrl(otlpFlag ?? reported ?? 'http://127.0.0.1:4318');
  const findings: Finding[] = [analyzer.finding];
  if (!analyzer.usable) {
    findings.push({ level: 'skip', title: 'collector', detail: 'not tried: the analyzer check failed, so the span could not be looked for.' });
  } else {
    findings.push(...(await spanFindings(api, traces, reported, ingestToken, protocol, timeoutMs)));
    findings.push(...(await checkRules(api).catch((err: Error) => [{ level: 'fail' as const, title: 'rules', detail: err.message }])));
  }
  return { findings, collector: traces, info: analyzer.info };
}

/** The test span once more, to the app's own endpoint with its headers: what the app meets. */
async function sendAsTheApp(env: AppEnv, collectorTraces: string, protocol: string): Promise<Finding[]> {
  if (!hasOwnEndpoint(env) || exportProtocol(env) === 'grpc') return [];
  const { url } = effectiveTracesUrl(env);
  if (url === collectorTraces) return [];
  try {
    new URL(url);
  } catch {
    return [];
  }
  return [await sendTestSpan(url, protocol, exportHeaders(env), new Date().toISOString(), 'sent as the app would')];
}

function render(r: Report): string {
  const line = (f: Finding): string => `${MARK[f.level]} ${f.title}: ${f.detail}`;
  return [
    `claude-errors doctor: analyzer ${r.analyzer}, collector ${r.collector ?? '?'}`,
    '',
    ...r.server.map(line),
    '',
    `App environment (${r.app.source}):`,
    ...r.app.findings.map(line),
    '',
    r.server.concat(r.app.findings).some((f) => f.level === 'fail') ? 'Some checks failed: see [FAIL] above.' : 'No check failed.',
  ].join('\n');
}

export const command: Command = {
  name: 'doctor',
  summary: 'Check a running server end to end, and an app\'s OpenTelemetry settings',
  usage: USAGE,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        url: { type: 'string' },
        otlp: { type: 'string' },
        'api-token': { type: 'string' },
        'ingest-token': { type: 'string' },
        'app-env': { type: 'string' },
        timeout: { type: 'string', default: '20s' },
        json: { type: 'boolean', default: false },
      },
    });
    const timeoutMs = parseDuration(values.timeout);
    if (timeoutMs === undefined) throw new Error(`--timeout: '${values.timeout}' is not a duration (e.g. 20s, 1m)`);
    const appEnv: AppEnv = values['app-env'] ? parseEnv(readFileSync(values['app-env'], 'utf8')) : appEnvVars(process.env);
    const api = { base: withoutTrailingSlashes(values.url ?? process.env['CE_URL'] ?? 'http://127.0.0.1:4320'), token: values['api-token'] ?? process.env['CE_API_TOKEN'] };
    const ingestToken = values['ingest-token'] ?? process.env['CE_INGEST_TOKEN'];
    const protocol = exportProtocol(appEnv) === 'http/json' ? 'http/json' : 'http/protobuf';
    const server = await serverFindings(api, values.otlp, ingestToken, protocol, timeoutMs);
    const collectorBase = values.otlp ? new URL(tracesUrl(values.otlp)).origin : (server.info?.otlp_url ?? null);
    const appFindings = checkAppEnv(appEnv, { otlpUrl: collectorBase, ingestTokenRequired: server.info?.ingest_token_required ?? ingestToken !== undefined });
    appFindings.push(...(await sendAsTheApp(appEnv, server.collector, protocol)));
    // With no app settings at all, what the defaults would do is advice, not a failure of this run.
    const guessed = !values['app-env'] && Object.keys(appEnv).length === 0;
    const report: Report = {
      analyzer: api.base,
      collector: server.collector,
      server: server.findings,
      app: {
        source: values['app-env'] ? `from ${values['app-env']}` : Object.keys(appEnv).length ? "this shell's OTEL_* variables and NODE_OPTIONS" : 'this shell has no OTEL_* variables; give the app\'s with --app-env',
        findings: guessed ? appFindings.map((f) => (f.level === 'fail' ? { ...f, level: 'warn' as const } : f)) : appFindings,
      },
    };
    process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : `${render(report)}\n`);
    return report.server.concat(report.app.findings).some((f) => f.level === 'fail') ? 1 : 0;
  },
};
