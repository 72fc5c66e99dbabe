// The ways applications log an error they caught, for `npm run eval:analyze -- --logger-forms`:
// each tuning event's error line (as its excerpt has it) is logged again through common loggers'
// shapes, and other providers' errors, telemetry and successes (NEGATIVES) through the same
// shapes, which must never be reported. Deterministic: fixed times, names and frames.

const T = '2025-03-01T10:00:00.123Z';
const json = (o) => JSON.stringify(o);
/** Python's repr of a str, as structlog's key=value renderer and `%r` print it. */
const pyRepr = (s) => (s.includes("'") && !s.includes('"') ? `"${s.replace(/\\/g, '\\\\')}"` : `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
/** A logfmt value: quoted, with `"` and `\` escaped. */
const fmtValue = (s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
/** An exception line: the text when it already names an exception class, else one around it. */
const exceptionLine = (text, cls) => (/^[\w.$]{1,80}(?:Error|Exception|Error\[\w+\])\b:?/.test(text) ? text : `${cls}: ${text}`);
const withStatus = (o, status) => (status ? { ...o, status } : o);

/**
 * The API's error envelope in a text (`{"type":"error","error":{…}}`, JSON only), parsed, or null.
 */
export function envelopeIn(text) {
  const at = text.search(/\{\s?"type"\s?:\s?"error"/);
  if (at === -1) return null;
  let depth = 0;
  let inString = false;
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      try {
        return JSON.parse(text.slice(at, i + 1));
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** Each form: (error text, status or null) => the log lines. */
export const LOGGER_FORMS = {
  'Python logging': (t) => `ERROR:app.llm:${t}`,
  'Python exc_info': (t) =>
    [`2025-03-01 10:00:00,123 - app.llm - ERROR - request failed`, 'Traceback (most recent call last):', '  File "/app/llm.py", line 42, in call', '    resp = client.send(request)', exceptionLine(t, 'RuntimeError')].join('\n'),
  'structlog JSON': (t) => json({ event: 'request failed', level: 'error', timestamp: T, error: t }),
  'structlog key=value': (t) => `timestamp='${T}' level='error' event='request failed' error=${pyRepr(t)}`,
  loguru: (t) => `2025-03-01 10:00:00.123 | ERROR    | app.llm:call:42 - ${t}`,
  pino: (t, s) => json({ level: 50, time: 1740823200123, pid: 7, hostname: 'web-1', err: withStatus({ type: 'Error', message: t, stack: `Error: ${t}\n    at call (/app/llm.js:42:11)` }, s), msg: t }),
  winston: (t) => json({ level: 'error', message: `request failed: ${t}`, timestamp: T }),
  bunyan: (t, s) => json({ name: 'app', hostname: 'web-1', pid: 7, level: 50, err: withStatus({ message: t, name: 'Error', stack: `Error: ${t}\n    at call (/app/llm.js:42:11)` }, s), msg: 'request failed', time: T, v: 0 }),
  logfmt: (t) => `time=${T} level=error msg="request failed" err=${fmtValue(t)}`,
  'Go slog text': (t) => `time=${T} level=ERROR msg="request failed" err=${fmtValue(t)}`,
  'Go slog JSON': (t) => json({ time: T, level: 'ERROR', msg: 'request failed', err: t }),
  'Go log.Printf': (t) => `2025/03/01 10:00:00 request failed: ${t}`,
  'Java logback': (t) =>
    [`2025-03-01 10:00:00.123 ERROR 1 --- [main] c.e.llm.Client : request failed`, exceptionLine(t, 'com.example.llm.ApiException'), '\tat com.example.llm.Client.send(Client.java:42)', '\tat com.example.App.main(App.java:10)'].join('\n'),
  'Ruby Logger': (t) => `E, [2025-03-01T10:00:00.123456 #1234] ERROR -- : ${t}`,
  'Rust tracing': (t) => `2025-03-01T10:00:00.123456Z ERROR app::llm: request failed error=${t}`,
  '.NET ILogger': (t) => ['fail: App.Llm.Client[0]', '      Request failed', `      ${exceptionLine(t, 'System.Net.Http.HttpRequestException')}`, '         at App.Llm.Client.SendAsync() in /src/Client.cs:line 42'].join('\n'),
  'structlog exception': (t) => json({ event: 'request failed', level: 'error', timestamp: T, exception: `Traceback (most recent call last):\n  File "/app/llm.py", line 42, in call\n    resp = client.send(request)\n${exceptionLine(t, 'RuntimeError')}` }),
  'loguru exception': (t) =>
    [`2025-03-01 10:00:00.123 | ERROR    | app.llm:call:42 - request failed`, 'Traceback (most recent call last):', '', '> File "/app/llm.py", line 42, in call', '    resp = client.send(request)', '', exceptionLine(t, 'RuntimeError')].join('\n'),
  'Java Caused by': (t) =>
    [`2025-03-01 10:00:00.123 ERROR 1 --- [main] c.e.llm.Client : request failed`, 'com.example.llm.LlmException: request failed', '\tat com.example.llm.Client.send(Client.java:42)', `Caused by: ${exceptionLine(t, 'com.example.llm.ApiException')}`, '\t... 3 more'].join('\n'),
  'docker json-file': (t) => json({ log: `${T} ERROR request failed: ${t}\n`, stream: 'stderr', time: T }),
  'GCP textPayload': (t) => json({ textPayload: `request failed: ${t}`, severity: 'ERROR', timestamp: T }),
  'Python %r of the exception': (t) => `2025-03-01 10:00:00,123 ERROR app.llm: request failed: RuntimeError(${pyRepr(t)})`,
  'Node console.error': (t, s) => [`Error: ${t}`, '    at call (/app/llm.js:42:11)', '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5) {', `  status: ${s ?? 'undefined'},`, "  code: 'ERR_REQUEST'", '}'].join('\n'),
  'pino-pretty': (t, s) =>
    ['[10:00:00.123] ERROR (7 on web-1): request failed', '    err: {', '      "type": "Error",', `      "message": ${json(t)},`, '      "stack":', `          Error: ${t}`, '              at call (/app/llm.js:42:11)', `      "status": ${s ?? 'null'}`, '    }'].join('\n'),
  'Sentry breadcrumb': (t, s) => json({ timestamp: T, type: 'http', category: 'http', level: 'error', message: t, data: s ? { status_code: s } : {} }),
};

/** A JSON record whose message is the API's own error envelope, with no other Claude word (null when the text has none). */
export function envelopeRecord(text, status) {
  const env = envelopeIn(text);
  return env ? json(withStatus({ level: 'error', time: T, msg: JSON.stringify(env) }, status)) : null;
}

/** The envelope as an object under the record's `error` key (the SDK error's body, serialised). */
export function envelopeObjectRecord(text, status) {
  const env = envelopeIn(text);
  return env ? json(withStatus({ level: 'error', time: T, msg: 'request failed', error: env }, status)) : null;
}

/** The envelope as the response body an app logs beside its own message. */
export function envelopeBodyRecord(text, status) {
  const env = envelopeIn(text);
  return env ? json({ level: 50, time: 1740823200123, msg: 'upstream call failed', response: { status: status ?? undefined, body: env } }) : null;
}

/** A logger's line, then the envelope pretty-printed below it (`json.dumps(body, indent=2)`, winston's prettyPrint). */
export function envelopePrettyBelow(text) {
  const env = envelopeIn(text);
  return env ? `2025-03-01 10:00:00,123 ERROR app.llm: request failed:\n${JSON.stringify(env, null, 2)}` : null;
}

/** Lines no form of which may be reported: other providers' errors, telemetry exporters, successes. */
export const NEGATIVES = [
  `openai.RateLimitError: Error code: 429 - {'error': {'message': 'Rate limit reached for gpt-4o in organization org-x on tokens per min (TPM): Limit 30000, Used 30000', 'type': 'tokens', 'param': None, 'code': 'rate_limit_exceeded'}}`,
  `Error code: 400 - {'error': {'message': "This model's maximum context length is 128000 tokens.", 'type': 'invalid_request_error', 'param': 'messages', 'code': 'context_length_exceeded'}}`,
  `OpenAI API error: 500 The server had an error while processing your request.`,
  `google.api_core.exceptions.ResourceExhausted: 429 Quota exceeded for aiplatform.googleapis.com/generate_content_requests_per_minute_per_project_per_base_model with base model: gemini-1.5-pro`,
  `[GoogleGenerativeAI Error]: Error fetching from https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent: [503 Service Unavailable] The model is overloaded. Please try again later.`,
  `groq.RateLimitError: Error code: 429 - {'error': {'message': 'Rate limit reached for model llama-3.3-70b-versatile', 'type': 'tokens', 'code': 'rate_limit_exceeded'}}`,
  `mistralai.models.sdkerror.SDKError: API error occurred: Status 429 {"object":"error","message":"Requests rate limit exceeded","type":"rate_limited","param":null,"code":"1300"}`,
  `ollama._types.ResponseError: model "llama3" not found, try pulling it first (status code: 404)`,
  `OpenRouter error 429: {"error":{"message":"Rate limit exceeded: meta-llama/llama-3.1-8b-instruct:free","code":429}}`,
  `{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}`,
  `{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}`,
  `{"error":{"message":"Provider returned error","code":429,"metadata":{"provider_name":"Together","raw":"meta-llama/llama-3.3-70b-instruct is temporarily rate-limited upstream"}}}`,
  `Failed to export spans. The request could not be executed. Full error message: Connection refused (status=503)`,
  `Exporting failed. Dropping data. {"kind": "exporter", "data_type": "traces", "error": "Permanent error: rpc error: code = Unauthenticated desc = missing api key", "dropped_items": 12}`,
  `HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 200 OK"`,
  `POST /v1/chat/completions 200 OK in 1204 ms stop_reason=end_turn`,
];
