import { getJson } from '../api/client.js';
import type { CatalogEntry } from '../api/types.js';
import { markdown } from '../components/markdown.js';
import { empty, errorBox, loading } from '../components/status.js';
import { controls, scope } from '../components/controls.js';
import { h, replace } from '../dom.js';
import { fmtInt } from '../format.js';
import { onLive } from '../live.js';
import { routeHref, sharedQuery } from '../router.js';
import type { MountView } from './view.js';

export const mountCatalog: MountView = (root, route) => {
  const focusId = route.path[0] ?? null;
  const search = h('input', { type: 'search', id: 'catalog-search', placeholder: 'status, type or words', value: route.query.get('q') ?? '' });
  const list = h('div', { class: 'catalog' }, loading('catalog'));
  replace(root, h('h1', null, 'Error catalog'), h('p', { class: 'hint' }, 'Every known Claude API error, why it happens and what to do. Counts cover the time range and filters below, and are live.'), controls(route.query), h('div', { class: 'controls' }, h('span', { class: 'control grow' }, h('label', { for: 'catalog-search' }, 'Search'), search)), list);

  let entries: CatalogEntry[] = [];
  const abort = new AbortController();
  const render = (): void => {
    const needle = search.value.trim().toLowerCase();
    const shown = entries.filter((e) => !needle || [e.id, e.title, e.cause, e.fix, e.error_type, String(e.status)].join(' ').toLowerCase().includes(needle));
    replace(list, shown.length ? shown.map((e) => card(e, e.id === focusId)) : empty('No entry matches.'));
  };
  const load = async (first: boolean): Promise<void> => {
    try {
      entries = (await getJson<{ entries: CatalogEntry[] }>('catalog', scope(route.query), abort.signal)).entries;
      // Entries seen in the range first, most seen first; the rest keep the catalog's order.
      entries = entries.map((e, i) => ({ e, i })).sort((a, b) => b.e.count - a.e.count || a.i - b.i).map((x) => x.e);
      if (first) {
        render();
        if (focusId) document.getElementById(`entry-${focusId}`)?.scrollIntoView({ block: 'start' });
      } else {
        updateCounts(list, entries);
      }
    } catch (err) {
      if (!abort.signal.aborted && first) replace(list, errorBox(err));
    }
  };
  search.addEventListener('input', render);
  void load(true);
  let last = Date.now();
  const off = onLive((batch) => {
    if (batch.errors.length > 0 && Date.now() - last > 3000) {
      last = Date.now();
      void load(false);
    }
  });
  return () => {
    off();
    abort.abort();
  };
};

function countText(e: CatalogEntry): string {
  if (e.failed_calls === undefined || e.failed_attempts === undefined) return `${fmtInt(e.count)} seen`;
  return `${fmtInt(e.failed_calls)} failed calls · ${fmtInt(e.failed_attempts)} failed attempts`;
}

const LANGUAGES: Record<string, string> = { ts: 'TypeScript', js: 'JavaScript', python: 'Python', py: 'Python', sh: 'Shell', bash: 'Shell' };

export function snippets(map: Record<string, string> | null | undefined): HTMLElement | null {
  const entries = Object.entries(map ?? {});
  if (entries.length === 0) return null;
  return h(
    'div',
    { class: 'snippets' },
    entries.map(([lang, code]) => h('figure', null, h('figcaption', null, LANGUAGES[lang] ?? lang), h('pre', { class: 'code', 'data-lang': lang, tabindex: 0 }, h('code', null, code)))),
  );
}

function updateCounts(list: HTMLElement, entries: CatalogEntry[]): void {
  for (const e of entries) {
    const el = list.querySelector<HTMLElement>(`[data-entry="${CSS.escape(e.id)}"] .count`);
    if (el) el.textContent = countText(e);
  }
}

function card(e: CatalogEntry, focused: boolean): HTMLElement {
  const q = sharedQuery();
  q.set('catalog_id', e.id);
  return h(
    'article',
    { class: `entry${focused ? ' focused' : ''}${e.count ? ' seen' : ''}`, id: `entry-${e.id}`, 'data-entry': e.id, 'aria-labelledby': `entry-title-${e.id}` },
    h(
      'header',
      null,
      h('h2', { id: `entry-title-${e.id}` }, e.title),
      h('div', { class: 'tags' }, h('code', null, e.id), e.status ? h('span', { class: `http s${String(e.status)[0]}xx` }, `HTTP ${e.status}`) : null, e.error_type ? h('span', { class: 'tag' }, e.error_type) : null, e.retryable !== null && e.retryable !== undefined ? h('span', { class: 'tag' }, e.retryable === true ? 'retryable' : e.retryable === false ? 'not retryable' : `retryable: ${e.retryable}`) : null, e.fault ? h('span', { class: 'tag' }, `fault: ${e.fault}`) : null, h('a', { class: 'count', href: routeHref('errors', [], q), 'data-count': e.count }, countText(e))),
    ),
    e.cause ? h('section', null, h('h3', null, 'Cause'), markdown(e.cause)) : null,
    e.fix ? h('section', null, h('h3', null, 'Fix'), markdown(e.fix), snippets(e.snippets)) : null,
    e.references && e.references.length
      ? h(
          'section',
          null,
          h('h3', null, 'References'),
          h(
            'ul',
            { class: 'refs' },
            e.references.map((r) => {
              const url = typeof r === 'string' ? r : (r.url ?? '');
              const title = typeof r === 'string' ? r : (r.title ?? r.url);
              return h('li', null, /^https?:\/\//.test(url) ? h('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, title) : title);
            }),
          ),
        )
      : null,
  );
}
