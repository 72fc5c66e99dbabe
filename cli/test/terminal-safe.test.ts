import { describe, expect, it } from 'vitest';
import { renderAlerts } from '../src/commands/alerts.js';
import { table, terminalSafe } from '../src/report/render.js';

// Values from stored records and log files reach the terminal: escape sequences in them are shown,
// not obeyed.
const EVIL = 'opus\u001b]0;pwned\u0007\u001b[2J\u009b31m';

describe('terminal output is safe from stored values', () => {
  it('terminalSafe shows control characters as \\xNN and leaves text, newlines and tabs alone', () => {
    expect(terminalSafe(EVIL)).toBe('opus\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m');
    expect(terminalSafe('plain ✓ text\twith\nlines')).toBe('plain ✓ text\twith\nlines');
  });
  it('tables (report, alerts) escape every cell and keep each row on one line', () => {
    const out = table(['A', 'B'], [[EVIL, 'x\ny']]);
    expect(out).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(out.split('\n')).toHaveLength(3);
    const alerts = renderAlerts({
      active: [{ severity: 'critical', rule: 'r', labels: { model: EVIL }, starts_at: new Date().toISOString(), annotations: { summary: EVIL }, notifications: [] } as never],
      history: [],
    });
    expect(alerts).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(alerts).toContain('model=opus\\x1b]0;pwned');
  });
});
