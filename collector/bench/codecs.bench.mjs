// The Kafka codecs' CPU per MB of records, in one process, the variants in turn each round: zlib's
// one-shot calls with their default output chunk (16 KiB: one trip to libuv's thread pool per
// chunk), the one-shot calls with the chunk sized to the expected output (zlib-chunk.ts) as the
// codecs made them before zstd compressed on kept streams (input freed once compressed, output of
// its own size), and the codecs as kafka/codecs.ts sets them (the same, but zstd compressing on
// kept streams, kafka/zstd-frames.ts): only the zstd compress row differs in code between the last two. The input is what the collector sends: Kafka values
// of the ingest benchmark's records (test/load/spans.mjs bodies decoded, mapped and encoded by the
// collector's own code), about 1 MB per record batch (--batch-bytes), `--parallel` batches at once (one per
// partition of a produce request; the analyzer's consumer decompresses a fetch's batches alike).
// CPU is the whole process's (user + system: the thread pool included).
//
//   npm run bench:codecs
//   node collector/bench/codecs.bench.mjs --rounds 7 --batches 60 --parallel 3 --batch-bytes 250000
import { parseArgs } from 'node:util';
import { constants, gzip, unzip, zstdCompress, zstdDecompress } from 'node:zlib';
import { promisify } from 'node:util';
import { cpus } from 'node:os';
import { buildTemplates, buildProbe, bodyFor } from '@claude-errors/testkit/load/spans';
import { decodeTracesProtobuf } from '../dist/receiver/otlp-http/decode-protobuf.js';
import { mapResourceSpans } from '../dist/processor/map/map-spans.js';
import { toMessages } from '../dist/exporter/kafka/messages.js';
import { useKafkaCodecs } from '../dist/kafka/codecs.js';
import { outputChunk, ownSize } from '../dist/zlib-chunk.js';
import { releaseBuffer } from '../dist/kafka/release.js';
import kafkajs, { CompressionTypes } from 'kafkajs';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    batches: { type: 'string', default: '40' },
    parallel: { type: 'string', default: '3' },
    // Bytes of values per record batch (a produce request's batch per partition: at 90k spans/s and 5 ms linger, about 250 KB).
    'batch-bytes': { type: 'string', default: '1000000' },
  },
});
const ROUNDS = Number(args.rounds);
const BATCHES = Number(args.batches);
const PARALLEL = Number(args.parallel);
const BATCH_BYTES = Number(args['batch-bytes']);

// Record batches of about --batch-bytes of the collector's Kafka values.
const templates = buildTemplates({ count: 4, spansPerRequest: 500, now: Date.now() });
const probe = buildProbe();
const values = [];
for (let k = 0; k < 8; k++) {
  const mapped = mapResourceSpans(decodeTracesProtobuf(bodyFor(templates, probe, k)));
  for (const m of toMessages(mapped.records, 900 * 1024)) values.push(m.value);
}
const batches = [];
for (let i = 0; i < values.length; ) {
  const parts = [];
  let size = 0;
  while (i < values.length && size < BATCH_BYTES) (size += values[i].length), parts.push(values[i++]);
  batches.push(Buffer.concat(parts));
}
const mb = (b) => b.length / 1e6;

useKafkaCodecs();
const sized = (type) => kafkajs.CompressionCodecs[type]();
const level = { params: { [constants.ZSTD_c_compressionLevel]: 1 } };
const defaults = {
  [CompressionTypes.ZSTD]: { compress: promisify(zstdCompress), decompress: promisify(zstdDecompress), opts: level },
  [CompressionTypes.GZIP]: { compress: promisify(gzip), decompress: promisify(unzip), opts: { level: 1 } },
};

async function cpuPerMb(work) {
  const c0 = process.cpuUsage();
  let bytes = 0;
  for (let i = 0; i < BATCHES; i += PARALLEL) {
    const group = batches.slice(0, PARALLEL).map((_, j) => batches[(i + j) % batches.length]);
    bytes += group.reduce((n, b) => n + b.length, 0);
    await Promise.all(group.map(work));
  }
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / (bytes / 1e6);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`${cpus().length} cores (${cpus()[0].model.trim()}), Node ${process.version}; ${batches.length} record batches of ${(batches.map(mb).reduce((a, b) => a + b, 0) / batches.length).toFixed(2)} MB on average, ${PARALLEL} at a time, ${BATCHES} per measure, ${ROUNDS} rounds`);
console.log('| codec, operation | default chunk µs CPU per MB | sized chunk | as set (codecs.ts) | as set / default | as set / sized |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const [name, type] of [['zstd', CompressionTypes.ZSTD], ['gzip', CompressionTypes.GZIP]]) {
  const d = defaults[type];
  const compressed = await Promise.all(batches.map((b) => d.compress(b, d.opts)));
  const index = new Map(batches.map((b, i) => [b, i]));
  const ops = {
    // All copy the batch first: the codec frees the encoder's buffer it is given.
    compress: [
      (b) => d.compress(Buffer.from(b), d.opts),
      // the one-shot call as the codec made it before kept streams: sized chunk, input freed, output of its own size
      async (b) => {
        const input = Buffer.from(b);
        const out = ownSize(await d.compress(input, { ...d.opts, chunkSize: outputChunk(input.length / 4) }));
        releaseBuffer(input, true);
        return out;
      },
      (b) => sized(type).compress({ buffer: Buffer.from(b) }),
    ],
    decompress: [
      (b) => d.decompress(compressed[index.get(b)]),
      async (b) => ownSize(await d.decompress(compressed[index.get(b)], { chunkSize: outputChunk(compressed[index.get(b)].length * 16) })),
      (b) => sized(type).decompress(compressed[index.get(b)]),
    ],
  };
  for (const [op, variants] of Object.entries(ops)) {
    const figures = variants.map(() => []);
    for (const v of variants) await cpuPerMb(v);
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 ? [2, 1, 0] : [0, 1, 2];
      for (const k of order) figures[k].push(await cpuPerMb(variants[k]));
    }
    const [a, s, c] = figures.map(median);
    console.log(`| ${name}, ${op} | ${a.toFixed(0)} | ${s.toFixed(0)} | ${c.toFixed(0)} | ${(c / a).toFixed(2)}× | ${(c / s).toFixed(2)}× |`);
  }
}
