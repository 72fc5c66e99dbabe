const intFormat = new Intl.NumberFormat('en-US');

export function fmtInt(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : intFormat.format(n);
}

/** 0.1234 -> "12.34%". */
export function fmtPct(ratio: number | null | undefined, digits = 2): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '–';
  return `${(ratio * 100).toFixed(digits)}%`;
}

export function fmtTime(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "14:03:07" for today, the full date and time otherwise. */
export function fmtClock(iso: string, now = new Date()): string {
  const full = fmtTime(iso);
  const d = new Date(iso);
  return d.toDateString() === now.toDateString() ? full.slice(11) : full;
}

export function fmtAgo(iso: string | number | null | undefined, now = Date.now()): string {
  if (iso === null || iso === undefined || iso === '') return '–';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return String(iso);
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

export function firstLine(text: string | null | undefined): string {
  if (!text) return '';
  const line = text.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('```')) ?? '';
  return line.trim();
}

/** Labels that repeat what the row already shows (the rule name and severity). */
const SHOWN_ELSEWHERE = new Set(['alertname', 'severity']);

export function fmtLabels(labels: Record<string, unknown> | null | undefined): string {
  if (!labels) return '';
  return Object.entries(labels)
    .filter(([k]) => !SHOWN_ELSEWHERE.has(k))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}
