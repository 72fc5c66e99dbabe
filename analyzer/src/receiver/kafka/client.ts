import { Kafka, logLevel, type logCreator } from 'kafkajs';
import type { ReceiverLogger } from './options.js';

const REPEAT_WINDOW_MS = 10_000;

/** kafkajs WARN/ERROR lines to our logger, each distinct message at most once per 10 s. */
function bridgeLogs(logger: ReceiverLogger | undefined): logCreator {
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

export function createKafka(brokers: string[], clientId: string, logger: ReceiverLogger | undefined): Kafka {
  return new Kafka({
    brokers,
    clientId,
    logLevel: logLevel.WARN,
    logCreator: bridgeLogs(logger),
    connectionTimeout: 3_000,
    retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 5_000 },
  });
}
