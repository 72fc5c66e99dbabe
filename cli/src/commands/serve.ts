import type { Command } from '../command.js';

// Placeholder: this subcommand is not built yet.
export const command: Command = {
  name: 'serve',
  summary: '(not implemented yet)',
  usage: 'claude-errors serve',
  async run() {
    process.stderr.write('claude-errors serve: not implemented yet\n');
    return 2;
  },
};
