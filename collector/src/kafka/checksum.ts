import { createRequire } from 'node:module';
import { crc32c } from '../crc32c.js';

// kafkajs checksums each compressed record batch with its own byte-at-a-time CRC-32C, on the event
// loop, where it was the largest single item of the collector's main-thread profile at 16
// connections. useKafkaChecksum gives it the project's slicing-by-8 one (crc32c.ts): same results,
// about 3x the bytes per second.

const require = createRequire(import.meta.url);

/** kafkajs' checksum module, and the record-batch encoder that takes it when first loaded. */
export const KAFKAJS_CRC32C = 'kafkajs/src/protocol/recordBatch/crc32C/index.js';
const KAFKAJS_RECORD_BATCH = 'kafkajs/src/protocol/recordBatch/v0/index.js';

/**
 * Makes kafkajs checksum record batches with the project's `crc32c`. kafkajs loads its record-batch
 * encoder at the first produce or fetch and keeps the checksum function it found then, so this
 * replaces what its checksum module exports before that: true when kafkajs will use it (now or
 * already), false when the encoder had already been loaded with its own or kafkajs is not where
 * expected (its own stays, with the same results).
 */
export function useKafkaChecksum(): boolean {
  let path: string;
  let batchPath: string;
  try {
    path = require.resolve(KAFKAJS_CRC32C);
    batchPath = require.resolve(KAFKAJS_RECORD_BATCH);
  } catch {
    return false;
  }
  if (require.cache[path]?.exports === crc32c) return true;
  if (require.cache[batchPath] !== undefined) return false;
  require(path);
  const loaded = require.cache[path];
  if (loaded === undefined) return false;
  loaded.exports = crc32c;
  return true;
}
