export { KafkaReceiver, type KafkaReceiverStats } from './receiver.js';
export { KafkaReceiverErrorCodes } from './errors.js';
export { decodeMessages, recordProblem } from './decode.js';
export type { KafkaReceiverOptions, ReceiverLogger } from './options.js';
