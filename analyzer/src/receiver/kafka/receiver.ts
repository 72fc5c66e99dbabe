import type { Admin, Consumer, EachBatchPayload } from 'kafkajs';
import type { Component } from '@claude-errors/schemas';
import { createKafka } from '@claude-errors/collector/kafka';
import type { IngestSink } from '../../ingest-sink.js';
import { decodeMessages, type Decoded } from './decode.js';
import { receiverUnavailable } from './errors.js';
import { resolveReceiverOptions, type KafkaReceiverOptions, type ResolvedReceiverOptions } from './options.js';
import { PartitionLane, type Chunk } from './partition-lane.js';
import { resumeOffsets } from './positions.js';

/** kafkajs' retries of a failed connect, metadata or group request before it gives up (see createKafka). */
const CLIENT_RETRY = { retries: 8, maxRetryTime: 5_000 };

/** Partitions whose batches kafkajs hands over at once (each partition's chunks are stored in order). */
const PARTITIONS_IN_FLIGHT = 3;

export interface KafkaReceiverStats {
  /** Records handed to the sink and committed. */
  consumedRecords: number;
  consumedMessages: number;
  deadLetters: number;
  ingestBatches: number;
  /** Failed sink.ingest() calls (each retried; nothing skipped). */
  ingestFailures: number;
  /** Messages skipped because the store already held them (seen again after a rebalance). */
  skippedMessages: number;
  /** Messages behind the high watermark, summed over assigned partitions, as of the last batch. */
  lag: number;
  assignedPartitions: number[];
}

/**
 * Consumes the collector's topic as a consumer group and hands records to the IngestSink, which
 * stores rows, dead letters and the consumed offsets in one DuckDB transaction.
 *
 * - On every assignment the partitions are paused, positioned at the offsets the store holds
 *   (resumeOffsets) and resumed: a crash replays only what was not committed to DuckDB. Messages
 *   below the stored position are skipped even if a fetch raced the seek.
 * - Auto-commit is off; after each stored chunk the same offsets are committed to Kafka too, only
 *   so that Kafka tools show the group's progress.
 * - Undecodable messages and invalid records become dead letters and the partition moves on.
 * - Each partition's decoded chunks are stored in order by its lane (partition-lane.ts) while the
 *   next batch is fetched and decoded; the fetch waits when a partition has about
 *   maxIngestRecords records queued.
 * - A failing sink is retried with backoff; the stored offset does not advance and the lane's
 *   later chunks wait (the fetch side heartbeats meanwhile).
 * - On a new assignment, chunks not started are dropped and the one being stored finishes before
 *   the stored offsets are read.
 * - shutdown() lets the chunk being stored finish, then leaves the group.
 */
export class KafkaReceiver implements Component {
  private readonly opts: ResolvedReceiverOptions;
  private readonly consumer: Consumer;
  private readonly admin: Admin;
  /** Per partition: the next offset to hand to a lane (messages below it are skipped). */
  private readonly positions = new Map<number, string>();
  private readonly lanes = new Map<number, PartitionLane>();
  private readonly heartbeatMs: number;
  private readonly lags = new Map<number, number>();
  private assigned: number[] = [];
  private generation = 0;
  private stopping = false;
  private readonly wakers = new Set<() => void>();
  private readonly joined = deferred();
  private readonly counters = { consumedRecords: 0, consumedMessages: 0, deadLetters: 0, ingestBatches: 0, ingestFailures: 0, skippedMessages: 0 };

  constructor(options: KafkaReceiverOptions) {
    this.opts = resolveReceiverOptions(options);
    this.heartbeatMs = Math.max(100, Math.floor(this.opts.sessionTimeoutMs / 3));
    const kafka = createKafka({ brokers: this.opts.brokers, clientId: this.opts.clientId, logger: this.opts.logger, retry: CLIENT_RETRY });
    this.admin = kafka.admin();
    this.consumer = kafka.consumer({
      groupId: this.opts.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: this.opts.maxWaitTimeMs,
      sessionTimeout: this.opts.sessionTimeoutMs,
      heartbeatInterval: this.heartbeatMs,
    });
  }

