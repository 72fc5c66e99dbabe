import { CompressionTypes, Partitioners, type Admin, type Kafka, type Producer } from 'kafkajs';
import type { ErrorRecord, Exporter } from '@claude-errors/schemas';
import { createKafka, isRetriableKafkaError } from './client.js';
import { exporterBusy, exporterStopped, kafkaRejected, kafkaUnavailable } from './errors.js';
import { toMessages, type KeyedMessage } from './messages.js';
import { resolveExporterOptions, type KafkaExporterOptions, type ResolvedExporterOptions } from './options.js';
import { isTooLargeError, splitByBytes } from './requests.js';
import { SendQueue } from './send-queue.js';

// A type alias (not an interface) so it is assignable to Exporter.stats()'s record type.
export type KafkaExporterStats = {
  /** Records the broker acknowledged (acks=-1). */
  sentRecords: number;
  sentMessages: number;
  sentBatches: number;
  /** Produce requests acknowledged (a batch is split into requests of at most maxRequestBytes). */
  sentRequests: number;
  /** Requests the broker refused as too large and that were split in two and resent. */
  splitRequests: number;
  /** Idempotent producer sessions replaced after a failed send (see newProducer in exporter.ts). */
  replacedSessions: number;
  /** Produce requests that failed (records stay with their callers, who got an error). */
  failedSends: number;
  /** Records refused at consume() because the queue was full or Kafka unavailable. */
  refusedRecords: number;
  pendingRecords: number;
  inFlightRecords: number;
  available: boolean;
};

type State = 'new' | 'starting' | 'running' | 'stopping' | 'stopped';

/**
 * Produces accepted records to Kafka with kafkajs.
 *
 * - Idempotent producer, acks=-1: a consume() resolves only after every replica in sync wrote it.
 * - One produce request in flight at a time. kafkajs' idempotent producer assigns sequence numbers
 *   per send() call, and concurrent send() calls can reach the broker out of order
 *   (OUT_OF_ORDER_SEQUENCE_NUMBER, lost or reordered batches: tulios/kafkajs#598, partly addressed
 *   in tulios/kafkajs#1050). So concurrent consume() calls are coalesced by SendQueue into one
 *   send() (after `lingerMs`, or at once when `maxBatchRecords` are waiting) and the next send
 *   starts only when the previous settled.
 * - Message key `${service}\0${model}` (see messages.ts); value: JSON array of the records.
 * - Bounded: at most `maxPendingRecords` wait behind the in-flight batch, beyond that
 *   CE_ERR_EXPORTER_BUSY (429). A send not acknowledged within `sendTimeoutMs` answers
 *   CE_ERR_KAFKA_UNAVAILABLE (503); while that send is still retrying, new records are refused at
 *   once with the same code instead of piling up.
 */
export class KafkaExporter implements Exporter {
  readonly name = 'kafka';
  private readonly opts: ResolvedExporterOptions;
  private readonly kafka: Kafka;
  private producer: Producer;
  /** Set after a failed send: the idempotent session is replaced before the next send. */
  private sessionSuspect = false;
  private readonly admin: Admin;
  private readonly queue: SendQueue;
  private state: State = 'new';
  private unavailableSince: number | undefined;
  private readonly counters = { sentRecords: 0, sentMessages: 0, sentBatches: 0, sentRequests: 0, splitRequests: 0, failedSends: 0, refusedRecords: 0, replacedSessions: 0 };

  constructor(options: KafkaExporterOptions) {
    this.opts = resolveExporterOptions(options);
    const kafka = createKafka(this.opts.brokers, this.opts.clientId, this.opts.logger);
    this.kafka = kafka;
    this.admin = kafka.admin();
    this.producer = this.newProducer();
    this.queue = new SendQueue((records) => this.produce(records), {
      lingerMs: this.opts.lingerMs,
      maxBatchRecords: this.opts.maxBatchRecords,
      timeoutMs: this.opts.sendTimeoutMs,
      onTimeout: () => {
        this.markUnavailable();
        return kafkaUnavailable(`no acknowledgement within ${this.opts.sendTimeoutMs} ms`, this.opts.retryAfterSeconds);
      },
    });
  }

