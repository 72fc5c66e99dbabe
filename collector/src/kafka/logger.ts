/** Minimal structured logger of the Kafka components (pino satisfies it). */
export interface KafkaLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
