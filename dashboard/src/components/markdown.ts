import { h, type Child } from '../dom.js';

/**
 * Renders the small Markdown subset catalog texts use: paragraphs, `-`/`*`/`1.` lists, fenced code
 * blocks (```lang), inline `code`, **bold** and [links](url). Builds DOM nodes, never HTML
 * strings, so nothing in the text can inject markup.
 */
export function markdown(text: string | null | undefined): HTMLElement {
  const root = h('div', { class: 'md' });
  if (!text) return root;
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const fence = /^\s*```\s*([\w+-]*)$/.exec(line.trimEnd());
    if (fence) {
      const code: string[] = [];
      i += 1;
      while (i < lines.length && !/^\s*```\s*$/.test(lines[i] ?? '')) code.push(lines[i++] ?? '');
      i += 1;
      const lang = fence[1] ?? '';
      root.append(h('pre', { class: 'code', 'data-lang': lang || null, tabindex: 0 }, h('code', null, code.join('\n'))));
    } else if (/^\s*([-*]|\d+\.)\s+/.test(line)) {
      const ordered = /^\s*\d+\./.test(line);
      const list = h(ordered ? 'ol' : 'ul');
      while (i < lines.length && /^\s*([-*]|\d+\.)\s+/.test(lines[i] ?? '')) {
        list.append(h('li', null, inline((lines[i++] ?? '').replace(/^\s*([-*]|\d+\.)\s+/, ''))));
      }
      root.append(list);
    } else if (line.trim() === '') {
      i += 1;
    } else {
      const para: string[] = [];
      while (i < lines.length && (lines[i] ?? '').trim() !== '' && !/^\s*(```|[-*]\s|\d+\.\s)/.test(lines[i] ?? '')) para.push(lines[i++] ?? '');
      root.append(h('p', null, inline(para.join(' '))));
    }
  }
  return root;
}

/** Inline `code`, **bold** and [text](http…) links. */
export function inline(text: string): Child[] {
  const out: Child[] = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^[\]]+)\]\((https?:\/\/[^)\s]+)\)/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    if (m[1] !== undefined) out.push(h('code', null, m[1]));
    else if (m[2] !== undefined) out.push(h('strong', null, m[2]));
    else out.push(h('a', { href: m[4] ?? '#', rel: 'noopener noreferrer', target: '_blank' }, m[3] ?? ''));
    last = re.lastIndex;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