  /** Creates the topic if missing and connects the producer. Rejects with CE_ERR_KAFKA_UNAVAILABLE. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`kafka exporter cannot start from state ${this.state}`);
    this.state = 'starting';
    try {
      await this.ensureTopic();
      await this.producer.connect();
    } catch (err) {
      this.state = 'new';
      await this.producer.disconnect().catch(() => {});
      throw kafkaUnavailable(`cannot reach ${this.opts.brokers.join(',')}: ${String(err)}`, this.opts.retryAfterSeconds, err);
    }
    this.state = 'running';
    this.opts.logger?.info({ brokers: this.opts.brokers, topic: this.opts.topic }, 'kafka exporter started');
  }

  private async ensureTopic(): Promise<void> {
    await this.admin.connect();
    try {
      const topic: { topic: string; numPartitions: number; replicationFactor?: number } = {
        topic: this.opts.topic,
        numPartitions: this.opts.partitions,
      };
      if (this.opts.replicationFactor !== undefined) topic.replicationFactor = this.opts.replicationFactor;
      const existing = await this.admin.listTopics();
      if (!existing.includes(this.opts.topic)) await this.admin.createTopics({ topics: [topic], waitForLeaders: true });
    } finally {
      await this.admin.disconnect();
    }
  }

  consume(records: ErrorRecord[]): Promise<void> {
    if (this.state !== 'running') return Promise.reject(exporterStopped(this.state));
    if (records.length === 0) return Promise.resolve();
    if (this.unavailableSince !== undefined && this.queue.sending) {
      this.counters.refusedRecords += records.length;
      const secs = Math.round((Date.now() - this.unavailableSince) / 1000);
      return Promise.reject(kafkaUnavailable(`broker has not acknowledged for ${secs} s`, this.opts.retryAfterSeconds));
    }
    const pending = this.queue.pendingRecords;
    if (pending > 0 && pending + records.length > this.opts.maxPendingRecords) {
      this.counters.refusedRecords += records.length;
      return Promise.reject(exporterBusy(pending, this.opts.maxPendingRecords, 1));
    }
    return this.queue.enqueue(records);
  }

  /**
   * Sends one batch as produce requests of at most `maxRequestBytes`, one after another (still one
   * request in flight). If a request fails, the batch's callers get the error and resend; records
   * of requests already acknowledged then arrive twice and the analyzer's dedupe key drops them.
   */
  private async produce(records: ErrorRecord[]): Promise<void> {
    const messages = toMessages(records, this.opts.maxMessageBytes);
    for (const request of splitByBytes(messages, this.opts.maxRequestBytes)) await this.sendRequest(request);
    this.counters.sentRecords += records.length;
    this.counters.sentBatches++;
    if (this.unavailableSince !== undefined) {
      this.opts.logger?.info({ downMs: Date.now() - this.unavailableSince }, 'kafka exporter recovered');
      this.unavailableSince = undefined;
    }
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
      createPartitioner: Partitioners.DefaultPartitioner,
      // Unlimited retries keep the sequence numbers valid while kafkajs retries one send;
      // callers are bounded by sendTimeoutMs instead.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 2_000 },
    });
  }

  /** Before a send: a new idempotent session if the last send failed (see newProducer). */
  private async freshSession(): Promise<void> {
    if (!this.sessionSuspect) return;
    const old = this.producer;
    await old.disconnect().catch(() => {});
    const next = this.newProducer();
    await next.connect(); // throws while the broker is down: the send fails and we try again next time
    this.producer = next;
    this.sessionSuspect = false;
    this.counters.replacedSessions++;
  }

  /** A request the broker finds too large (its limits may be below our defaults) is halved and resent. */
  private async sendRequest(messages: KeyedMessage[]): Promise<void> {
    try {
      await this.freshSession();
      await this.producer.send({
        topic: this.opts.topic,
        acks: -1,
        compression: this.opts.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
        messages: messages.map((m) => ({ key: m.key, value: m.value })),
      });
    } catch (err) {
      if (messages.length > 1 && isTooLargeError(err)) {
        this.counters.splitRequests++;
        const half = Math.ceil(messages.length / 2);
        await this.sendRequest(messages.slice(0, half));
        await this.sendRequest(messages.slice(half));
        return;
      }
      this.counters.failedSends++;
      this.sessionSuspect = true;
      if (!isRetriableKafkaError(err)) throw kafkaRejected(String(err), err);
      this.markUnavailable();
      throw kafkaUnavailable(String(err), this.opts.retryAfterSeconds, err);
    }
    this.counters.sentRequests++;
    this.counters.sentMessages += messages.length;
  }

  private markUnavailable(): void {
    if (this.unavailableSince !== undefined) return;
    this.unavailableSince = Date.now();
    this.opts.logger?.warn({ brokers: this.opts.brokers }, 'kafka exporter: broker unavailable');
  }

  ready(): boolean {
    return this.state === 'running' && this.unavailableSince === undefined;
  }

  stats(): KafkaExporterStats {
    return {
      ...this.counters,
      pendingRecords: this.queue.pendingRecords,
      inFlightRecords: this.queue.inFlightRecords,
      available: this.ready(),
    };
  }

  /** Stops accepting, waits (at most sendTimeoutMs) for queued and in-flight records, disconnects. */
  async shutdown(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    const wasRunning = this.state === 'running';
    this.state = 'stopping';
    if (wasRunning) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((r) => (timer = setTimeout(r, this.opts.sendTimeoutMs)));
      await Promise.race([this.queue.idle(), deadline]);
      clearTimeout(timer);
    }
    await this.producer.disconnect().catch(() => {});
    this.state = 'stopped';
  }
}
