import { getJson } from '../api/client.js';
import type { ErrorDetail, ErrorRow } from '../api/types.js';
import { copyable } from '../components/copy.js';
import { markdown } from '../components/markdown.js';
import { snippets } from './catalog.js';
import { errorBox, loading } from '../components/status.js';
import { dataTable } from '../components/table.js';
import { h, replace, type Child } from '../dom.js';
import { fmtInt, fmtTime } from '../format.js';
import { routeHref, sharedQuery } from '../router.js';
import { attemptText } from './errors.js';
import type { MountView } from './view.js';

export const mountErrorDetail: MountView = (root, route) => {
  const [traceId = '', spanId = ''] = route.path;
  const body = h('div', null, loading('error details'));
  replace(root, h('p', null, h('a', { href: routeHref('errors', [], sharedQuery()) }, '← All errors')), h('h1', null, 'Error details'), body);
  const abort = new AbortController();
  getJson<ErrorDetail>(`errors/${encodeURIComponent(traceId)}/${encodeURIComponent(spanId)}`, {}, abort.signal).then(
    (d) => replace(body, detail(d)),
    (err: unknown) => {
      if (!abort.signal.aborted) replace(body, errorBox(err));
    },
  );
  return () => abort.abort();
};

/** What went wrong: the call's own error, or the failed attempts the SDK retried away. */
function headline(c: ErrorRow, attempts: ErrorRow[]): [string, string | null] {
  const failed = attempts.filter((a) => a.outcome === 'error');
  const last = failed[failed.length - 1];
  if (c.outcome === 'success' && last) {
    const what = `${last.error_type ?? 'error'}${last.status ? ` · HTTP ${last.status}` : ''}`;
    return [`Retried away: ${failed.length} failed attempt${failed.length === 1 ? '' : 's'} (${what}), then the call succeeded`, last.message];
  }
  return [`${c.error_type ?? c.outcome}${c.status ? ` · HTTP ${c.status}` : ''}`, c.message ?? last?.message ?? null];
}

function detail(d: ErrorDetail): HTMLElement {
  const c = d.call ?? d.attempts[d.attempts.length - 1];
  if (!c) return h('p', { class: 'empty' }, 'Nothing recorded for this call.');
  const [title, message] = headline(c, d.attempts);
  const dl = (pairs: [string, Child][]): HTMLElement => h('dl', { class: 'kv' }, pairs.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v ?? '–')]));
  return h(
    'div',
    { class: 'detail', 'data-trace-id': c.trace_id },
    h('section', { class: 'panel', 'aria-labelledby': 'd-msg' }, h('h2', { id: 'd-msg' }, title), h('pre', { class: 'message-full', tabindex: 0 }, message ?? '(no message recorded)')),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'd-call' },
      h('h2', { id: 'd-call' }, 'Call'),
      dl([
        ['Time', fmtTime(c.time)],
        ['Outcome', c.outcome],
        ['Service', c.service],
        ['Model', c.model],
        ['Platform', c.platform],
        ['Operation', c.operation],
        ['Attempts', attemptText(c)],
        ['Request id', copyable(c.request_id, 'request id')],
        ['Trace id', copyable(c.trace_id, 'trace id')],
        ['Span id', copyable(c.span_id, 'span id')],
      ]),
    ),
    h('section', { class: 'panel', 'aria-labelledby': 'd-attempts' }, h('h2', { id: 'd-attempts' }, `Attempts (${d.attempts.length})`), attemptsTable(d.attempts)),
    d.catalog
      ? h(
          'section',
          { class: 'panel fix-panel', 'aria-labelledby': 'd-fix' },
          h('h2', { id: 'd-fix' }, 'What to do: ', h('a', { href: routeHref('catalog', [d.catalog.id]) }, d.catalog.title)),
          d.catalog.cause ? h('p', { class: 'cause' }, d.catalog.cause) : null,
          markdown(d.catalog.fix),
          snippets(d.catalog.snippets),
        )
      : null,
    h('section', { class: 'panel', 'aria-labelledby': 'd-attrs' }, h('h2', { id: 'd-attrs' }, 'Recorded headers and attributes'), attributes(c.attributes)),
  );
}

function attemptsTable(rows: ErrorRow[]): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'muted' }, 'No attempt rows recorded for this call.');
  return dataTable({
    class: 'attempts',
    columns: ['#', 'Time', 'Outcome', 'Status', 'Error type', 'Retry-After', 'Request id', 'Headers'],
    body: rows.map((a) =>
      h(
        'tr',
        { class: `row-${a.outcome}` },
        h('td', null, String(a.attempt)),
        h('td', { class: 'nowrap' }, fmtTime(a.time)),
        h('td', null, a.outcome),
        h('td', null, a.status ? String(a.status) : '–'),
        h('td', null, a.error_type ?? '–'),
        h('td', null, a.retry_after_ms !== null && a.retry_after_ms !== undefined ? `${fmtInt(a.retry_after_ms)} ms` : '–'),
        h('td', null, copyable(a.request_id, 'request id')),
        h('td', null, attributes(a.attributes, true)),
      ),
    ),
  });
}

function attributes(attrs: Record<string, unknown> | null | undefined, compact = false): HTMLElement {
  const entries = Object.entries(attrs ?? {});
  if (entries.length === 0) return h('span', { class: 'muted' }, compact ? '–' : 'None recorded.');
  return h('dl', { class: `kv attrs${compact ? ' compact' : ''}` }, entries.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, typeof v === 'string' ? v : JSON.stringify(v))]));
}
