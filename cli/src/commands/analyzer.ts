import type { Command } from '../command.js';

// Placeholder: this subcommand is not built yet.
export const command: Command = {
  name: 'analyzer',
  summary: '(not implemented yet)',
  usage: 'claude-errors analyzer',
  async run() {
    process.stderr.write('claude-errors analyzer: not implemented yet\n');
    return 2;
  },
};
