/** Notifier settings as the rules file normalizes them (durations in ms), and as the API shows them. */

export type NotifyFormat = 'alertmanager' | 'slack' | 'json';

export interface NotifierConfig {
  name: string;
  url: string; // with ${ENV} expanded
  format: NotifyFormat;
  headers: Record<string, string>;
  repeatIntervalMs: number;
  /** Notification grouping: null = each alert alone; otherwise the label names a group agrees on. */
  groupBy: string[] | null;
  groupWaitMs: number;
  groupIntervalMs: number;
  timeoutMs: number;
  maxAttempts: number;
}

/** A notifier as the API shows it: no URL credentials, path or header values. */
export interface NotifierSummary {
  name: string;
  format: NotifyFormat;
  url: string; // redacted: scheme://host:port/*** only
  headers: string[]; // header names only
  repeat_interval: string;
}
