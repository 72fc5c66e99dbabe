import { getJson } from '../api/client.js';
import type { CatalogEntry, ErrorPage, ErrorRow } from '../api/types.js';
import { controls, scope } from '../components/controls.js';
import { copyable } from '../components/copy.js';
import { empty, errorBox, loading } from '../components/status.js';
import { dataTable } from '../components/table.js';
import { h, replace } from '../dom.js';
import { fmtClock, fmtTime } from '../format.js';
import { navigate, routeHref, sharedQuery, updateQuery } from '../router.js';
import type { MountView } from './view.js';

const PAGE = 50;

export const mountErrors: MountView = (root, route) => {
  const q = route.query;
  const params = { ...scope(q), catalog_id: q.get('catalog_id'), status: q.get('status'), kind: q.get('kind'), limit: Number(q.get('limit')) || PAGE };
  const tbody = h('tbody');
  const more = h('button', { type: 'button', class: 'more', hidden: true }, 'Load older errors');
  const status = h('div', { role: 'status', class: 'table-status' }, loading('errors'));
  replace(
    root,
    h('h1', null, 'Errors'),
    controls(q),
    errorFilters(q),
    dataTable({
      class: 'errors',
      caption: h('caption', { class: 'visually-hidden' }, 'Failed calls and attempts, newest first. Open a row for its details.'),
      columns: ['Time', 'Service', 'Model', 'Status and type', 'Catalog', 'Message', 'Attempt', 'Request id', 'Trace id'],
      body: tbody,
    }),
    status,
    more,
  );

  const abort = new AbortController();
  let cursor: string | null = null;
  let shown = 0;
  const loadPage = async (): Promise<void> => {
    more.disabled = true;
    try {
      const page = await getJson<ErrorPage>('errors', { ...params, cursor }, abort.signal);
      tbody.append(...page.rows.map(errorRow));
      shown += page.rows.length;
      cursor = page.next_cursor;
      more.hidden = !cursor;
      replace(status, shown === 0 ? empty('No errors in this range.') : `${shown} shown${cursor ? '' : ' (all)'}`);
    } catch (err) {
      if (!abort.signal.aborted) replace(status, errorBox(err));
    } finally {
      more.disabled = false;
    }
  };
  more.addEventListener('click', () => void loadPage());
  void loadPage();
  return () => abort.abort();
};

function errorFilters(q: URLSearchParams): HTMLElement {
  const catalog = h('select', { id: 'filter-catalog' }, h('option', { value: '' }, 'All'));
  const current = q.get('catalog_id') ?? '';
  if (current) catalog.append(h('option', { value: current, selected: true }, current));
  void getJson<{ entries: CatalogEntry[] }>('catalog').then(
    (c) => {
      for (const e of c.entries) if (e.id !== current) catalog.append(h('option', { value: e.id }, `${e.id}${e.count ? ` (${e.count})` : ''}`));
    },
    () => undefined,
  );
  catalog.addEventListener('change', () => updateQuery({ catalog_id: catalog.value || null }));
  const status = h('input', { id: 'filter-status', type: 'text', inputmode: 'numeric', pattern: '[0-9]{3}', size: 4, placeholder: 'e.g. 529', value: q.get('status') ?? '' });
  status.addEventListener('change', () => updateQuery({ status: status.value.trim() || null }));
  const kind = h(
    'select',
    { id: 'filter-kind' },
    [
      ['', 'Calls and attempts'],
      ['call', 'Failed calls only'],
      ['attempt', 'Failed attempts only'],
    ].map(([v, l]) => h('option', { value: v ?? '', selected: (q.get('kind') ?? '') === v }, l ?? '')),
  );
  kind.addEventListener('change', () => updateQuery({ kind: kind.value || null }));
  return h(
    'form',
    { class: 'controls', 'aria-label': 'Error filters', onsubmit: (e: Event) => e.preventDefault() },
    h('span', { class: 'control' }, h('label', { for: 'filter-kind' }, 'Show'), kind),
    h('span', { class: 'control' }, h('label', { for: 'filter-catalog' }, 'Catalog entry'), catalog),
    h('span', { class: 'control' }, h('label', { for: 'filter-status' }, 'HTTP status'), status),
  );
}

export function attemptText(row: Pick<ErrorRow, 'attempt' | 'attempts'>): string {
  if (row.attempt === 0) return row.attempts ? `call, ${row.attempts} attempt${row.attempts === 1 ? '' : 's'}` : 'call';
  return row.attempts ? `${row.attempt}/${row.attempts}` : String(row.attempt);
}

function errorRow(row: ErrorRow): HTMLElement {
  const href = routeHref('errors', [row.trace_id, row.span_id], sharedQuery());
  const tr = h(
    'tr',
    { class: `row-${row.outcome} ${row.attempt > 0 ? 'attempt' : 'call'}`, 'data-trace-id': row.trace_id, 'data-span-id': row.span_id, 'data-attempt': row.attempt },
    h('td', { class: 'nowrap' }, h('a', { href, title: `${fmtTime(row.time)} (${row.time}): open details` }, fmtClock(row.time))),
    h('td', null, row.service),
    h('td', null, row.model ?? '–'),
    h('td', null, row.status ? h('span', { class: `http s${String(row.status)[0]}xx` }, String(row.status)) : null, row.status ? ' ' : null, row.error_type ?? (row.status ? '' : '–')),
    h('td', null, row.catalog_id ? h('a', { href: routeHref('catalog', [row.catalog_id]) }, row.catalog_id) : '–'),
    h('td', { class: 'message', title: row.message ?? '' }, row.message ?? ''),
    h('td', { class: 'nowrap' }, attemptText(row)),
    h('td', null, copyable(row.request_id, 'request id')),
    h('td', null, copyable(row.trace_id, 'trace id')),
  );
  tr.addEventListener('click', (ev) => {
    const target = ev.target as HTMLElement;
    if (target.closest('a, button')) return;
    navigate('errors', [row.trace_id, row.span_id], sharedQuery());
  });
  return tr;
}
