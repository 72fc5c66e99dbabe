import { promisify } from 'node:util';
import { gzip, unzip, type InputType, type ZlibOptions } from 'node:zlib';
import kafkajs, { CompressionTypes, Kafka, logLevel, type logCreator } from 'kafkajs';
import type { ExporterLogger } from './options.js';

const gzipAsync = promisify<InputType, ZlibOptions, Buffer>(gzip);
const unzipAsync = promisify<InputType, Buffer>(unzip);

/**
 * kafkajs' gzip codec at a chosen zlib level. kafkajs' own codec uses zlib's default, level 6; on
 * the collector's JSON values level 1 costs 2.9 µs of CPU per span instead of 6.7 and compresses
 * 12.9× instead of 16.4× (docs/kafka.md). Both run on libuv's thread pool. kafkajs keeps one codec
 * table per process, so the last level set wins for every producer in it; decompression (the
 * analyzer's consumer) is the same at any level.
 */
export function useGzipLevel(level: number): void {
  // Through the default export: Node's CommonJS named-export detection does not find CompressionCodecs.
  kafkajs.CompressionCodecs[CompressionTypes.GZIP] = () => ({
    compress: (encoder: { buffer: Buffer }) => gzipAsync(encoder.buffer, { level }),
    decompress: (buffer: Buffer) => unzipAsync(buffer),
  });
}

const REPEAT_WINDOW_MS = 10_000;

/**
 * kafkajs log lines of level WARN and above go to our logger; the same message is logged at most
 * once per 10 s, since kafkajs logs every failed connection attempt while a broker is down.
 */
function bridgeLogs(logger: ExporterLogger | undefined): logCreator {
  const lastSeen = new Map<string, number>();
  return () => ({ namespace, level, log }) => {
    if (!logger || level > logLevel.WARN) return;
    const { message, timestamp: _t, logger: _l, ...rest } = log;
    const now = Date.now();
    const key = `${namespace}:${message}`;
    if ((lastSeen.get(key) ?? 0) > now - REPEAT_WINDOW_MS) return;
    if (lastSeen.size > 1000) lastSeen.clear();
    lastSeen.set(key, now);
    logger.warn({ kafkajs: namespace, ...rest }, message);
  };
}

export function createKafka(brokers: string[], clientId: string, logger: ExporterLogger | undefined): Kafka {
  return new Kafka({
    brokers,
    clientId,
    logLevel: logLevel.WARN,
    logCreator: bridgeLogs(logger),
    connectionTimeout: 3_000,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000 },
  });
}

/** kafkajs errors that only say a retrier gave up; the error that made it give up is their `cause`. */
const WRAPPERS = new Set(['KafkaJSNumberOfRetriesExceeded', 'KafkaJSNonRetriableError']);

/**
 * kafkajs errors carry `retriable`; connection failures and timeouts are retriable. When a retrier
 * gives up, kafkajs wraps the last error in KafkaJSNumberOfRetriesExceeded, and an outer retrier
 * wraps that again in KafkaJSNonRetriableError (`retriable: false`, the original error as `cause`):
 * a broker that stays down longer than the client's connect retries surfaces as a "non-retriable"
 * ECONNREFUSED. So wrappers are judged by their cause: down is retryable (503), refused is not.
 */
export function isRetriableKafkaError(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null) return true;
  const e = err as { retriable?: unknown; name?: unknown; cause?: unknown; originalError?: unknown };
  const inner = e.cause ?? e.originalError;
  if (typeof e.name === 'string' && WRAPPERS.has(e.name) && typeof inner === 'object' && inner !== null && inner !== err && depth < 5) {
    return isRetriableKafkaError(inner, depth + 1);
  }
  return e.retriable !== false;
}
