// Light and dark themes: the system preference by default, a toggle that overrides it (saved).
const KEY = 'claude-errors.theme';
type Theme = 'light' | 'dark';

export function currentTheme(): Theme {
  const set = document.documentElement.dataset['theme'];
  if (set === 'light' || set === 'dark') return set;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function toggleTheme(): Theme {
  const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset['theme'] = next;
  try {
    localStorage.setItem(KEY, next);
  } catch {
    // Not saved; the choice lasts for this page.
  }
  window.dispatchEvent(new CustomEvent('themechange'));
  return next;
}

/** Reads a CSS custom property (for the charts, which draw on a canvas). */
export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
