import { pino, type Logger, type LoggerOptions } from 'pino';
import { scrubSecrets } from '@claude-errors/instrumentation-anthropic/scrub';
import { prettyDestination, resolveLogFormat } from './log-format.js';

/** Fastify's "Server listening at <url>": the banner on stdout already says where we listen. */
const LISTENING = /^Server listening at /;

/**
 * Structured logs on stderr (stdout stays for the URLs and reports a person reads). `format`:
 * `json` (pino's lines), `pretty` (one readable line per record, coloured when the terminal
 * supports it) or `auto` (pretty on a terminal, JSON when piped or redirected). Every line passes
 * through the shared secret scrubber before it is written, whatever logged it (error messages,
 * kafkajs warnings, request details).
 */
export function makeLogger(level: string, name: string, format = 'auto'): Logger {
  const opts: LoggerOptions = {
    level,
    name,
    redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]'], censor: '[REDACTED:secret]' },
    hooks: { streamWrite: scrubSecrets },
  };
  if (resolveLogFormat(format) === 'json') return pino(opts, pino.destination(2));
  opts.hooks = {
    ...opts.hooks,
    logMethod(args, method) {
      if (typeof args[0] === 'string' && LISTENING.test(args[0])) return;
      method.apply(this, args);
    },
  };
  return pino(opts, prettyDestination(2, process.stderr.hasColors?.() === true));
}
