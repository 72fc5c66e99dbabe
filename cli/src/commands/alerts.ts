import { parseArgs } from 'node:util';
import type { Alert, AlertsResponse } from '@claude-errors/schemas/api';
import type { Command } from '../command.js';
import { table } from '../report/render.js';

const indent = (text: string): string[] => text.split('\n').map((l) => `  ${l}`);

const USAGE = `Usage: claude-errors alerts [--url http://127.0.0.1:4320] [--api-token <token>] [--limit 20] [--json]

Shows the active alerts and the recent alert history of a running analyzer (GET /api/v1/alerts).
  --url        analyzer base URL (env CE_URL, default http://127.0.0.1:4320)
  --api-token  bearer token when the analyzer runs with --api-token (env CE_API_TOKEN)
  --limit      how many recent events to show (default 20)
  --json       print the API response as JSON`;

function ago(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86_400) return `${(s / 3600).toFixed(1)}h ago`;
  return `${(s / 86_400).toFixed(1)}d ago`;
}

function groupText(a: Alert): string {
  const g = Object.entries(a.labels)
    .filter(([k]) => k !== 'alertname' && k !== 'severity')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return g || '-';
}

function deliveries(a: Alert): string {
  return a.notifications.map((n) => `${n.notifier}:${n.delivery}${n.attempts > 1 ? `(${n.attempts})` : ''}`).join(' ') || '-';
}

export function renderAlerts(res: AlertsResponse, now = Date.now()): string {
  const out: string[] = [];
  out.push(`Active alerts: ${res.active.length}`);
  if (res.active.length) {
    out.push(
      ...indent(
        table(
          ['SEVERITY', 'RULE', 'GROUP', 'SINCE', 'SUMMARY', 'NOTIFIED'],
          res.active.map((a) => [a.severity, a.rule, groupText(a), ago(a.starts_at, now), a.annotations['summary'] ?? '', deliveries(a)]),
        ),
      ),
    );
  }
  out.push('', `Recent events: ${res.history.length}`);
  if (res.history.length) {
    out.push(
      ...indent(
        table(
          ['TIME', 'EVENT', 'SEVERITY', 'RULE', 'GROUP', 'NOTIFIED'],
          res.history.map((a) => [a.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z'), a.event, a.severity, a.rule, groupText(a), deliveries(a)]),
        ),
      ),
    );
  }
  return out.join('\n') + '\n';
}

export const command: Command = {
  name: 'alerts',
  summary: 'Active and recent alerts of a running analyzer',
  usage: USAGE,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string', default: process.env['CE_URL'] ?? 'http://127.0.0.1:4320' },
        'api-token': { type: 'string' },
        limit: { type: 'string', default: '20' },
        json: { type: 'boolean', default: false },
      },
    });
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      process.stderr.write('claude-errors alerts: --limit must be an integer from 1 to 1000\n');
      return 2;
    }
    const token = values['api-token'] ?? process.env['CE_API_TOKEN'];
    const url = new URL(`/api/v1/alerts?limit=${limit}`, values.url);
    let res: Response;
    try {
      res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(10_000) });
    } catch (err) {
      const e = err as { cause?: { code?: string; message?: string }; message?: string };
      process.stderr.write(`claude-errors alerts: cannot reach the analyzer at ${values.url}: ${e.cause?.code ?? e.cause?.message ?? e.message}\n`);
      return 1;
    }
    if (res.status === 401) {
      process.stderr.write('claude-errors alerts: the analyzer wants a token: pass --api-token or set CE_API_TOKEN\n');
      return 1;
    }
    if (!res.ok) {
      process.stderr.write(`claude-errors alerts: ${url.pathname} answered HTTP ${res.status}: ${(await res.text()).slice(0, 500)}\n`);
      return 1;
    }
    const body = (await res.json()) as AlertsResponse;
    process.stdout.write(values.json ? JSON.stringify(body, null, 2) + '\n' : renderAlerts(body));
    return 0;
  },
};
