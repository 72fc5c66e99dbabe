import type { AlertNotification } from './notification.js';

const COLORS = { critical: '#d00000', warning: '#e8a317', info: '#439fe0', resolved: '#2eb67d' } as const;

const SLACK_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escapes text for Slack's message formatting: `<…>` is control markup in every text field
 * (`<!channel>` pings a channel, `<https://x|label>` is a link), so `&`, `<` and `>` are sent as
 * entities, as Slack's "Escaping text" rules ask. Every value put in a message goes through this:
 * labels and summaries carry values from the records (a model name, a service name).
 */
export function slackEscape(text: string): string {
  return text.replace(/[&<>]/g, (c) => SLACK_ENTITIES[c] ?? c);
}

/** A Slack incoming-webhook message: a one-line `text` plus an attachment with the details. */
export function slackPayload(n: AlertNotification): object {
  const state = n.status === 'resolved' ? 'RESOLVED' : n.event === 'repeat' ? 'STILL FIRING' : 'FIRING';
  const rule = slackEscape(n.rule);
  const summary = slackEscape(n.annotations['summary'] ?? n.rule);
  const group = Object.entries(n.labels)
    .filter(([k]) => k !== 'alertname' && k !== 'severity')
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const fields = [
    { title: 'Severity', value: slackEscape(n.severity), short: true },
    { title: 'Group', value: group ? slackEscape(group) : '(all)', short: true },
  ];
  for (const [key, title] of [['catalog_title', 'Error'], ['cause', 'Cause'], ['fix', 'Fix']] as const) {
    const value = n.annotations[key];
    if (value) fields.push({ title, value: slackEscape(value), short: false });
  }
  return {
    text: `[${state}] ${rule}: ${summary}`,
    attachments: [
      {
        color: n.status === 'resolved' ? COLORS.resolved : COLORS[n.severity],
        title: `${rule} (${slackEscape(n.severity)})`,
        text: summary,
        fields,
        footer: `claude-errors · fingerprint ${slackEscape(n.fingerprint)}`,
        ts: Math.floor((n.endsAt ?? n.startsAt) / 1000),
      },
    ],
  };
}
