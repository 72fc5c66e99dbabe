export { Collector, type CollectorOptions } from './collector.js';
export { buildCollectorApp, type CollectorAppOptions } from './app.js';
export { EmbeddedQueue, type QueuedBatch, type EmbeddedQueueOptions } from './exporter/embedded/queue.js';
export { ErrorCodes as CollectorErrorCodes } from './errors.js';
export { mapResourceSpans } from './processor/map/map-spans.js';
export { redactRecord, redactString } from './processor/redact/redact.js';
export { decodeTracesProtobuf } from './receiver/otlp-http/decode-protobuf.js';
export { KafkaExporter, KafkaExporterErrorCodes, messageKey, type KafkaExporterOptions, type KafkaExporterStats } from './exporter/kafka/index.js';
