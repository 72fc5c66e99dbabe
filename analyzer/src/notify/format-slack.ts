import type { AlertNotification, NotificationGroup } from './notification.js';

/** Alerts listed one line each in a grouped Slack message; the rest are counted. */
const SLACK_GROUP_LINES = 20;

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

/** A grouped Slack message: the count in `text`, one line per alert (at most 20, the rest counted). */
export function slackGroupPayload(g: NotificationGroup): object {
  const firing = g.alerts.filter((n) => n.status === 'firing').length;
  const head = Object.entries(g.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const lines = g.alerts.slice(0, SLACK_GROUP_LINES).map((n) => `• ${n.status === 'resolved' ? 'resolved' : n.event === 'repeat' ? 'still firing' : 'firing'}: ${slackEscape(n.annotations['summary'] ?? n.rule)}`);
  if (g.alerts.length > SLACK_GROUP_LINES) lines.push(`… and ${g.alerts.length - SLACK_GROUP_LINES} more`);
  const worst = g.alerts.find((n) => n.status === 'firing' && n.severity === 'critical') ?? g.alerts.find((n) => n.status === 'firing');
  return {
    text: `[${firing ? 'FIRING' : 'RESOLVED'}:${g.alerts.length}] ${slackEscape(head)}`,
    attachments: [{ color: worst ? COLORS[worst.severity] : COLORS.resolved, text: lines.join('\n'), footer: `claude-errors · ${g.alerts.length} alert${g.alerts.length === 1 ? '' : 's'} in this group` }],
  };
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
  for (const [key, title] of [['provider_incident', 'Provider incident'], ['catalog_title', 'Error'], ['cause', 'Cause'], ['fix', 'Fix']] as const) {
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
