import type { Command } from '../command.js';

// Placeholder: this subcommand is not built yet.
export const command: Command = {
  name: 'classify',
  summary: '(not implemented yet)',
  usage: 'claude-errors classify',
  async run() {
    process.stderr.write('claude-errors classify: not implemented yet\n');
    return 2;
  },
};
