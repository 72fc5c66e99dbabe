import { apiUrl } from './api/client.js';
import { authHeaders } from './api/token.js';
import type { LiveAlert, LiveErrorRow, LiveRecords } from './api/types.js';
import { SseParser } from './sse-parser.js';

/**
 * One connection to /api/v1/live for the whole page. It uses fetch rather than EventSource so the
 * bearer token can be sent. Incoming events are buffered and handed to listeners at most every
 * FLUSH_MS, in one batch, with at most MAX_ERRORS_PER_FLUSH errors: a flood of records costs a
 * bounded amount of DOM work per flush, and the number not shown is reported, never hidden.
 */
const FLUSH_MS = 250;
const MAX_ERRORS_PER_FLUSH = 50;

export type LiveState = 'connecting' | 'open' | 'closed';

export interface LiveBatch {
  /** Records (calls and attempts) ingested since the last flush. */
  records: number;
  /** Newest errors last; at most MAX_ERRORS_PER_FLUSH. */
  errors: LiveErrorRow[];
  /** Errors received but left out of `errors` because of the cap. */
  dropped: number;
  alerts: LiveAlert[];
}

type Listener = (batch: LiveBatch) => void;
type StateListener = (state: LiveState) => void;

const listeners = new Set<Listener>();
const stateListeners = new Set<StateListener>();
let pending: LiveBatch = emptyBatch();
let timer: number | null = null;
let state: LiveState = 'closed';
let started = false;

function emptyBatch(): LiveBatch {
  return { records: 0, errors: [], dropped: 0, alerts: [] };
}

export function onLive(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function onLiveState(listener: StateListener): () => void {
  stateListeners.add(listener);
  listener(state);
  return () => stateListeners.delete(listener);
}

function setState(next: LiveState): void {
  state = next;
  for (const l of stateListeners) l(next);
}

function receive(event: string, data: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return;
  }
  if (event === 'records') {
    const rec = parsed as LiveRecords;
    pending.records += rec.count ?? 0;
    // The analyzer lists each event's rows newest first; the batch keeps them oldest first.
    for (const row of [...(rec.errors ?? [])].reverse()) {
      pending.errors.push(row);
      if (pending.errors.length > MAX_ERRORS_PER_FLUSH) {
        pending.errors.shift();
        pending.dropped += 1;
      }
    }
  } else if (event === 'alert') {
    pending.alerts.push(parsed as LiveAlert);
  } else {
    return;
  }
  timer ??= window.setTimeout(flush, FLUSH_MS);
}

function flush(): void {
  timer = null;
  const batch = pending;
  pending = emptyBatch();
  for (const l of listeners) {
    try {
      l(batch);
    } catch (err) {
      console.error('live listener failed', err);
    }
  }
}

async function connectOnce(): Promise<void> {
  setState('connecting');
  const res = await fetch(apiUrl('live'), { headers: { Accept: 'text/event-stream', ...authHeaders() } });
  if (!res.ok || !res.body) throw new Error(`live stream: HTTP ${res.status}`);
  setState('open');
  const parser = new SseParser();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    for (const ev of parser.push(value)) receive(ev.event, ev.data);
  }
}

/** Starts the connection, reconnecting with backoff (1 s doubling to 15 s) when it drops. */
export function startLive(): void {
  if (started) return;
  started = true;
  let delay = 1000;
  const loop = async (): Promise<void> => {
    for (;;) {
      const opened = Date.now();
      try {
        await connectOnce();
      } catch {
        // Reconnect below.
      }
      setState('closed');
      if (Date.now() - opened > 30_000) delay = 1000;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 15_000);
    }
  };
  void loop();
}
