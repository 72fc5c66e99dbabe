#!/usr/bin/env node
import type { Command } from './command.js';

// Each subcommand lives in its own module, loaded only when used so that `classify` does not pay
// for DuckDB or Kafka start-up.
const commands: Record<string, () => Promise<{ command: Command }>> = {
  serve: () => import('./commands/serve.js'),
  collector: () => import('./commands/collector.js'),
  analyzer: () => import('./commands/analyzer.js'),
  report: () => import('./commands/report.js'),
  reclassify: () => import('./commands/reclassify.js'),
  classify: () => import('./commands/classify.js'),
  analyze: () => import('./commands/analyze.js'),
  alerts: () => import('./commands/alerts.js'),
  rules: () => import('./commands/rules.js'),
  demo: () => import('./commands/demo.js'),
  doctor: () => import('./commands/doctor.js'),
};

async function help(): Promise<void> {
  const lines = ['Usage: claude-errors <command> [options]', '', 'Commands:'];
  for (const load of Object.values(commands)) {
    const { command } = await load();
    lines.push(`  ${command.name.padEnd(12)} ${command.summary}`);
  }
  lines.push('', 'Run `claude-errors <command> --help` for the options of one command.');
  process.stdout.write(lines.join('\n') + '\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    await help();
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`claude-errors: unknown command '${name}'. Run 'claude-errors --help' for the list.\n`);
    return 2;
  }
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const e = err as { code?: string; message?: string };
    process.stderr.write(`claude-errors: ${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}\n`);
    // A bad flag or variable is a usage error (2), like an unknown command; anything else is 1.
    process.exitCode = e.code === 'CE_ERR_CONFIG_INVALID' ? 2 : 1;
  },
);
