// Reads what an analyzer stored in its DuckDB file (read-only) and prints it as one JSON line.
// Run as a child process by fault-load.ts, so a native failure in DuckDB fails the test that
// asked, with its message, instead of taking down the test worker.
//   node test/e2e/read-store.mjs <duckdb file> <topic>
import { DuckDBInstance } from '@duckdb/node-api';

const [file, topic] = process.argv.slice(2);
const db = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
const conn = await db.connect();
const rows = async (sql, params = []) => (await conn.runAndReadAll(sql, params)).getRows();
const out = {
  keys: (await rows('SELECT trace_id, span_id, attempt FROM records')).map((r) => `${r[0]}:${r[1]}:${r[2]}`),
  distinct: Number((await rows('SELECT count(*) FROM (SELECT DISTINCT trace_id, span_id, attempt FROM records)'))[0][0]),
  deadLetters: Number((await rows('SELECT count(*) FROM dead_letters'))[0][0]),
  offsets: (await rows('SELECT "partition", next_offset::VARCHAR FROM kafka_offsets WHERE topic = $1', [topic])).map((r) => [Number(r[0]), String(r[1])]),
};
conn.closeSync();
db.closeSync();
process.stdout.write(`${JSON.stringify(out)}\n`);
