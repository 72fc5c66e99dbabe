// Deno and Bun: a script; arguments API_URL COLLECTOR_URL SERVICE BATCH_ID; prints the result as one JSON line.
import { runScenario } from './scenario.js';

const g = globalThis as unknown as {
  Deno?: { args: string[]; exit(code: number): never };
  process?: { argv: string[]; exit(code: number): never };
};
const args = g.Deno ? g.Deno.args : (g.process?.argv.slice(2) ?? []);
const exit = (code: number) => (g.Deno ? g.Deno.exit(code) : g.process?.exit(code));
try {
  const result = await runScenario({ apiUrl: args[0] ?? '', collectorUrl: args[1] ?? '', service: args[2] ?? 'edge-app', batchId: args[3] ?? '' });
  console.log(JSON.stringify(result));
  exit(0);
} catch (err) {
  console.error(String((err as Error)?.stack ?? err));
  exit(1);
}
