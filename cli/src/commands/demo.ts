import type { Command } from '../command.js';

// Placeholder: this subcommand is not built yet.
export const command: Command = {
  name: 'demo',
  summary: '(not implemented yet)',
  usage: 'claude-errors demo',
  async run() {
    process.stderr.write('claude-errors demo: not implemented yet\n');
    return 2;
  },
};
