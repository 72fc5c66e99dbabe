import { parseArgs } from 'node:util';
import { catalogEntry } from '@claude-errors/analyzer/classify';
import { parseDuration } from '@claude-errors/schemas';
import type { Findings, Summary, Trends } from '@claude-errors/schemas/api';
import type { Command } from '../command.js';
import { fileSource, httpSource, type ReportSource } from '../report/source.js';
import { firstLine, pct, sparkline, table } from '../report/render.js';

const BY = ['catalog_id', 'guide_id', 'status', 'error_type', 'model', 'service', 'platform'];

export const command: Command = {
  name: 'report',
  summary: 'Summary and trend of stored errors as a terminal table (or JSON)',
  usage: `Usage: claude-errors report [--since 24h] [--by catalog_id] [--json] [--url <analyzer> | --data <dir>]

  --since <dur>     how far back: 15m, 1h, 24h, 7d, 1w, 1h30m (default 24h)
  --by <field>      group the trend by ${BY.join(' | ')} (default catalog_id;
                    guide_id rolls catalog entries up to the rows of the error guide)
  --service, --model, --platform <v>   filters
  --surface <s>     messages (synchronous calls), batch (failed Message Batch results), session (session.error events)
                    or mcp (failed MCP tool results)
  --url <url>       a running analyzer, e.g. http://127.0.0.1:4320 (env CE_URL)
  --api-token <t>   bearer token for --url (env CE_API_TOKEN)
  --data <dir>      read the DuckDB file directly (no analyzer may be running on it)
  --json            machine-readable output
Default source: --url http://127.0.0.1:4320 if it answers, else --data ./data.`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        since: { type: 'string', default: '24h' },
        by: { type: 'string', default: 'catalog_id' },
        url: { type: 'string' },
        data: { type: 'string' },
        'api-token': { type: 'string' },
        service: { type: 'string' },
        model: { type: 'string' },
        platform: { type: 'string' },
        surface: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (parseDuration(values.since) === undefined) throw new Error(`--since: '${values.since}' is not a duration (e.g. 15m, 24h, 7d)`);
    if (!BY.includes(values.by)) throw new Error(`--by: '${values.by}' is not one of ${BY.join(', ')}`);
    if (values.surface !== undefined && values.surface !== 'messages' && values.surface !== 'batch' && values.surface !== 'session' && values.surface !== 'mcp') throw new Error(`--surface: '${values.surface}' is not messages, batch, session or mcp`);
    const source = await openSource(values.url ?? process.env.CE_URL, values.data, values['api-token'] ?? process.env.CE_API_TOKEN);
    try {
      const q = new URLSearchParams({ from: `-${values.since}` });
      for (const k of ['service', 'model', 'platform', 'surface'] as const) if (values[k]) q.set(k, values[k]!);
      const summary = await source.get<Summary>(`/api/v1/summary?${q}`);
      const trends = await source.get<Trends>(`/api/v1/trends?${q}&by=${values.by}`);
      const { findings } = await source.get<Findings>(`/api/v1/findings?${q}`);
      if (values.json) {
        process.stdout.write(JSON.stringify({ summary, trends, findings }) + '\n');
        return 0;
      }
      process.stdout.write(render(summary, trends, values.since, values.by) + renderFindings(findings) + '\n');
      return 0;
    } finally {
      await source.close();
    }
  },
};

async function openSource(url: string | undefined, data: string | undefined, token: string | undefined): Promise<ReportSource> {
  if (url) return httpSource(url, token);
  if (data) return fileSource(data);
  const local = httpSource('http://127.0.0.1:4320', token);
  try {
    await local.get('/healthz');
    return local;
  } catch {
    return fileSource(process.env.CE_DATA ?? './data');
  }
}

function render(s: Summary, t: Trends, since: string, by: string): string {
  const retriedAway = s.failed_attempts - s.by_catalog.reduce((n, b) => n + b.failed_calls, 0);
  const head = [
    `claude-errors report — last ${since} (${s.from} → ${s.to})`,
    `calls ${s.total_calls}   failed ${s.failed_calls} (${pct(s.error_rate)})   attempts ${s.total_attempts}   failed attempts ${s.failed_attempts}` +
      (retriedAway > 0 ? ` (${retriedAway} more than failed calls: retried away)` : ''),
    '',
  ];
  if (t.series.length === 0) return [...head, 'No errors in this range.'].join('\n');
  // catalog ids and guide ids are both catalog entries: show their fix
  const withFix = by === 'catalog_id' || by === 'guide_id';
  const rows = t.series.map((x) => {
    const calls = x.calls.reduce((a, b) => a + b, 0);
    const attempts = x.attempts.reduce((a, b) => a + b, 0);
    const c = withFix ? catalogEntry(x.key) : undefined;
    return [x.key, String(calls), String(attempts), s.failed_attempts ? pct(attempts / s.failed_attempts) : '-', sparkline(x.attempts), c ? firstLine(c.fix) : ''];
  });
  const headers = [by.toUpperCase(), 'FAILED CALLS', 'FAILED ATTEMPTS', 'SHARE', `ATTEMPTS PER ${t.bucket}`, withFix ? 'FIX' : ''];
  return [...head, table(headers, rows)].join('\n');
}

/** Retry hygiene findings under the table: one line each, with the fix. */
function renderFindings(findings: Findings['findings']): string {
  if (findings.length === 0) return '';
  const lines = ['', 'Retry hygiene:'];
  for (const f of findings) lines.push(`  ${f.title}: ${f.service ?? f.model ?? '-'} (${f.count})`, `    fix: ${firstLine(f.fix)}`);
  return lines.join('\n');
}
