import { CeError } from '@claude-errors/schemas';

/** Error codes of the Kafka exporter (documented in docs/errors.md). */
export const KafkaExporterErrorCodes = {
  /** The broker cannot be reached or did not acknowledge in time. Retry later (HTTP 503). */
  KAFKA_UNAVAILABLE: 'CE_ERR_KAFKA_UNAVAILABLE',
  /** The exporter's bounded pending queue is full. Retry later (HTTP 429). */
  EXPORTER_BUSY: 'CE_ERR_EXPORTER_BUSY',
  /** The broker refused the batch for good (e.g. a record over message.max.bytes). Not retried (HTTP 500). */
  KAFKA_REJECTED: 'CE_ERR_KAFKA_REJECTED',
  /** consume() after shutdown() began, or before start() finished (HTTP 503). */
  EXPORTER_STOPPED: 'CE_ERR_EXPORTER_STOPPED',
} as const;

export function kafkaUnavailable(detail: string, retryAfterSeconds: number, cause?: unknown): CeError {
  return new CeError(KafkaExporterErrorCodes.KAFKA_UNAVAILABLE, `Kafka is unavailable: ${detail}`, {
    retryable: true,
    statusCode: 503,
    retryAfterSeconds,
    cause,
  });
}

export function exporterBusy(pending: number, limit: number, retryAfterSeconds: number): CeError {
  return new CeError(
    KafkaExporterErrorCodes.EXPORTER_BUSY,
    `Kafka exporter queue is full (${pending} records pending, limit ${limit}); retry later`,
    { retryable: true, statusCode: 429, retryAfterSeconds },
  );
}

export function exporterStopped(state: string): CeError {
  return new CeError(KafkaExporterErrorCodes.EXPORTER_STOPPED, `Kafka exporter is ${state}; not accepting records`, {
    retryable: true,
    statusCode: 503,
    retryAfterSeconds: 1,
  });
}

export function kafkaRejected(detail: string, cause?: unknown): CeError {
  return new CeError(KafkaExporterErrorCodes.KAFKA_REJECTED, `Kafka refused the batch: ${detail}`, {
    retryable: false,
    statusCode: 500,
    cause,
  });
}
