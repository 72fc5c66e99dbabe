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
