import { getJson } from '../api/client.js';
import type { Pattern } from '../api/types.js';
import { empty, errorBox, loading } from '../components/status.js';
import { dataTable } from '../components/table.js';
import { h, replace } from '../dom.js';
import { fmtAgo, fmtInt, fmtTime } from '../format.js';
import type { MountView } from './view.js';

const NEW_MS = 24 * 3_600_000;

export const mountPatterns: MountView = (root) => {
  const body = h('div', null, loading('patterns'));
  replace(root, h('h1', null, 'Unknown error patterns'), h('p', { class: 'hint' }, 'Errors no catalog entry explains, grouped by the shape of their message (numbers and ids masked). New patterns first.'), body);
  const abort = new AbortController();
  getJson<{ patterns: Pattern[] }>('patterns', {}, abort.signal).then(
    ({ patterns }) => replace(body, patterns.length ? table(patterns) : empty('Every error seen so far matches a catalog entry.')),
    (err: unknown) => {
      if (!abort.signal.aborted) replace(body, errorBox(err));
    },
  );
  return () => abort.abort();
};

function table(patterns: Pattern[]): HTMLElement {
  const now = Date.now();
  return dataTable({
    class: 'patterns',
    columns: ['Pattern', 'Count', 'First seen', 'Last seen', 'Sample'],
    body: patterns.map((p) =>
      h(
        'tr',
        { 'data-fingerprint': p.fingerprint },
        h('td', null, h('code', { class: 'id' }, p.fingerprint), now - new Date(p.first_seen).getTime() < NEW_MS ? h('span', { class: 'badge new' }, 'new') : null),
        h('td', { class: 'num' }, fmtInt(p.count)),
        h('td', { title: p.first_seen }, fmtTime(p.first_seen)),
        h('td', { title: p.last_seen }, fmtAgo(p.last_seen)),
        h('td', null, h('pre', { class: 'sample', tabindex: 0 }, p.sample)),
      ),
    ),
  });
}
