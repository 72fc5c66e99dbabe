import { formatDuration } from '@claude-errors/schemas';
import type { NotifierConfig, NotifierSummary } from './config.js';

/**
 * A webhook URL without anything that may be a secret: user info, path (Slack and similar
 * services put the token there) and query are replaced by `***`.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    const hidden = (u.pathname !== '/' && u.pathname !== '') || u.search !== '' || u.username !== '' || u.password !== '';
    return `${u.protocol}//${u.host}${hidden ? '/***' : '/'}`;
  } catch {
    return '***';
  }
}

export function summarizeNotifier(n: NotifierConfig): NotifierSummary {
  return {
    name: n.name,
    format: n.format,
    url: redactUrl(n.url),
    headers: Object.keys(n.headers),
    repeat_interval: formatDuration(n.repeatIntervalMs),
  };
}
