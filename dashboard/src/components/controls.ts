import { parseDuration } from '@claude-errors/schemas/duration';
import { getJson } from '../api/client.js';
import type { Filters } from '../api/types.js';
import { h } from '../dom.js';
import { updateQuery } from '../router.js';

export const DEFAULT_FROM = '-1h';

const PRESETS: [string, string][] = [
  ['-15m', 'Last 15 minutes'],
  ['-1h', 'Last hour'],
  ['-24h', 'Last 24 hours'],
  ['-7d', 'Last 7 days'],
];

/** The time range and filters of a route, ready to pass to the API. */
export function scope(query: URLSearchParams): Record<string, string | null> {
  return {
    from: query.get('from') ?? DEFAULT_FROM,
    to: query.get('to') ?? 'now',
    service: query.get('service'),
    model: query.get('model'),
    platform: query.get('platform'),
  };
}

let filtersCache: Promise<Filters> | null = null;
function loadFilters(): Promise<Filters> {
  filtersCache ??= getJson<Filters>('filters').catch((err: unknown) => {
    filtersCache = null;
    throw err;
  });
  return filtersCache;
}

/**
 * Range picker plus service/model/platform filters; every change updates the address. The filter
 * options (GET /api/v1/filters scans 30 days of rows) load once `optionsAfter` settles, so on a
 * first visit they do not compete with the view's own first query for the analyzer's DuckDB
 * connection; focusing a filter loads them at once.
 */
export function controls(query: URLSearchParams, optionsAfter: Promise<unknown> = Promise.resolve()): HTMLElement {
  const after = optionsAfter.catch(() => undefined);
  return h('form', { class: 'controls', 'aria-label': 'Time range and filters', onsubmit: (e: Event) => e.preventDefault() }, rangePicker(query), filterSelect(query, 'service', 'Service', 'services', after), filterSelect(query, 'model', 'Model', 'models', after), filterSelect(query, 'platform', 'Platform', 'platforms', after));
}

function rangePicker(query: URLSearchParams): HTMLElement {
  const from = query.get('from') ?? DEFAULT_FROM;
  const to = query.get('to') ?? 'now';
  const isPreset = to === 'now' && PRESETS.some(([v]) => v === from);
  const select = h('select', { id: 'range', name: 'range' });
  for (const [value, label] of PRESETS) select.append(h('option', { value, selected: isPreset && value === from }, label));
  select.append(h('option', { value: 'custom', selected: !isPreset }, 'Custom…'));

  const fromInput = h('input', { type: 'datetime-local', id: 'range-from', value: toLocalInput(from) });
  const toInput = h('input', { type: 'datetime-local', id: 'range-to', value: toLocalInput(to) });
  const apply = h('button', { type: 'button' }, 'Apply');
  const custom = h('span', { class: 'custom-range', hidden: isPreset }, h('label', { for: 'range-from' }, 'From'), fromInput, h('label', { for: 'range-to' }, 'To'), toInput, apply);

  select.addEventListener('change', () => {
    if (select.value === 'custom') {
      custom.hidden = false;
      fromInput.focus();
    } else {
      updateQuery({ from: select.value, to: null });
    }
  });
  apply.addEventListener('click', () => {
    const f = fromLocalInput(fromInput.value);
    const t = fromLocalInput(toInput.value);
    if (f && t) updateQuery({ from: f, to: t });
  });
  return h('span', { class: 'control' }, h('label', { for: 'range' }, 'Time range'), select, custom);
}

function filterSelect(query: URLSearchParams, key: string, label: string, listKey: keyof Filters, after: Promise<unknown>): HTMLElement {
  const current = query.get(key) ?? '';
  const select = h('select', { id: `filter-${key}`, name: key }, h('option', { value: '' }, `All`));
  if (current) select.append(h('option', { value: current, selected: true }, current));
  let filled = false;
  const fill = (): void => {
    if (filled) return;
    filled = true;
    void loadFilters().then(
      (filters) => {
        for (const value of filters[listKey] ?? []) {
          if (value !== current) select.append(h('option', { value }, value));
        }
      },
      () => (filled = false),
    );
  };
  void after.then(fill);
  select.addEventListener('focus', fill);
  select.addEventListener('change', () => updateQuery({ [key]: select.value || null }));
  return h('span', { class: 'control' }, h('label', { for: `filter-${key}` }, label), select);
}

/** A relative or ISO time as the value of a datetime-local input (local time, minutes). */
function toLocalInput(value: string): string {
  const d = resolveTime(value);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Resolves `now`, `-15m`, `-24h`, … (`-` and a duration, as the API reads it) or an ISO time to a Date (for the inputs and bucket sizes). */
export function resolveTime(value: string, now = Date.now()): Date {
  if (value === 'now') return new Date(now);
  const ago = value.startsWith('-') ? parseDuration(value.slice(1)) : undefined;
  if (ago !== undefined) return new Date(now - ago);
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? new Date(now) : d;
}
