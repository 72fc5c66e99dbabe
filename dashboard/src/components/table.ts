import { h, type Child } from '../dom.js';

export interface TableParts {
  /** The table's class: its styles and the browser tests find it by it. */
  class: string;
  caption?: string | HTMLTableCaptionElement;
  /** Column headings: a text becomes `<th scope="col">`; a cell is used as it is (e.g. with class `num`). */
  columns: (string | HTMLTableCellElement)[];
  /** The rows, or a `<tbody>` the view keeps to add rows to later. */
  body: Child[] | HTMLTableSectionElement;
}

/**
 * Every data table of the dashboard: `<div class="table-wrap">` (scrolls sideways on narrow
 * screens) around `<table>` with its caption, one header row and the body.
 */
export function dataTable(t: TableParts): HTMLElement {
  const caption = typeof t.caption === 'string' ? h('caption', null, t.caption) : t.caption;
  const head = h('thead', null, h('tr', null, ...t.columns.map((c) => (typeof c === 'string' ? h('th', { scope: 'col' }, c) : c))));
  const body = Array.isArray(t.body) ? h('tbody', null, t.body) : t.body;
  return h('div', { class: 'table-wrap' }, h('table', { class: t.class }, caption, head, body));
}
