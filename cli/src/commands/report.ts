import type { Command } from '../command.js';

// Placeholder: this subcommand is not built yet.
export const command: Command = {
  name: 'report',
  summary: '(not implemented yet)',
  usage: 'claude-errors report',
  async run() {
    process.stderr.write('claude-errors report: not implemented yet\n');
    return 2;
  },
};
