// A decode thread (decode-pool.ts): decompresses, decodes, maps, redacts and encodes one request
// at a time as the route does on the event loop (protobuf traces a span at a time: decode-fused.ts),
// and posts back the encoded bytes (transferred)
// with the counts the route answers with, or the error it raised.
import { parentPort } from 'node:worker_threads';
import { releaseBuffer } from '../../kafka/release.js';
import { decodeAndEncode } from './decode-fused.js';
import { errorToWire, toWire, type DecodeReply, type DecodeTask } from './decode-protocol.js';

const port = parentPort;
if (!port) throw new Error('decode-worker.ts runs as a worker thread only');

port.on('message', (task: DecodeTask) => {
  void run(task).then(({ reply, transfer }) => port.postMessage(reply, transfer));
});

async function run(task: DecodeTask): Promise<{ reply: DecodeReply; transfer: ArrayBuffer[] }> {
  const body = Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength);
  try {
    const { summary, encoded } = await decodeAndEncode(task, body, task.mapOptions);
    const { wire, transfer } = toWire(encoded);
    return { reply: { id: task.id, summary, encoded: wire }, transfer };
  } catch (err) {
    return { reply: { id: task.id, error: errorToWire(err) }, transfer: [] };
  } finally {
    // The body is this thread's own (transferred whole, decode-protocol.ts ownBytes) and read no
    // more: freed now rather than when a collection finds it (it outlives young collections).
    releaseBuffer(body);
  }
}
