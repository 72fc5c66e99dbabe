import { CompressionTypes, Partitioners, type Kafka, type Producer } from 'kafkajs';
import { isRetriableKafkaError } from '../../kafka/index.js';
import { releaseBuffer } from '../../kafka/release.js';
import { kafkaRejected, kafkaUnavailable } from './errors.js';
import { messagesOf, type EncodedRecords, type KeyedMessage } from './messages.js';
import type { ResolvedExporterOptions } from './options.js';
import { isTooLargeError, splitByBytes } from './requests.js';
import { SendQueue } from './send-queue.js';

/** The exporter's compression setting as kafkajs' codec id. */
const CODECS = { gzip: CompressionTypes.GZIP, zstd: CompressionTypes.ZSTD, none: CompressionTypes.None } as const;

/** What a lane reports to its exporter: counters and the broker's availability. */
export interface LaneEvents {
  counters: { sentRecords: number; sentMessages: number; sentBatches: number; sentRequests: number; splitRequests: number; failedSends: number; replacedSessions: number };
  /** A send failed for a reason a retry can cure, or a caller's deadline passed. */
  unavailable(): void;
  /** A send was acknowledged. */
  available(): void;
}

/**
 * One idempotent producer and the batches it sends, one at a time.
 *
 * kafkajs' idempotent producer gives each send() its own sequence numbers, and two send() calls in
 * flight on one producer can reach the broker out of order (OUT_OF_ORDER_SEQUENCE_NUMBER, lost or
 * reordered batches: tulios/kafkajs#598). So a lane keeps ONE send in flight; the exporter gets
 * several sends in flight by running several lanes, each owning a fixed set of partitions (see
 * `partitionOf`): sequence numbers are per producer and partition, so lanes never share a sequence,
 * and a key always goes through the same lane, in the order the collector accepted it.
 */
export class ProducerLane {
  readonly queue: SendQueue<EncodedRecords>;
  private producer: Producer;
  /** Set after a failed send: the idempotent session is replaced before the next send. */
  private sessionSuspect = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly opts: ResolvedExporterOptions,
    private readonly partitionOf: (key: string) => number,
    private readonly events: LaneEvents,
  ) {
    this.producer = this.newProducer();
    this.queue = new SendQueue<EncodedRecords>((parts) => this.produce(parts), {
      lingerMs: opts.lingerMs,
      maxBatchRecords: opts.maxBatchRecords,
      timeoutMs: opts.sendTimeoutMs,
      onTimeout: () => {
        events.unavailable();
        return kafkaUnavailable(`no acknowledgement within ${opts.sendTimeoutMs} ms`, opts.retryAfterSeconds);
      },
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect().catch(() => {});
  }

  /**
   * Sends one batch (the encoded records of the consume() calls it coalesced) as produce requests of at most `maxRequestBytes`, one after another. If a
   * request fails, the batch's callers get the error and resend; records of requests already
   * acknowledged then arrive twice and the analyzer's dedupe key drops them.
   */
  private async produce(parts: EncodedRecords[]): Promise<void> {
    const messages = messagesOf(parts, this.opts.maxMessageBytes);
    // The values are copies: the accepted bytes are not read again (a failed batch is resent by
    // its callers, encoded anew), so their memory goes back now (kafka/release.ts says why).
    for (const part of parts) for (const group of part.groups) releaseBuffer(group.bytes);
    for (const request of splitByBytes(messages, this.opts.maxRequestBytes)) await this.sendRequest(request);
    // Acknowledged: kafkajs is done with the values (it retries only inside send()). After a
    // failure they are left to the garbage collector.
    for (const m of messages) releaseBuffer(m.value);
    let records = 0;
    for (const part of parts) records += part.records;
    this.events.counters.sentRecords += records;
    this.events.counters.sentBatches++;
    this.events.available();
  }

  /**
   * The idempotent producer: one session (producer id and per-partition sequence numbers) until a
   * send fails. kafkajs advances a partition's sequence only when a send succeeds, so after a send
   * the broker did write but whose answer was lost (a broker stopping mid-request), the next batch
   * — other records — would reuse those sequence numbers; the broker takes it for a duplicate,
   * answers success and keeps nothing. So a failed send ends the session: the next send first
   * replaces the producer (a new producer id, sequences from 0). The failed batch's callers got an
   * error and resend; what the broker had kept of it arrives twice and the analyzer's dedupe key
   * drops the copy. Found by test/e2e/fault-broker-outage.test.ts.
   */
  private newProducer(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Unlimited retries keep the sequence numbers valid while kafkajs retries one send;
      // callers are bounded by sendTimeoutMs instead.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 2_000 },
    });
  }

  /** Before a send: a new idempotent session if the last send failed (see newProducer). */
  private async freshSession(): Promise<void> {
    if (!this.sessionSuspect) return;
    await this.producer.disconnect().catch(() => {});
    const next = this.newProducer();
    await next.connect(); // throws while the broker is down: the send fails and we try again next time
    this.producer = next;
    this.sessionSuspect = false;
    this.events.counters.replacedSessions++;
  }

  /** A request the broker finds too large (its limits may be below our defaults) is halved and resent. */
  private async sendRequest(messages: KeyedMessage[]): Promise<void> {
    try {
      await this.freshSession();
      await this.producer.send({
        topic: this.opts.topic,
        acks: -1,
        compression: CODECS[this.opts.compression],
        messages: messages.map((m) => ({ key: m.key, value: m.value, partition: this.partitionOf(m.key) })),
      });
    } catch (err) {
      if (messages.length > 1 && isTooLargeError(err)) {
        this.events.counters.splitRequests++;
        const half = Math.ceil(messages.length / 2);
        await this.sendRequest(messages.slice(0, half));
        await this.sendRequest(messages.slice(half));
        return;
      }
      this.events.counters.failedSends++;
      this.sessionSuspect = true;
      if (!isRetriableKafkaError(err)) throw kafkaRejected(String(err), err);
      this.events.unavailable();
      throw kafkaUnavailable(String(err), this.opts.retryAfterSeconds, err);
    }
    this.events.counters.sentRequests++;
    this.events.counters.sentMessages += messages.length;
  }
}

/**
 * The partition of a key, as kafkajs' DefaultPartitioner (Java-compatible murmur2) computes it for
 * a topic of `partitions` partitions: keys land where the collector's single producer put them
 * before lanes existed. Memoized: a deployment has few (service, model) keys.
 */
export function keyPartitioner(partitions: number): (key: string) => number {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 0, replicas: [0], isr: [0], partitionErrorCode: 0 }));
  const memo = new Map<string, number>();
  return (key) => {
    let p = memo.get(key);
    if (p === undefined) {
      p = partitioner({ topic: '', partitionMetadata, message: { key, value: null } });
      if (memo.size < 100_000) memo.set(key, p);
    }
    return p;
  };
}
