export { Analyzer, type AnalyzerOptions } from './analyzer.js';
export { Ingest, classifyRecord, type RecordObserver, type IngestStats } from './ingest.js';
export type { IngestSink, ConsumedOffset, DeadLetter } from './ingest-sink.js';
export { RecordStore } from './store/record-store.js';
export { EmbeddedReceiver, type BatchQueue } from './receiver/embedded/receiver.js';
export { buildAnalyzerApp } from './api/app.js';
export { parseTime, parseDuration, parseRange } from './api/time-range.js';
export { ErrorCodes as AnalyzerErrorCodes } from './errors.js';
export * from './processor/classify/index.js';
