// The Kafka pieces the collector's exporter, the analyzer's receiver and the CLI share: one
// kafkajs client factory, its codecs and checksum, its log bridge, the retriable-error judgement and the option checks.
// kafkajs stays behind the exporter's and the receiver's own interfaces (docs/kafka.md).
export { createKafka, type KafkaClientOptions } from './client.js';
export { useKafkaCodecs } from './codecs.js';
export { useKafkaChecksum } from './checksum.js';
export { bridgeLogs } from './log-bridge.js';
export type { KafkaLogger } from './logger.js';
export { checkBrokers, checkTopic, isBrokerAddress, nonNegativeInt, parseBrokerList } from './options.js';
export { isRetriableKafkaError } from './retriable.js';
