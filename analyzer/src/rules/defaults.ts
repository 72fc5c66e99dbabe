import type { RulesFile } from '@claude-errors/schemas';
import { stringify } from 'yaml';

/**
 * The rules used when no rules file is given. The circuit-breaker rule follows the reference
 * guide's advice: fail over after 3 consecutive 500/529 errors. The headroom rule warns before
 * the first 429: two responses in a row with under 20 % of a rate limit left (resolved by one
 * with at least 40 % of every limit left). No notifiers: alerts show in the
 * API, the dashboard and the `alerts` table until a rules file adds a webhook.
 */
export const defaultRulesFile: RulesFile = {
  rules: [
    {
      name: 'overloaded-streak',
      kind: 'streak',
      match: { status: [529] },
      level: 'attempt',
      threshold: 5,
      group_by: ['model'],
      resolve: { successes: 3 },
      severity: 'critical',
      summary: '{value} consecutive 529 overloaded attempts for model {model}',
    },
    {
      name: 'server-error-streak',
      kind: 'streak',
      match: { status: [500] },
      level: 'attempt',
      threshold: 3,
      group_by: ['model'],
      resolve: { successes: 1 },
      severity: 'warning',
      summary: '{value} consecutive 500 api_error attempts for model {model}',
    },
    {
      name: 'circuit-open',
      kind: 'streak',
      match: { status: [500, 529] },
      level: 'call',
      threshold: 3,
      group_by: ['service', 'model'],
      resolve: { successes: 1 },
      severity: 'critical',
      summary: 'circuit open: {value} consecutive calls from {service} to {model} failed with 500/529 after retries',
    },
    {
      name: 'rate-limit-headroom',
      kind: 'headroom',
      level: 'attempt',
      below: 0.2,
      above: 0.4,
      threshold: 2,
      group_by: ['service', 'model'],
      severity: 'warning',
      summary: 'rate-limit headroom under 20% on {value} consecutive responses to {service} for {model}: the next requests may get 429',
    },
    {
      name: 'error-rate',
      kind: 'rate',
      match: {},
      level: 'call',
      threshold: 0.2,
      window: '5m',
      min_total: 20,
      group_by: ['service'],
      severity: 'warning',
      summary: 'error rate {value} of calls from {service} over 5m (threshold {threshold})',
    },
  ],
  notifiers: [],
};

/** The default rules as a YAML document, a starting point for a rules file. */
export function defaultRulesYaml(): string {
  return `# claude-errors default alert rules (used when no --rules file is given).\n${stringify(defaultRulesFile)}`;
}
