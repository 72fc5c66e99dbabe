import type { Command } from '../command.js';

// Placeholder: this subcommand is not built yet.
export const command: Command = {
  name: 'analyze',
  summary: '(not implemented yet)',
  usage: 'claude-errors analyze',
  async run() {
    process.stderr.write('claude-errors analyze: not implemented yet\n');
    return 2;
  },
};
