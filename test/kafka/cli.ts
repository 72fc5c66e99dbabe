/**
 * Starts a real single-node Kafka broker for local development and demos and keeps it running
 * until Ctrl-C:
 *
 *   npm run kafka:start                 # free ports, temp folder
 *   npm run kafka:start -- --port 9092  # fixed broker port
 */
import { parseArgs } from 'node:util';
import { startBroker, type BrokerOptions } from './broker.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'controller-port': { type: 'string' },
    dir: { type: 'string' },
    heap: { type: 'string' },
  },
});

function portOf(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`--${flag} must be a port number, got "${text}"`);
  return n;
}

const opts: BrokerOptions = {};
const broker = portOf('port', values.port);
const controller = portOf('controller-port', values['controller-port']);
if (broker !== undefined || controller !== undefined) {
  opts.ports = {};
  if (broker !== undefined) opts.ports.broker = broker;
  if (controller !== undefined) opts.ports.controller = controller;
}
if (values.dir !== undefined) opts.dir = values.dir;
if (values.heap !== undefined) opts.heap = values.heap;

const started = Date.now();
const kafka = await startBroker(opts);
console.log(`Kafka broker ready in ${Date.now() - started} ms: ${kafka.brokers.join(',')}`);
console.log(`log: ${kafka.logFile}`);
console.log('Ctrl-C stops it.');

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    void kafka.stop().then(() => process.exit(0));
  });
}
