/**
 * The API's error envelope (`{"type":"error","error":{"type":"overloaded_error","message":…}}`)
 * inside a JSON log record: as an object under whatever key the logger or the app chose (`error`,
 * `body`, `response.body`, the SDK error's own `error`), or as JSON text in a string value (a
 * message, a `data` field, an SDK error's `400 {…}` message). Other providers' envelopes have
 * another shape (`{"error":{"message":…,"code":…}}`), so this shape is the API's own mark.
 */
import { isObj, type Obj } from './obj.js';

/** How deep and how many values of a record are looked through. */
const MAX_DEPTH = 3;
const MAX_VALUES = 64;
/** Where an envelope starts in JSON text. */
const ENVELOPE_START_RE = /\{\s?"type"\s?:\s?"error"\s?,\s?"error"\s?:\s?\{/;

/**
 * The status each of the API's error types is answered with (docs: errors). A status a record
 * names beside the envelope that is not its type's is a wrapper's (a relay's own 500 around the
 * API's 529), as a status printed before a body is a wrapper's in a text line.
 */
const TYPE_STATUS: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** The inner error object of an envelope value, or undefined. */
function innerError(v: unknown): Obj | undefined {
  return isObj(v) && v['type'] === 'error' && isObj(v['error']) ? v['error'] : undefined;
}

/** The envelope in JSON text (its first one, whole and parseable), as its inner error object. */
function envelopeInText(s: string): Obj | undefined {
  const m = ENVELOPE_START_RE.exec(s);
  if (!m) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = m.index; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123) depth++;
    else if (c === 125 && --depth === 0) {
      try {
        return innerError(JSON.parse(s.slice(m.index, i + 1)));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The envelope a record carries anywhere in its first levels (breadth first: the record's own keys before nested ones). */
export function envelopeInRecord(rec: Obj): Obj | undefined {
  let level: unknown[] = [rec];
  let seen = 0;
  for (let depth = 0; depth <= MAX_DEPTH && level.length; depth++) {
    const next: unknown[] = [];
    for (const v of level) {
      if (++seen > MAX_VALUES) return undefined;
      if (typeof v === 'string') {
        if (v.includes('"error"')) {
          const found = envelopeInText(v);
          if (found) return found;
        }
        continue;
      }
      if (!isObj(v)) continue;
      const own = innerError(v);
      if (own) return own;
      for (const k in v) next.push(v[k]);
    }
    level = next;
  }
  return undefined;
}

/** The status of an API error type, or undefined for a type that is not one of the API's. */
export function statusOfType(type: string | undefined): number | undefined {
  return type === undefined ? undefined : TYPE_STATUS[type];
}
