import type { Command } from '../command.js';

// Placeholder: this subcommand is not built yet.
export const command: Command = {
  name: 'rules',
  summary: '(not implemented yet)',
  usage: 'claude-errors rules',
  async run() {
    process.stderr.write('claude-errors rules: not implemented yet\n');
    return 2;
  },
};
