import { parseArgs } from 'node:util';
import { defaultRulesYaml, formatDuration, loadRulesFile, RulesInvalidError, type RulesConfig } from '@claude-errors/analyzer/rules';
import type { Command } from '../command.js';

const USAGE = `Usage:
  claude-errors rules check <file> [--json]   Validate an alert rules file; explains each problem with its
                                              field path and YAML line. Exit 1 when the file is invalid.
  claude-errors rules defaults                Print the shipped default rules as YAML (a starting point).`;

function describeRule(r: RulesConfig['rules'][number]): string {
  const match = Object.entries(r.match).map(([k, v]) => `${k}=${(v as unknown[]).join('|')}`).join(' ') || 'any error';
  const cond =
    r.kind === 'streak'
      ? `${r.threshold} consecutive ${r.level}s`
      : r.kind === 'count'
        ? `>= ${r.threshold} ${r.level}s in ${formatDuration(r.windowMs)}`
        : `rate >= ${r.threshold * 100}% of ${r.level}s in ${formatDuration(r.windowMs)} (min ${r.minTotal})`;
  const by = r.groupBy.length ? ` per ${r.groupBy.join(',')}` : '';
  return `  ${r.name.padEnd(24)} ${r.severity.padEnd(8)} ${match}: ${cond}${by}`;
}

async function check(file: string, json: boolean): Promise<number> {
  try {
    const cfg = await loadRulesFile(file);
    if (json) {
      process.stdout.write(JSON.stringify({ ok: true, file, rules: cfg.rules.length, notifiers: cfg.notifiers.map((n) => n.name) }) + '\n');
      return 0;
    }
    const lines = [`${file}: OK, ${cfg.rules.length} rule(s), ${cfg.notifiers.length} notifier(s)`, ...cfg.rules.map(describeRule)];
    for (const n of cfg.notifiers) lines.push(`  notifier ${n.name}: webhook, format ${n.format}`);
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  } catch (err) {
    if (err instanceof RulesInvalidError) {
      if (json) {
        process.stdout.write(JSON.stringify({ ok: false, file, code: err.code, problems: err.problems }) + '\n');
      } else {
        const lines = err.problems.map((p) => `${file}:${p.line ?? '?'}${p.column ? `:${p.column}` : ''}: ${p.path || '(root)'}: ${p.message}`);
        process.stderr.write(`${lines.join('\n')}\n${err.code}: ${err.problems.length} problem(s) in ${file}\n`);
      }
      return 1;
    }
    const e = err as { code?: string; message?: string };
    if (json) process.stdout.write(JSON.stringify({ ok: false, file, code: e.code, problems: [{ message: e.message }] }) + '\n');
    else process.stderr.write(`${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}\n`);
    return 1;
  }
}

export const command: Command = {
  name: 'rules',
  summary: 'Check an alert rules file (rules check <file>) or print the default rules',
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
    const [sub, file, ...extra] = positionals;
    if (sub === 'check' && file && extra.length === 0) return check(file, values.json);
    if (sub === 'defaults' && !file) {
      process.stdout.write(defaultRulesYaml());
      return 0;
    }
    process.stderr.write(`${USAGE}\n`);
    return 2;
  },
};
