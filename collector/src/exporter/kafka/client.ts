import { Kafka, logLevel, type logCreator } from 'kafkajs';
import type { ExporterLogger } from './options.js';

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

/** kafkajs errors carry `retriable`; connection failures and timeouts are retriable. */
export function isRetriableKafkaError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return true;
  const e = err as { retriable?: unknown; name?: unknown; originalError?: unknown };
  if (e.name === 'KafkaJSNumberOfRetriesExceeded' && e.originalError !== undefined) return isRetriableKafkaError(e.originalError);
  return e.retriable !== false;
}