  private get sink(): IngestSink {
    return this.opts.sink;
  }

  /** Connects, creates the topic if missing, joins the group and positions the assigned partitions. */
  async start(): Promise<void> {
    const { topic } = this.opts;
    try {
      await this.admin.connect();
      const topics = await this.admin.listTopics();
      if (!topics.includes(topic)) {
        await this.admin.createTopics({ topics: [{ topic, numPartitions: this.opts.partitions }], waitForLeaders: true });
      }
      this.consumer.on(this.consumer.events.GROUP_JOIN, (e) => this.onJoin(e.payload.memberAssignment[topic] ?? []));
      await this.consumer.connect();
      await this.consumer.subscribe({ topics: [topic], fromBeginning: true });
      await this.consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        // Partitions are stored one chunk at a time each, but several at once: while DuckDB
        // commits one partition's chunk, the next partition's is decoded and converted (the
        // store serializes the transactions; each carries only its own partition's offset).
        partitionsConsumedConcurrently: PARTITIONS_IN_FLIGHT,
        eachBatch: (payload) => this.onBatch(payload),
      });
    } catch (err) {
      await this.consumer.disconnect().catch(() => {});
      await this.admin.disconnect().catch(() => {});
      throw receiverUnavailable(`cannot consume ${topic} from ${this.opts.brokers.join(',')}: ${String(err)}`, err);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(receiverUnavailable(`no partition assignment within ${this.opts.joinTimeoutMs} ms`)), this.opts.joinTimeoutMs);
    });
    try {
      await Promise.race([this.joined.promise, timeout]);
    } catch (err) {
      await this.shutdown();
      throw err;
    } finally {
      clearTimeout(timer);
    }
    this.opts.logger?.info({ topic, groupId: this.opts.groupId, partitions: this.assigned }, 'kafka receiver started');
  }

  /** Pauses the new assignment synchronously (before kafkajs fetches), then positions it. */
  private onJoin(partitions: number[]): void {
    const gen = ++this.generation;
    this.assigned = [...partitions].sort((a, b) => a - b);
    this.positions.clear();
    this.lags.clear();
    for (const lane of this.lanes.values()) lane.clear();
    if (partitions.length === 0) {
      this.joined.resolve();
      return;
    }
    this.consumer.pause([{ topic: this.opts.topic, partitions }]);
    void this.position(gen, partitions);
  }

  private async position(gen: number, partitions: number[]): Promise<void> {
    const { topic } = this.opts;
    for (let delay = this.opts.retryInitialMs; !this.stopping && gen === this.generation; delay = this.nextDelay(delay)) {
      try {
        await this.lanesIdle(); // a chunk of the previous generation still being stored commits first
        const offsets = await resumeOffsets(topic, partitions, this.sink, this.admin, this.opts.logger);
        if (gen !== this.generation) return;
        for (const [partition, offset] of offsets) {
          this.positions.set(partition, offset);
          this.consumer.seek({ topic, partition, offset });
        }
        this.consumer.resume([{ topic, partitions }]);
        this.opts.logger?.info({ topic, positions: Object.fromEntries(offsets) }, 'kafka receiver positioned at stored offsets');
        this.joined.resolve();
        return;
      } catch (err) {
        this.opts.logger?.warn({ err: String(err) }, 'kafka receiver: cannot read stored offsets yet; retrying');
        await this.sleep(delay);
      }
    }
  }

  private laneOf(topic: string, partition: number): PartitionLane {
    let lane = this.lanes.get(partition);
    if (!lane) {
      lane = new PartitionLane((chunk) => this.store(topic, partition, chunk));
      this.lanes.set(partition, lane);
    }
    return lane;
  }

  /**
   * Decodes the batch into chunks and hands them to the partition's lane, which stores them in
   * order while this returns and kafkajs fetches the next batch: the fetch, the decoding and
   * DuckDB's commit overlap instead of taking turns. The offsets handed to kafkajs only move its
   * fetch position; what is stored is decided by the offsets committed with the rows (a crash
   * resumes there). At most about maxIngestRecords records wait per partition (backpressure).
   */
  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const { topic, partition } = batch;
    const generation = this.generation;
    const lane = this.laneOf(topic, partition);
    const tick = (): Promise<void> => heartbeat().catch(() => {});
    const from = this.positions.get(partition);
    const fresh = from === undefined ? batch.messages : batch.messages.filter((m) => BigInt(m.offset) >= BigInt(from));
    this.counters.skippedMessages += batch.messages.length - fresh.length;
    let messages = 0;
    let decoded: Decoded = { records: [], deadLetters: [] };
    const hand = async (lastOffset: string): Promise<boolean> => {
      lane.add({ lastOffset, messages, decoded, generation });
      this.positions.set(partition, (BigInt(lastOffset) + 1n).toString());
      resolveOffset(lastOffset);
      messages = 0;
      decoded = { records: [], deadLetters: [] };
      await lane.waitBelow(this.opts.maxIngestRecords, tick, this.heartbeatMs);
      return isRunning() && !isStale() && !this.stopping && generation === this.generation;
    };
    for (const message of fresh) {
      messages++;
      const one = decodeMessages(topic, partition, [message]);
      for (const r of one.records) decoded.records.push(r);
      for (const d of one.deadLetters) decoded.deadLetters.push(d);
      if (decoded.records.length < this.opts.maxIngestRecords) continue;
      if (!(await hand(message.offset))) return;
    }
    if (messages > 0 && !(await hand(fresh[fresh.length - 1]!.offset))) return;
    const last = batch.messages[batch.messages.length - 1];
    if (last && fresh.length === 0) resolveOffset(last.offset); // all skipped: already stored
    this.lags.set(partition, Number(batch.offsetLag()));
    await heartbeat();
  }

  /**
   * Stores one chunk (retrying on failure); the lane's drain calls it, one chunk at a time per
   * partition. false: gave up (stopping, or the group moved on and the chunk is fetched again
   * from the stored offsets).
   */
  private async store(topic: string, partition: number, chunk: Chunk): Promise<boolean> {
    const gone = (): boolean => this.stopping || chunk.generation !== this.generation;
    if (gone()) return false;
    const { decoded, lastOffset } = chunk;
    const next = (BigInt(lastOffset) + 1n).toString();
    const batch = { records: decoded.records, offsets: [{ topic, partition, offset: next }], deadLetters: decoded.deadLetters };
    for (let delay = this.opts.retryInitialMs; ; delay = this.nextDelay(delay)) {
      try {
        await this.sink.ingest(batch);
        break;
      } catch (err) {
        this.counters.ingestFailures++;
        this.opts.logger?.warn({ err: String(err), topic, partition, offset: lastOffset, retryInMs: delay }, 'kafka receiver: ingest failed; retrying');
        if (gone()) return false;
        await this.sleep(delay);
        if (gone()) return false;
      }
    }
    this.counters.consumedRecords += decoded.records.length;
    this.counters.consumedMessages += chunk.messages;
    this.counters.deadLetters += decoded.deadLetters.length;
    this.counters.ingestBatches++;
    await this.consumer.commitOffsets([{ topic, partition, offset: next }]).catch((err: unknown) => {
      this.opts.logger?.warn({ err: String(err) }, 'kafka receiver: informational offset commit to Kafka failed');
    });
    return true;
  }

  private async lanesIdle(): Promise<void> {
    await Promise.all([...this.lanes.values()].map((l) => l.idle()));
  }

  private nextDelay(delay: number): number {
    return Math.min(delay * 2, this.opts.retryMaxMs);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const wakers = this.wakers;
      function done(): void {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      }
      wakers.add(done);
    });
  }

  stats(): KafkaReceiverStats {
    let lag = 0;
    for (const l of this.lags.values()) lag += l;
    return { ...this.counters, lag, assignedPartitions: this.assigned };
  }

  /** Lets the chunk being stored finish, leaves the group and disconnects. */
  async shutdown(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const wake of [...this.wakers]) wake();
    await this.lanesIdle();
    await this.consumer.disconnect().catch(() => {});
    await this.admin.disconnect().catch(() => {});
    this.opts.logger?.info({ topic: this.opts.topic }, 'kafka receiver stopped');
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
