import { logLevel, type logCreator } from 'kafkajs';
import type { KafkaLogger } from './logger.js';

const REPEAT_WINDOW_MS = 10_000;

/**
 * kafkajs log lines of level WARN and above go to our logger; the same message is logged at most
 * once per 10 s, since kafkajs logs every failed connection attempt while a broker is down.
 */
export function bridgeLogs(logger: KafkaLogger | undefined): logCreator {
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
