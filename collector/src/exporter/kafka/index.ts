export { KafkaExporter, type KafkaExporterStats } from './exporter.js';
export { KafkaExporterErrorCodes } from './errors.js';
export { messageKey } from './messages.js';
export type { KafkaExporterOptions, ExporterLogger } from './options.js';
