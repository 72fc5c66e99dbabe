import type { CeError } from '@claude-errors/schemas';
import { collectorError } from '../../errors.js';

/** Error codes of the Kafka exporter (documented in docs/errors.md). */
export const KafkaExporterErrorCodes = {
  /** The broker cannot be reached or did not acknowledge in time. Retry later (`unavailable`). */
  KAFKA_UNAVAILABLE: 'CE_ERR_KAFKA_UNAVAILABLE',
  /** The exporter's bounded pending queue is full. Retry later (`throttled`). */
  EXPORTER_BUSY: 'CE_ERR_EXPORTER_BUSY',
  /** The broker refused the batch for good (e.g. a record over message.max.bytes). Not retried (`internal`). */
  KAFKA_REJECTED: 'CE_ERR_KAFKA_REJECTED',
  /** consume() after shutdown() began, or before start() finished (`unavailable`). */
  EXPORTER_STOPPED: 'CE_ERR_EXPORTER_STOPPED',
} as const;

export function kafkaUnavailable(detail: string, retryAfterSeconds: number, cause?: unknown): CeError {
  return collectorError('unavailable', KafkaExporterErrorCodes.KAFKA_UNAVAILABLE, `Kafka is unavailable: ${detail}`, { retryAfterSeconds, cause });
}

export function exporterBusy(pending: number, limit: number, retryAfterSeconds: number): CeError {
  return collectorError('throttled', KafkaExporterErrorCodes.EXPORTER_BUSY, `Kafka exporter queue is full (${pending} records pending, limit ${limit}); retry later`, { retryAfterSeconds });
}

export function exporterStopped(state: string): CeError {
  return collectorError('unavailable', KafkaExporterErrorCodes.EXPORTER_STOPPED, `Kafka exporter is ${state}; not accepting records`, { retryAfterSeconds: 1 });
}

export function kafkaRejected(detail: string, cause?: unknown): CeError {
  return collectorError('internal', KafkaExporterErrorCodes.KAFKA_REJECTED, `Kafka refused the batch: ${detail}`, { cause });
}
