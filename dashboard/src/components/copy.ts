import { h } from '../dom.js';

/** An id shown in monospace with a button that copies it. */
export function copyable(value: string | null | undefined, label: string): HTMLElement {
  if (!value) return h('span', { class: 'muted' }, '–');
  const button = h('button', { type: 'button', class: 'copy', 'aria-label': `Copy ${label} ${value}`, title: `Copy ${label}` }, 'Copy');
  button.addEventListener('click', (ev) => {
    ev.stopPropagation();
    void copyText(value).then((ok) => {
      button.textContent = ok ? 'Copied' : 'Select';
      setTimeout(() => (button.textContent = 'Copy'), 1500);
    });
  });
  return h('span', { class: 'copyable' }, h('code', { class: 'id', 'data-copy': label, title: value }, value), button);
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API unavailable (e.g. plain http on another host): fall back to a selection.
    const area = h('textarea', { class: 'visually-hidden', readonly: true });
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}
