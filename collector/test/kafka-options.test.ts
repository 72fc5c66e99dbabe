import { describe, expect, it } from 'vitest';
import { checkBrokers, checkTopic, isBrokerAddress, nonNegativeInt, parseBrokerList } from '../src/kafka/index.js';

describe('Kafka option checks shared by the exporter, the receiver and the CLI', () => {
  it('takes host:port brokers and nothing else', () => {
    for (const ok of ['127.0.0.1:9092', 'kafka-0.internal:19092', 'a:1']) expect(isBrokerAddress(ok), ok).toBe(true);
    for (const bad of ['localhost', 'a:', ':9092', 'a:b', 'a: 1', 'a :1', 'a:1:2', 'http://a:1', '']) expect(isBrokerAddress(bad), bad).toBe(false);
  });

  it('reads a comma-separated broker list, or answers undefined when one is not host:port', () => {
    expect(parseBrokerList('a:1,b:2')).toEqual(['a:1', 'b:2']);
    expect(parseBrokerList(' a:1 , b:2 ,')).toEqual(['a:1', 'b:2']);
    expect(parseBrokerList('a:1,localhost')).toBeUndefined();
    expect(parseBrokerList('')).toBeUndefined();
    expect(parseBrokerList(' , ')).toBeUndefined();
  });

  it('checkBrokers returns the list, or throws a TypeError naming the component and the option', () => {
    expect(checkBrokers('kafka exporter', ['a:1', 'b:2'])).toEqual(['a:1', 'b:2']);
    expect(() => checkBrokers('kafka exporter', ['nohostport'])).toThrow(
      new TypeError('kafka exporter: brokers must be a non-empty list of host:port, got ["nohostport"]'),
    );
    expect(() => checkBrokers('kafka receiver', [])).toThrow(new TypeError('kafka receiver: brokers must be a non-empty list of host:port, got []'));
    expect(() => checkBrokers('kafka receiver', undefined as unknown as string[])).toThrow(/^kafka receiver: brokers must be/);
  });

  it('checkTopic takes Kafka topic names only', () => {
    expect(checkTopic('kafka exporter', 'claude-errors.spans')).toBe('claude-errors.spans');
    expect(checkTopic('kafka exporter', 'x'.repeat(249))).toHaveLength(249);
    expect(() => checkTopic('kafka exporter', 'bad topic')).toThrow(new TypeError('kafka exporter: topic must match [a-zA-Z0-9._-]{1,249}, got "bad topic"'));
    expect(() => checkTopic('kafka receiver', '')).toThrow(/^kafka receiver: topic must match/);
    expect(() => checkTopic('kafka receiver', 'x'.repeat(250))).toThrow(/topic/);
  });

  it('nonNegativeInt falls back when absent and names the option when it is not a non-negative integer', () => {
    expect(nonNegativeInt('kafka exporter', 'lanes', undefined, 3)).toBe(3);
    expect(nonNegativeInt('kafka exporter', 'lanes', 0, 3)).toBe(0);
    expect(nonNegativeInt('kafka exporter', 'lanes', 7, 3)).toBe(7);
    expect(() => nonNegativeInt('kafka exporter', 'partitions', -1, 3)).toThrow(new TypeError('kafka exporter: partitions must be a non-negative integer, got -1'));
    expect(() => nonNegativeInt('kafka receiver', 'maxWaitTimeMs', 1.5, 3)).toThrow(new TypeError('kafka receiver: maxWaitTimeMs must be a non-negative integer, got 1.5'));
  });
});
