import type { Exporter } from '@claude-errors/schemas';
import type { EncodedRecords } from './kafka/messages.js';

/**
 * An exporter that also takes records already encoded in its own format (messages.ts'
 * EncodedRecords): the decode threads (receiver/otlp-http/decode-pool.ts) encode there and hand
 * back bytes only, so no record object crosses between threads. Same bounds, backpressure and
 * answers as consume().
 */
export interface EncodedConsumer {
  consumeEncoded(encoded: EncodedRecords): Promise<void>;
}

export function takesEncoded(exporter: Exporter): exporter is Exporter & EncodedConsumer {
  return typeof (exporter as Partial<EncodedConsumer>).consumeEncoded === 'function';
}
