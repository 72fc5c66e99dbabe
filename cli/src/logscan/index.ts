export { scanPaths, type ScanOptions } from './scan.js';
export type { AnalyzeReport, EntryCount, UnknownPattern, ReadError, Sample, SkippedPath } from './report.js';
export { LineScanner } from './line-scanner.js';
export { ReportBuilder } from './report.js';
export { forEachBlock, MAX_LINE_BYTES, type BlockOptions, type BlockStats } from './read-blocks.js';
