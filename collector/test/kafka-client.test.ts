import { afterEach, describe, expect, it, vi } from 'vitest';
import kafkajs, { logLevel } from 'kafkajs';
import { bridgeLogs, createKafka, isRetriableKafkaError, type KafkaLogger } from '../src/kafka/index.js';

// Through the default export: Node's CommonJS named-export detection does not find kafkajs' error classes.
const { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } = kafkajs;

interface Line {
  level: 'info' | 'warn' | 'error';
  obj: object;
  msg: string | undefined;
}

function recordingLogger(): KafkaLogger & { lines: Line[] } {
  const lines: Line[] = [];
  return {
    lines,
    info: (obj, msg) => void lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => void lines.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => void lines.push({ level: 'error', obj, msg }),
  };
}

/** One kafkajs log call, as kafkajs makes it. */
function entry(level: number, message: string, extra: Record<string, unknown> = {}) {
  return { namespace: 'Connection', level, label: 'ERROR', log: { timestamp: '2026-12-04T00:00:00.000Z', logger: 'kafkajs', message, ...extra } };
}

describe('bridgeLogs', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('passes WARN and ERROR lines to the logger as warnings, without kafkajs timestamp and logger fields', () => {
    const logger = recordingLogger();
    const log = bridgeLogs(logger)(logLevel.WARN);
    log(entry(logLevel.ERROR, 'Connection error: connect ECONNREFUSED', { broker: '127.0.0.1:1' }));
    log(entry(logLevel.WARN, 'Something to know'));
    log(entry(logLevel.INFO, 'Starting'));
    log(entry(logLevel.DEBUG, 'Request Metadata'));
    expect(logger.lines).toEqual([
      { level: 'warn', obj: { kafkajs: 'Connection', broker: '127.0.0.1:1' }, msg: 'Connection error: connect ECONNREFUSED' },
      { level: 'warn', obj: { kafkajs: 'Connection' }, msg: 'Something to know' },
    ]);
  });

  it('logs the same message at most once per 10 s', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const logger = recordingLogger();
    const log = bridgeLogs(logger)(logLevel.WARN);
    log(entry(logLevel.ERROR, 'broker down'));
    log(entry(logLevel.ERROR, 'broker down'));
    log(entry(logLevel.ERROR, 'another message'));
    vi.advanceTimersByTime(9_999);
    log(entry(logLevel.ERROR, 'broker down'));
    expect(logger.lines.map((l) => l.msg)).toEqual(['broker down', 'another message']);
    vi.advanceTimersByTime(2);
    log(entry(logLevel.ERROR, 'broker down'));
    expect(logger.lines.map((l) => l.msg)).toEqual(['broker down', 'another message', 'broker down']);
  });

  it('drops everything when there is no logger', () => {
    expect(() => bridgeLogs(undefined)(logLevel.WARN)(entry(logLevel.ERROR, 'nobody listens'))).not.toThrow();
  });
});

describe('isRetriableKafkaError', () => {
  const refused = () => new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1');
  // kafkajs builds protocol errors from its table of broker error codes; its typings take only an Error.
  const tooLarge = () => new KafkaJSProtocolError(Object.assign(new Error('The request included a message larger than the max message size'), { type: 'MESSAGE_TOO_LARGE', code: 10, retriable: false }));
  // What kafkajs' outer retrier throws when the inner one gave up (its typings lack the `cause` option).
  const NonRetriable = KafkaJSNonRetriableError as unknown as new (e: Error, opts: { cause: Error }) => Error;

  it('follows kafkajs` own retriable flag', () => {
    expect(isRetriableKafkaError(refused())).toBe(true);
    expect(isRetriableKafkaError(tooLarge())).toBe(false);
    expect(isRetriableKafkaError({ retriable: false })).toBe(false);
    expect(isRetriableKafkaError(new Error('plain'))).toBe(true);
    expect(isRetriableKafkaError('a string')).toBe(true);
    expect(isRetriableKafkaError(null)).toBe(true);
  });

  it('judges a retrier that gave up by the error that made it give up', () => {
    const gaveUp = (cause: Error) => new KafkaJSNumberOfRetriesExceeded(cause, { retryCount: 5, retryTime: 2_000 });
    expect(isRetriableKafkaError(gaveUp(refused()))).toBe(true);
    expect(isRetriableKafkaError(new NonRetriable(gaveUp(refused()), { cause: gaveUp(refused()) }))).toBe(true);
    expect(isRetriableKafkaError(gaveUp(tooLarge()))).toBe(false);
    expect(isRetriableKafkaError({ name: 'KafkaJSNonRetriableError', retriable: false, originalError: refused() })).toBe(true);
  });

  it('takes a wrapper without a cause as it says, and stops at a wrapper that wraps itself', () => {
    expect(isRetriableKafkaError(new KafkaJSNonRetriableError('gave up'))).toBe(false);
    const loop: { name: string; retriable: boolean; cause?: unknown } = { name: 'KafkaJSNonRetriableError', retriable: false };
    loop.cause = loop;
    expect(isRetriableKafkaError(loop)).toBe(false);
  });
});

describe('createKafka', () => {
  it('builds a client whose connection errors reach the logger and are judged retriable', async () => {
    const logger = recordingLogger();
    const kafka = createKafka({ brokers: ['127.0.0.1:1'], clientId: 'kafka-client-test', logger, retry: { retries: 0, maxRetryTime: 100 } });
    const admin = kafka.admin();
    const err = await admin.connect().then(() => null, (e: unknown) => e);
    await admin.disconnect();
    expect(err).toBeInstanceOf(Error);
    expect(isRetriableKafkaError(err)).toBe(true);
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(logger.lines.every((l) => l.level === 'warn')).toBe(true);
    expect(logger.lines.some((l) => /ECONNREFUSED/.test(l.msg ?? '') || JSON.stringify(l.obj).includes('ECONNREFUSED'))).toBe(true);
  });
});
