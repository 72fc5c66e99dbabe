import { CeError } from '@claude-errors/schemas';

/** Error codes of the Kafka receiver (documented in docs/errors.md). */
export const KafkaReceiverErrorCodes = {
  /** The broker cannot be reached at start, or the group never assigned partitions in time. */
  KAFKA_UNAVAILABLE: 'CE_ERR_KAFKA_UNAVAILABLE',
} as const;

export function receiverUnavailable(detail: string, cause?: unknown): CeError {
  return new CeError(KafkaReceiverErrorCodes.KAFKA_UNAVAILABLE, `Kafka is unavailable: ${detail}`, {
    retryable: true,
    statusCode: 503,
    retryAfterSeconds: 5,
    cause,
  });
}
