import type { Severity } from '../rules/types.js';

/** One event for one notifier: what every format is rendered from. */
export interface AlertNotification {
  id: string; // the `alerts` table row this delivery updates
  event: 'firing' | 'resolved' | 'repeat';
  status: 'firing' | 'resolved';
  rule: string;
  fingerprint: string;
  severity: Severity;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  endsAt: number | null;
  value: number;
}

/** Notifications sent together under notifier grouping (group_by / group_wait). */
export interface NotificationGroup {
  /** The grouping labels and their values, alertname (the rule) first. */
  labels: Record<string, string>;
  alerts: AlertNotification[];
}
