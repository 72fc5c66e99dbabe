import type { Admin, Kafka } from 'kafkajs';
import type { ErrorRecord, Exporter } from '@claude-errors/schemas';
import { createKafka, useKafkaCodecs } from '../../kafka/index.js';
import type { EncodedConsumer } from '../encoded.js';
import { exporterBusy, exporterStopped, kafkaUnavailable } from './errors.js';
import { keyPartitioner, ProducerLane, type LaneEvents } from './lane.js';
import { encodeRecords, messageKey, type EncodedRecords } from './messages.js';
import { resolveExporterOptions, type KafkaExporterOptions, type ResolvedExporterOptions } from './options.js';

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
  /** Idempotent producer sessions replaced after a failed send (see newProducer in lane.ts). */
  replacedSessions: number;
  /** Produce requests that failed (records stay with their callers, who got an error). */
  failedSends: number;
  /** Records refused at consume() because the queue was full or Kafka unavailable. */
  refusedRecords: number;
  pendingRecords: number;
  inFlightRecords: number;
  available: boolean;
};

/** kafkajs' retries of a failed connect or metadata request before it gives up (see createKafka). */
const CLIENT_RETRY = { retries: 5, maxRetryTime: 2_000 };

type State = 'new' | 'starting' | 'running' | 'stopping' | 'stopped';

/**
 * Produces accepted records to Kafka with kafkajs.
 *
 * - Idempotent producers, acks=-1: a consume() resolves only after every replica in sync wrote all
 *   of its records.
 * - Sends in flight: one per lane (`lanes`, default 1, at most one per partition): each lane is an
 *   idempotent producer with one send in flight that owns the partitions p with p mod lanes = its
 *   index (lane.ts says why one producer cannot have two). Concurrent consume() calls are coalesced
 *   per lane by SendQueue into one send (after `lingerMs`, or at once when `maxBatchRecords` are
 *   waiting); a lane's next send starts only when its previous one settled. A consume() whose
 *   records span lanes resolves when every lane acknowledged its part.
 * - Message key `${service}\0${model}` (see messages.ts), partition by kafkajs' default (murmur2)
 *   partitioner; value: JSON array of the records, encoded in consume() (messages.ts: the queue
 *   holds bytes, not record objects).
 * - Bounded: at most `maxPendingRecords` wait behind the sends in flight, beyond that
 *   CE_ERR_EXPORTER_BUSY (429). A send not acknowledged within `sendTimeoutMs` answers
 *   CE_ERR_KAFKA_UNAVAILABLE (503); while a send is still retrying, new records are refused at
 *   once with the same code instead of piling up.
 */
export class KafkaExporter implements Exporter, EncodedConsumer {
  readonly name = 'kafka';
  private readonly opts: ResolvedExporterOptions;
  private readonly kafka: Kafka;
  private readonly admin: Admin;
  private lanes: ProducerLane[] = [];
  /** service -> model -> lane index: a record's lane without building its key again. */
  private readonly laneMemo = new Map<string, Map<string, number>>();
  private laneOfKey: (key: string) => number = () => 0;
  private state: State = 'new';
  private unavailableSince: number | undefined;
  private readonly counters = { sentRecords: 0, sentMessages: 0, sentBatches: 0, sentRequests: 0, splitRequests: 0, failedSends: 0, refusedRecords: 0, replacedSessions: 0 };
  private readonly events: LaneEvents = {
    counters: this.counters,
    unavailable: () => this.markUnavailable(),
    available: () => this.markAvailable(),
  };

  constructor(options: KafkaExporterOptions) {
    this.opts = resolveExporterOptions(options);
    this.kafka = createKafka({ brokers: this.opts.brokers, clientId: this.opts.clientId, logger: this.opts.logger, retry: CLIENT_RETRY });
    if (this.opts.compression === 'gzip') useKafkaCodecs(this.opts.gzipLevel);
    this.admin = this.kafka.admin();
  }

  /** Creates the topic if missing and connects one producer per lane. Rejects with CE_ERR_KAFKA_UNAVAILABLE. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`kafka exporter cannot start from state ${this.state}`);
    this.state = 'starting';
    try {
      const partitions = await this.ensureTopic();
      const partitionOf = keyPartitioner(partitions);
      const laneCount = Math.max(1, Math.min(partitions, this.opts.lanes));
      this.laneOfKey = (key) => partitionOf(key) % laneCount;
      this.lanes = Array.from({ length: laneCount }, () => new ProducerLane(this.kafka, this.opts, partitionOf, this.events));
      await Promise.all(this.lanes.map((lane) => lane.connect()));
    } catch (err) {
      this.state = 'new';
      await Promise.all(this.lanes.map((lane) => lane.disconnect()));
      this.lanes = [];
      throw kafkaUnavailable(`cannot reach ${this.opts.brokers.join(',')}: ${String(err)}`, this.opts.retryAfterSeconds, err);
    }
    this.state = 'running';
    this.opts.logger?.info({ brokers: this.opts.brokers, topic: this.opts.topic, lanes: this.lanes.length }, 'kafka exporter started');
  }

  /** The topic's partition count, creating the topic first if it is missing. */
  private async ensureTopic(): Promise<number> {
    await this.admin.connect();
    try {
      const topic: { topic: string; numPartitions: number; replicationFactor?: number } = {
        topic: this.opts.topic,
        numPartitions: this.opts.partitions,
      };
      if (this.opts.replicationFactor !== undefined) topic.replicationFactor = this.opts.replicationFactor;
      const existing = await this.admin.listTopics();
      if (!existing.includes(this.opts.topic)) await this.admin.createTopics({ topics: [topic], waitForLeaders: true });
      const meta = await this.admin.fetchTopicMetadata({ topics: [this.opts.topic] });
      return meta.topics[0]?.partitions.length || this.opts.partitions;
    } finally {
      await this.admin.disconnect();
    }
  }

