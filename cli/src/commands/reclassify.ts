import { parseArgs } from 'node:util';
import { RecordStore, reclassifyStored } from '@claude-errors/analyzer';
import type { Command } from '../command.js';

export const command: Command = {
  name: 'reclassify',
  summary: 'Re-run the classifier over stored errors after a catalog change',
  usage: `Usage: claude-errors reclassify [--data ./data] [--json]

Re-classifies every stored error row against the current catalog, in one transaction.
The DuckDB file must not be open in a running analyzer (stop it first).
  --data <dir>   folder of claude-errors.duckdb (env CE_DATA, default ./data)
  --json         print the result as JSON`,
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { data: { type: 'string' }, json: { type: 'boolean' } }, strict: true });
    const store = new RecordStore({ dataDir: values.data ?? process.env.CE_DATA ?? './data' });
    try {
      await store.start();
    } catch (err) {
      const msg = (err as Error).message;
      throw new Error(/lock/i.test(msg) ? `${store.path} is in use by a running analyzer; stop it and run reclassify again (${msg})` : msg);
    }
    try {
      const result = await reclassifyStored(await store.connect());
      if (values.json) process.stdout.write(JSON.stringify(result) + '\n');
      else {
        process.stdout.write(`scanned ${result.scanned} error rows in ${store.path}; ${result.changed} changed\n`);
        for (const [move, n] of Object.entries(result.moves).sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${String(n).padStart(8)}  ${move}\n`);
      }
      return 0;
    } finally {
      await store.shutdown();
    }
  },
};
