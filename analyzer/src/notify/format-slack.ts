import type { AlertNotification } from './notification.js';

const COLORS = { critical: '#d00000', warning: '#e8a317', info: '#439fe0', resolved: '#2eb67d' } as const;

/** A Slack incoming-webhook message: a one-line `text` plus an attachment with the details. */
export function slackPayload(n: AlertNotification): object {
  const state = n.status === 'resolved' ? 'RESOLVED' : n.event === 'repeat' ? 'STILL FIRING' : 'FIRING';
  const summary = n.annotations['summary'] ?? n.rule;
  const group = Object.entries(n.labels)
    .filter(([k]) => k !== 'alertname' && k !== 'severity')
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const fields = [
    { title: 'Severity', value: n.severity, short: true },
    { title: 'Group', value: group || '(all)', short: true },
  ];
  if (n.annotations['catalog_title']) fields.push({ title: 'Error', value: n.annotations['catalog_title'], short: false });
  if (n.annotations['cause']) fields.push({ title: 'Cause', value: n.annotations['cause'], short: false });
  if (n.annotations['fix']) fields.push({ title: 'Fix', value: n.annotations['fix'], short: false });
  return {
    text: `[${state}] ${n.rule}: ${summary}`,
    attachments: [
      {
        color: n.status === 'resolved' ? COLORS.resolved : COLORS[n.severity],
        title: `${n.rule} (${n.severity})`,
        text: summary,
        fields,
        footer: `claude-errors · fingerprint ${n.fingerprint}`,
        ts: Math.floor((n.endsAt ?? n.startsAt) / 1000),
      },
    ],
  };
}
