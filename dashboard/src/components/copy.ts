import { h } from '../dom.js';

/** An id shown in monospace with a button that copies it. */
export function copyable(value: string | null | undefined, label: string): HTMLElement {
  if (!value) return h('span', { class: 'muted' }, '–');
  const button = copyButton(value, { 'aria-label': `Copy ${label} ${value}`, title: `Copy ${label}` });
  return h('span', { class: 'copyable' }, h('code', { class: 'id', 'data-copy': label, title: value }, value), button);
}

/** A block of code (a file or a few shell lines) with a button that copies all of it. */
export function copyableBlock(code: string, label: string): HTMLElement {
  return h('div', { class: 'code-block' }, h('pre', { 'data-copy': label }, h('code', null, code)), copyButton(code, { 'aria-label': `Copy ${label}` }));
}

/** A "Copy" button that copies `text` and says whether it worked. */
function copyButton(text: string, props: Record<string, string>): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'copy', ...props }, 'Copy');
  button.addEventListener('click', (ev) => {
    ev.stopPropagation();
    void copyText(text).then((ok) => {
      button.textContent = ok ? 'Copied' : 'Select';
      setTimeout(() => (button.textContent = 'Copy'), 1500);
    });
  });
  return button;
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
