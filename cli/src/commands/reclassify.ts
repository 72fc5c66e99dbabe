import type { Command } from '../command.js';

// Placeholder: this subcommand is not built yet.
export const command: Command = {
  name: 'reclassify',
  summary: '(not implemented yet)',
  usage: 'claude-errors reclassify',
  async run() {
    process.stderr.write('claude-errors reclassify: not implemented yet\n');
    return 2;
  },
};
