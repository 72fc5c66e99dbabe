export { scanPaths, type ScanOptions } from './scan.js';
export type { AnalyzeReport, EntryCount, UnknownPattern, ReadError, Sample } from './report.js';
export { LineScanner } from './line-scanner.js';
export { ReportBuilder } from './report.js';
export { forEachBlock } from './read-blocks.js';
