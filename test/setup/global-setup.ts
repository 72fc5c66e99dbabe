// vitest globalSetup: starts one real Kafka broker for the whole run (see test/kafka/ and
// docs/kafka.md) and hands its address to tests as inject('kafkaBrokers'). With KAFKA_BROKERS set
// (comma-separated), that cluster is used instead and nothing is started.
import type { TestProject } from 'vitest/node';
import { startBroker, type KafkaBroker } from '../kafka/broker.js';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string[];
  }
}

export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  const external = process.env['KAFKA_BROKERS']?.trim();
  if (external) {
    provide('kafkaBrokers', external.split(',').map((b) => b.trim()).filter(Boolean));
    return async () => {};
  }
  const started = Date.now();
  const broker: KafkaBroker = await startBroker();
  console.log(`[global-setup] Kafka ${broker.brokers.join(',')} ready in ${Date.now() - started} ms (log: ${broker.logFile})`);
  provide('kafkaBrokers', broker.brokers);
  return () => broker.stop();
}
