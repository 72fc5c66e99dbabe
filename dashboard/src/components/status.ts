import { h } from '../dom.js';
import { ApiError } from '../api/client.js';

export function loading(what: string): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, `Loading ${what}…`);
}

export function errorBox(err: unknown): HTMLElement {
  if (err instanceof ApiError && err.status === 401) {
    return h(
      'div',
      { class: 'notice error', role: 'alert' },
      h('strong', null, 'The analyzer needs an API token. '),
      'Open the page once with ',
      h('code', null, '?token=<your token>'),
      ' or enter it with the Token button at the top.',
    );
  }
  const msg = err instanceof ApiError ? `${err.code ? `${err.code}: ` : ''}${err.message}` : String(err);
  return h('div', { class: 'notice error', role: 'alert' }, h('strong', null, 'Could not load: '), msg);
}

export function empty(text: string): HTMLElement {
  return h('p', { class: 'empty' }, text);
}
