import type { Command } from '../command.js';

// Placeholder: this subcommand is not built yet.
export const command: Command = {
  name: 'alerts',
  summary: '(not implemented yet)',
  usage: 'claude-errors alerts',
  async run() {
    process.stderr.write('claude-errors alerts: not implemented yet\n');
    return 2;
  },
};
