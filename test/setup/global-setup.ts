// vitest globalSetup: brings up what the tests need (a real Kafka broker, see test/kafka/).
// Filled in by the Kafka broker work; for now it does nothing.
export default async function setup(): Promise<void> {}
