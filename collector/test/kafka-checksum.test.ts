// The record-batch checksum (crc32c.ts, set in kafkajs by kafka/checksum.ts): the same CRC-32C as kafkajs' own, and kafkajs
// encoding batches with it once set. A broker rejects a batch whose checksum is wrong
// (CORRUPT_MESSAGE), so every Kafka test that produces checks it end to end as well.
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc32c } from '../src/crc32c.js';
import { KAFKAJS_CRC32C, useKafkaChecksum } from '../src/kafka/checksum.js';

const require = createRequire(import.meta.url);
/** kafkajs' own byte-at-a-time function, loaded apart from its module (which useKafkaChecksum replaces). */
const kafkajsCrc = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C.js') as (b: Buffer) => number;
const unsigned = (n: number): number => n >>> 0;

describe('crc32c', () => {
  it('gives the standard check value and the empty input’s', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
    expect(crc32c(Buffer.alloc(32))).toBe(0x8a9136aa); // RFC 3720, B.4: 32 bytes of zeros
    expect(crc32c(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43); // and of ones
  });

  it('agrees with kafkajs’ own on every length 0–70, at any offset in a larger buffer, and on large inputs', () => {
    for (let len = 0; len <= 70; len++) {
      for (let offset = 0; offset < 8; offset++) {
        const bytes = randomBytes(len + offset + 3).subarray(offset, offset + len);
        expect(crc32c(bytes), `length ${len}, offset ${offset}`).toBe(unsigned(kafkajsCrc(bytes)));
      }
    }
    for (const len of [4096, 100_003, 1 << 20]) {
      const bytes = randomBytes(len);
      expect(crc32c(bytes)).toBe(unsigned(kafkajsCrc(bytes)));
    }
  });
});

describe('useKafkaChecksum', () => {
  it('makes kafkajs’ record batches carry crc32c’s checksum', async () => {
    expect(useKafkaChecksum()).toBe(true);
    expect(require(KAFKAJS_CRC32C)).toBe(crc32c);
    expect(useKafkaChecksum()).toBe(true); // set once, idempotent

    const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as {
      RecordBatch: (o: { records: unknown[] }) => Promise<{ buffer: Buffer }>;
    };
    const Record = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (o: { value: Buffer }) => unknown;
    const encoded = (await RecordBatch({ records: [Record({ value: Buffer.from('{"kind":"call"}') })] })).buffer;
    // firstOffset int64, length int32, partitionLeaderEpoch int32, magic int8, then the CRC over the rest
    const crcAt = 8 + 4 + 4 + 1;
    expect(encoded.readUInt32BE(crcAt)).toBe(crc32c(encoded.subarray(crcAt + 4)));
  });
});
