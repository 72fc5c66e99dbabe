import type { Command } from '../command.js';

// Placeholder: this subcommand is not built yet.
export const command: Command = {
  name: 'collector',
  summary: '(not implemented yet)',
  usage: 'claude-errors collector',
  async run() {
    process.stderr.write('claude-errors collector: not implemented yet\n');
    return 2;
  },
};
