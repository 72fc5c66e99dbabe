// Rules-file text shared by the analyzer's, the CLI's and the end-to-end alerting tests.

/**
 * The documented 529 streak rule (docs/alerts.md, examples/rules.yaml) as an item of a rules file's
 * `rules:` list (no newline at the end); tests change the numbers they assert on.
 */
export function overloadedStreakRule(opts: { threshold?: number; successes?: number; severity?: string } = {}): string {
  const { threshold = 5, successes = 3, severity = 'critical' } = opts;
  return `  - name: overloaded-streak
    kind: streak
    match: { status: [529] }
    level: attempt
    threshold: ${threshold}
    group_by: [model]
    resolve: { successes: ${successes} }
    severity: ${severity}`;
}
