// What the decode pool (decode-pool.ts) and its threads (decode-worker.ts) post to each other.
import { CeError, isCeError } from '@claude-errors/schemas';
import type { EncodedGroup, EncodedRecords } from '../../exporter/kafka/messages.js';
import type { MapOptions } from '../../processor/map/checks.js';
import type { DecodeSummary, RawRequest } from './decode-request.js';

/** One request for a thread: its body (transferred), how to decode it, and its receive time. */
export interface DecodeTask extends RawRequest {
  id: number;
  body: Uint8Array;
  mapOptions: MapOptions;
}

/** A thread's answer: the request's records encoded for the exporter, or the error decoding raised. */
export type DecodeReply = { id: number; summary: DecodeSummary; encoded: WireRecords } | { id: number; error: WireError };

/** EncodedRecords as posted: group bytes as Uint8Arrays whose ArrayBuffers are transferred. */
export interface WireRecords {
  groups: { key: string; bytes: Uint8Array; ends: Uint32Array }[];
  records: number;
}

/** An error as posted: enough to give the very answer the route gives to the error thrown on the event loop. */
export interface WireError {
  message: string;
  code?: string;
  statusCode?: number;
  retryable?: boolean;
  retryAfterSeconds?: number;
}

/** A view of `bytes` that owns its whole ArrayBuffer, so that transferring it takes nobody else's bytes (a small Buffer is a slice of Node's shared pool). */
export function ownBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : new Uint8Array(bytes);
}

/** EncodedRecords for posting, with the list of ArrayBuffers to transfer. */
export function toWire(encoded: EncodedRecords): { wire: WireRecords; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const groups = encoded.groups.map(({ key, bytes, ends }) => {
    const own = ownBytes(bytes);
    transfer.push(own.buffer as ArrayBuffer, ends.buffer as ArrayBuffer);
    return { key, bytes: own, ends };
  });
  return { wire: { groups, records: encoded.records }, transfer };
}

export function fromWire(wire: WireRecords): EncodedRecords {
  const groups: EncodedGroup[] = wire.groups.map(({ key, bytes, ends }) => ({ key, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), ends }));
  return { groups, records: wire.records };
}

export function errorToWire(err: unknown): WireError {
  if (isCeError(err)) {
    const wire: WireError = { message: err.message, code: err.code, statusCode: err.statusCode, retryable: err.retryable };
    if (err.retryAfterSeconds !== undefined) wire.retryAfterSeconds = err.retryAfterSeconds;
    return wire;
  }
  const e = err as { statusCode?: unknown; message?: unknown };
  const wire: WireError = { message: String(e?.message ?? err) };
  if (typeof e?.statusCode === 'number') wire.statusCode = e.statusCode;
  return wire;
}

/** The error again, as errorAnswer (status.ts) reads it: a CeError with its code, status and retry hint, or a plain error with its status. */
export function errorFromWire(wire: WireError): Error {
  if (wire.code !== undefined) {
    const opts: { retryable?: boolean; statusCode?: number; retryAfterSeconds?: number } = { retryable: wire.retryable ?? false };
    if (wire.statusCode !== undefined) opts.statusCode = wire.statusCode;
    if (wire.retryAfterSeconds !== undefined) opts.retryAfterSeconds = wire.retryAfterSeconds;
    return new CeError(wire.code, wire.message, opts);
  }
  return Object.assign(new Error(wire.message), wire.statusCode !== undefined ? { statusCode: wire.statusCode } : {});
}
