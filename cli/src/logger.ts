import { pino, type Logger } from 'pino';

/** Structured logs on stderr (stdout stays for the URLs and reports a person reads). */
export function makeLogger(level: string, name: string): Logger {
  return pino({ level, name, redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]'], censor: '[REDACTED]' } }, pino.destination(2));
}