  consume(records: ErrorRecord[]): Promise<void> {
    const refused = this.admit(records.length);
    if (refused !== undefined || records.length === 0) return refused ?? Promise.resolve();
    // Encoded here, in the request that made the records: the queue holds their bytes only.
    if (this.lanes.length === 1) return this.lanes[0]!.queue.enqueue(encodeRecords(records));
    return this.enqueueParts(this.byLane(records).map((part) => (part.length > 0 ? encodeRecords(part) : undefined)));
  }

  /**
   * consume() of records a decode thread already encoded (encodeRecords): the same admission,
   * lanes and answers. A lane's part holds the groups of its keys in the order given, the very
   * groups consume() would have encoded for that lane's records.
   */
  consumeEncoded(encoded: EncodedRecords): Promise<void> {
    const refused = this.admit(encoded.records);
    if (refused !== undefined || encoded.records === 0) return refused ?? Promise.resolve();
    if (this.lanes.length === 1) return this.lanes[0]!.queue.enqueue(encoded);
    const parts: EncodedRecords[] = this.lanes.map(() => ({ groups: [], records: 0 }));
    for (const group of encoded.groups) {
      const part = parts[this.laneOfKey(group.key)]!;
      part.groups.push(group);
      part.records += group.ends.length;
    }
    return this.enqueueParts(parts.map((part) => (part.records > 0 ? part : undefined)));
  }

  /** A rejection when `count` records cannot be taken now (stopped, broker unavailable, queue full); undefined when they can. */
  private admit(count: number): Promise<void> | undefined {
    if (this.state !== 'running') return Promise.reject(exporterStopped(this.state));
    if (count === 0) return undefined;
    if (this.unavailableSince !== undefined && this.lanes.some((lane) => lane.queue.sending)) {
      this.counters.refusedRecords += count;
      const secs = Math.round((Date.now() - this.unavailableSince) / 1000);
      return Promise.reject(kafkaUnavailable(`broker has not acknowledged for ${secs} s`, this.opts.retryAfterSeconds));
    }
    const pending = this.pendingRecords();
    if (pending > 0 && pending + count > this.opts.maxPendingRecords) {
      this.counters.refusedRecords += count;
      return Promise.reject(exporterBusy(pending, this.opts.maxPendingRecords, 1));
    }
    return undefined;
  }

  /** Each lane's part (undefined: none) into its queue; resolves when every lane acknowledged its part. */
  private enqueueParts(parts: readonly (EncodedRecords | undefined)[]): Promise<void> {
    const sends: Promise<void>[] = [];
    parts.forEach((part, i) => {
      if (part !== undefined) sends.push(this.lanes[i]!.queue.enqueue(part));
    });
    return sends.length === 1 ? sends[0]! : Promise.all(sends).then(() => undefined);
  }

  /** Records split by lane, each part in accept order. */
  private byLane(records: readonly ErrorRecord[]): ErrorRecord[][] {
    const parts: ErrorRecord[][] = this.lanes.map(() => []);
    for (const record of records) {
      let byModel = this.laneMemo.get(record.service);
      if (!byModel) this.laneMemo.set(record.service, (byModel = new Map()));
      const model = record.model ?? '';
      let lane = byModel.get(model);
      if (lane === undefined) {
        lane = this.laneOfKey(messageKey(record));
        if (byModel.size < 10_000) byModel.set(model, lane);
      }
      parts[lane]!.push(record);
    }
    return parts;
  }

  private pendingRecords(): number {
    let n = 0;
    for (const lane of this.lanes) n += lane.queue.pendingRecords;
    return n;
  }

  private markUnavailable(): void {
    if (this.unavailableSince !== undefined) return;
    this.unavailableSince = Date.now();
    this.opts.logger?.warn({ brokers: this.opts.brokers }, 'kafka exporter: broker unavailable');
  }

  private markAvailable(): void {
    if (this.unavailableSince === undefined) return;
    this.opts.logger?.info({ downMs: Date.now() - this.unavailableSince }, 'kafka exporter recovered');
    this.unavailableSince = undefined;
  }

  ready(): boolean {
    return this.state === 'running' && this.unavailableSince === undefined;
  }

  stats(): KafkaExporterStats {
    let inFlight = 0;
    for (const lane of this.lanes) inFlight += lane.queue.inFlightRecords;
    return { ...this.counters, pendingRecords: this.pendingRecords(), inFlightRecords: inFlight, available: this.ready() };
  }

  /** Stops accepting, waits (at most sendTimeoutMs) for queued and in-flight records, disconnects. */
  async shutdown(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    const wasRunning = this.state === 'running';
    this.state = 'stopping';
    if (wasRunning) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((r) => (timer = setTimeout(r, this.opts.sendTimeoutMs)));
      await Promise.race([Promise.all(this.lanes.map((lane) => lane.queue.idle())), deadline]);
      clearTimeout(timer);
    }
    await Promise.all(this.lanes.map((lane) => lane.disconnect()));
    this.state = 'stopped';
  }
}
