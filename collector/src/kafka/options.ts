/**
 * Checks of the options every Kafka component shares. `who` names the component in the message
 * ('kafka exporter', 'kafka receiver'); each check throws a TypeError naming the bad option.
 */

/** One bootstrap broker: `host:port`. */
const BROKER_ADDRESS = /^[^\s:]+:\d+$/;
/** A Kafka topic name (Kafka's own rule: these characters, at most 249 of them). */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export function isBrokerAddress(text: string): boolean {
  return BROKER_ADDRESS.test(text);
}

/** `a:9092, b:9092` as its brokers; undefined when it holds none or one is not host:port. */
export function parseBrokerList(text: string): string[] | undefined {
  const brokers = text.split(',').map((b) => b.trim()).filter(Boolean);
  return brokers.length > 0 && brokers.every(isBrokerAddress) ? brokers : undefined;
}

export function checkBrokers(who: string, brokers: string[]): string[] {
  if (!Array.isArray(brokers) || brokers.length === 0 || !brokers.every(isBrokerAddress)) {
    throw new TypeError(`${who}: brokers must be a non-empty list of host:port, got ${JSON.stringify(brokers)}`);
  }
  return brokers;
}

export function checkTopic(who: string, topic: string): string {
  if (typeof topic !== 'string' || !TOPIC_NAME.test(topic)) {
    throw new TypeError(`${who}: topic must match [a-zA-Z0-9._-]{1,249}, got ${JSON.stringify(topic)}`);
  }
  return topic;
}

/** `value`, or `fallback` when it is absent; throws unless it is a non-negative integer. */
export function nonNegativeInt(who: string, name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) throw new TypeError(`${who}: ${name} must be a non-negative integer, got ${value}`);
  return value;
}
