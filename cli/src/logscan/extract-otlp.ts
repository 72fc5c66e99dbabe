/**
 * OTLP JSON exports (`{"resourceSpans": [...]}` / `{"resourceLogs": [...]}`, as written by the
 * OpenTelemetry Collector's file exporter, one export per line or one pretty-printed document).
 * Every failed span (status ERROR, an `exception` event, `error.type` or an HTTP status >= 400) and
 * every error log record becomes one classifier input.
 */
import type { ClassifyInput } from '@claude-errors/analyzer/classify';
import type { Extracted } from './extract-json.js';
import { timestampFromValue } from './timestamp.js';
import { isObj, type Obj } from './obj.js';

const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** OTLP attribute list -> plain map of scalar values. */
function attrs(list: unknown): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const a of arr(list)) {
    if (!isObj(a) || typeof a['key'] !== 'string' || !isObj(a['value'])) continue;
    const v = a['value'];
    const val = v['stringValue'] ?? v['intValue'] ?? v['doubleValue'] ?? v['boolValue'];
    if (val !== undefined) m.set(a['key'], typeof val === 'string' && /^-?\d+$/.test(val) && a['key'].includes('status') ? Number(val) : val);
  }
  return m;
}

const s = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const n = (v: unknown): number | undefined => {
  const x = typeof v === 'string' ? Number(v) : v;
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
};

function fromSpan(span: Obj, resource: Map<string, unknown>): Extracted | null {
  const a = attrs(span['attributes']);
  const statusCode = isObj(span['status']) ? n(span['status']['code']) : undefined;
  const exceptionEvent = arr(span['events']).find((e) => isObj(e) && e['name'] === 'exception') as Obj | undefined;
  const ev = exceptionEvent ? attrs(exceptionEvent['attributes']) : new Map<string, unknown>();
  const http = n(a.get('http.response.status_code') ?? a.get('http.status_code'));
  const failed = statusCode === 2 || exceptionEvent !== undefined || a.has('error.type') || a.get('anthropic.outcome') === 'error' || (http !== undefined && http >= 400);
  if (!failed) return null;
  const message =
    s(a.get('anthropic.error.message')) ?? s(ev.get('exception.message')) ?? s(a.get('exception.message')) ?? (isObj(span['status']) ? s(span['status']['message']) : undefined) ?? '';
  const input: ClassifyInput = { message };
  if (http !== undefined && http >= 400) input.status = http;
  const errorType = s(a.get('anthropic.error.type'));
  if (errorType) input.error_type = errorType;
  const exception = s(ev.get('exception.type')) ?? s(a.get('exception.type')) ?? s(a.get('error.type'));
  if (exception) input.exception = exception;
  const platform = s(a.get('anthropic.platform')) ?? s(resource.get('anthropic.platform'));
  if (platform) input.platform = platform;
  return { input, timestamp: timestampFromValue(span['endTimeUnixNano'] ?? span['startTimeUnixNano']), isError: true };
}

function fromLogRecord(rec: Obj): Extracted | null {
  const a = attrs(rec['attributes']);
  const sev = n(rec['severityNumber']) ?? 0;
  const body = isObj(rec['body']) ? s(rec['body']['stringValue']) : undefined;
  const excMsg = s(a.get('exception.message'));
  if (sev < 17 && !excMsg && !a.has('error.type')) return null; // 17+ = ERROR
  const input: ClassifyInput = { message: [excMsg, body].filter(Boolean).join(' | ') };
  const status = n(a.get('http.response.status_code'));
  if (status !== undefined && status >= 400) input.status = status;
  const exception = s(a.get('exception.type'));
  if (exception) input.exception = exception;
  return { input, timestamp: timestampFromValue(rec['timeUnixNano'] ?? rec['observedTimeUnixNano']), isError: true };
}

/** Every failed span and error log record in one OTLP export document. */
export function extractFromOtlp(doc: Obj): Extracted[] {
  const out: Extracted[] = [];
  for (const rs of arr(doc['resourceSpans'])) {
    if (!isObj(rs)) continue;
    const resource = attrs(isObj(rs['resource']) ? rs['resource']['attributes'] : undefined);
    for (const ss of arr(rs['scopeSpans'] ?? rs['instrumentationLibrarySpans'])) {
      if (!isObj(ss)) continue;
      for (const span of arr(ss['spans'])) {
        const e = isObj(span) ? fromSpan(span, resource) : null;
        if (e) out.push(e);
      }
    }
  }
  for (const rl of arr(doc['resourceLogs'])) {
    if (!isObj(rl)) continue;
    for (const sl of arr(rl['scopeLogs'])) {
      if (!isObj(sl)) continue;
      for (const rec of arr(sl['logRecords'])) {
        const e = isObj(rec) ? fromLogRecord(rec) : null;
        if (e) out.push(e);
      }
    }
  }
  return out;
}

export function isOtlpDocument(v: unknown): v is Obj {
  return isObj(v) && (Array.isArray(v['resourceSpans']) || Array.isArray(v['resourceLogs']));
}
