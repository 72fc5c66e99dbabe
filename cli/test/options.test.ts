import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseServiceConfig, SERVICE_OPTIONS } from '../src/options.js';

describe('service options', () => {
  it('has the documented defaults', () => {
    expect(parseServiceConfig([], {})).toMatchObject({ otlpPort: 4318, port: 4320, host: '127.0.0.1', data: './data', kafka: undefined, topic: 'claude-errors.spans', kafkaCompression: 'zstd' });
  });
  it('takes flags over env, and env over defaults', () => {
    const cfg = parseServiceConfig(['--port=9000', '--kafka', 'a:1,b:2'], { CE_PORT: '8000', CE_OTLP_PORT: '7000', CE_TOPIC: 't' });
    expect(cfg).toMatchObject({ port: 9000, otlpPort: 7000, topic: 't', kafka: ['a:1', 'b:2'] });
  });
  it('fails fast naming the flag or variable that is wrong', () => {
    expect(() => parseServiceConfig(['--port', 'http'], {})).toThrow("--port: 'http' is not a valid port (0-65535)");
    expect(() => parseServiceConfig([], { CE_OTLP_PORT: '70000' })).toThrow("CE_OTLP_PORT: '70000' is not a valid port");
    expect(() => parseServiceConfig(['--kafka', 'localhost'], {})).toThrow("--kafka: 'localhost' is not a list of host:port brokers");
    expect(() => parseServiceConfig(['--colour', 'red'], {})).toThrow('unknown option --colour');
    expect(() => parseServiceConfig(['--data'], {})).toThrow('option --data needs a value');
    expect(() => parseServiceConfig(['--log-level', 'loud'], {})).toThrow("--log-level: 'loud' is not a pino level");
    expect(() => parseServiceConfig(['--kafka-compression', 'lz4'], {})).toThrow("--kafka-compression: 'lz4' is not one of gzip, zstd, none");
    expect(() => parseServiceConfig([], { CE_KAFKA_COMPRESSION: 'snappy' })).toThrow("CE_KAFKA_COMPRESSION: 'snappy' is not one of gzip, zstd, none");
    expect(() => parseServiceConfig(['--public-otlp-url', 'collector:4318'], {})).toThrow("--public-otlp-url: 'collector:4318' is not an http(s) base URL");
    expect(() => parseServiceConfig(['--decode-threads', '-1'], {})).toThrow("--decode-threads: '-1' is not a valid whole number (0 or more up to 64)");
    expect(() => parseServiceConfig([], { CE_DECODE_THREADS: '1000' })).toThrow("CE_DECODE_THREADS: '1000' is not a valid whole number (0 or more up to 64)");
    expect(() => parseServiceConfig(['--collector-processes', '0'], {})).toThrow("--collector-processes: '0' is not a valid positive integer (up to 64)");
    expect(parseServiceConfig(['--decode-threads', '0', '--collector-processes', '64'], {})).toMatchObject({ decodeThreads: 0, collectorProcesses: 64 });
  });
  it('takes the public OTLP URL as a base, with or without /v1/traces', () => {
    expect(parseServiceConfig(['--public-otlp-url', 'https://otlp.example.com/v1/traces'], {}).publicOtlpUrl).toBe('https://otlp.example.com');
    expect(parseServiceConfig([], { CE_PUBLIC_OTLP_URL: 'http://10.0.0.5:4318/' }).publicOtlpUrl).toBe('http://10.0.0.5:4318');
    expect(parseServiceConfig(['--public-otlp-url', 'https://gw.example.com/otlp/'], {}).publicOtlpUrl).toBe('https://gw.example.com/otlp');
  });
  it('every option is documented in docs/configuration.md and the README', () => {
    const docs = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const o of SERVICE_OPTIONS) {
      expect(docs, o.flag).toContain(`\`--${o.flag}\``);
      expect(docs, o.env).toContain(`\`${o.env}\``);
      expect(readme, o.flag).toContain(`\`--${o.flag}\``);
    }
  });
});
