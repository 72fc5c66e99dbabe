import type { CeError } from '@claude-errors/schemas';
import { analyzerError } from '../../errors.js';

/** Error codes of the Kafka receiver (documented in docs/errors.md). */
export const KafkaReceiverErrorCodes = {
  /** The broker cannot be reached at start, or the group never assigned partitions in time. */
  KAFKA_UNAVAILABLE: 'CE_ERR_KAFKA_UNAVAILABLE',
} as const;

export function receiverUnavailable(detail: string, cause?: unknown): CeError {
  return analyzerError('unavailable', KafkaReceiverErrorCodes.KAFKA_UNAVAILABLE, `Kafka is unavailable: ${detail}`, { retryAfterSeconds: 5, cause });
}
