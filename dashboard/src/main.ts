import './styles.css';
import { getJson } from './api/client.js';
import { captureTokenFromUrl, getToken, setToken } from './api/token.js';
import type { AlertsResponse } from './api/types.js';
import { h, replace } from './dom.js';
import { onLive, onLiveState, startLive } from './live.js';
import { parseRoute, routeHref } from './router.js';
import { toggleTheme, currentTheme } from './theme.js';
import { mountAlerts } from './views/alerts.js';
import { mountCatalog } from './views/catalog.js';
import { mountErrorDetail } from './views/error-detail.js';
import { mountErrors } from './views/errors.js';
import { mountHealth } from './views/health.js';
import { mountLive } from './views/live.js';
import { mountOverview } from './views/overview.js';
import { mountPatterns } from './views/patterns.js';
import { mountTrends } from './views/trends.js';
import type { MountView } from './views/view.js';

const VIEWS: [string, string, MountView][] = [
  ['overview', 'Overview', mountOverview],
  ['trends', 'Trends', mountTrends],
  ['errors', 'Errors', mountErrors],
  ['catalog', 'Catalog', mountCatalog],
  ['patterns', 'Patterns', mountPatterns],
  ['alerts', 'Alerts', mountAlerts],
  ['health', 'Health', mountHealth],
  ['live', 'Live', mountLive],
];

captureTokenFromUrl();

const main = h('main', { id: 'main', tabindex: -1 });
const nav = h('nav', { 'aria-label': 'Views' });
const firing = h('a', { class: 'firing-badge', href: '#/alerts', hidden: true, 'data-testid': 'firing-badge' });
const liveDot = h('span', { class: 'live-dot', role: 'status' });
const themeButton = h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Switch to dark theme' });
const tokenButton = h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Set API token', title: 'API token' }, 'Token');

function shell(): HTMLElement {
  return h('div', { class: 'shell' }, h('header', { class: 'top' }, h('a', { class: 'brand', href: '#/overview' }, 'claude-errors'), nav, h('div', { class: 'top-right' }, firing, liveDot, tokenButton, themeButton)), main);
}

function renderNav(active: string): void {
  replace(
    nav,
    h(
      'ul',
      null,
      VIEWS.map(([id, label]) => h('li', null, h('a', { href: routeHref(id), 'aria-current': id === active ? 'page' : null }, label))),
    ),
  );
}

let unmount: (() => void) | null = null;
let lastView = '';

function route(): void {
  const r = parseRoute();
  const entry = VIEWS.find(([id]) => id === r.view);
  const mount = r.view === 'errors' && r.path.length >= 2 ? mountErrorDetail : (entry?.[2] ?? mountOverview);
  unmount?.();
  renderNav(entry ? r.view : 'overview');
  unmount = mount(main, r);
  document.title = `${entry?.[1] ?? 'Overview'} · claude-errors`;
  if (lastView && lastView !== r.view) main.focus({ preventScroll: true });
  lastView = r.view;
}

function updateThemeButton(): void {
  const dark = currentTheme() === 'dark';
  themeButton.textContent = dark ? '☀ Light' : '☾ Dark';
  themeButton.setAttribute('aria-label', dark ? 'Switch to light theme' : 'Switch to dark theme');
}

/** The header badge counts firing alerts: loaded once, then kept current by alert events. */
async function trackFiring(): Promise<void> {
  const firingKeys = new Set<string>();
  const show = (): void => {
    firing.hidden = firingKeys.size === 0;
    firing.textContent = `${firingKeys.size} alert${firingKeys.size === 1 ? '' : 's'} firing`;
  };
  try {
    const alerts = await getJson<AlertsResponse>('alerts');
    for (const a of alerts.active) firingKeys.add(a.fingerprint);
    show();
  } catch {
    // The views show the error; the badge just stays hidden.
  }
  onLive((batch) => {
    for (const a of batch.alerts) {
      if (a.status === 'firing') firingKeys.add(a.fingerprint);
      else firingKeys.delete(a.fingerprint);
    }
    show();
  });
}

themeButton.addEventListener('click', () => {
  toggleTheme();
  updateThemeButton();
});
tokenButton.addEventListener('click', () => {
  const token = prompt('API token for this analyzer (kept for this tab only; empty to clear):', getToken() ?? '');
  if (token !== null) {
    setToken(token.trim());
    location.reload();
  }
});
onLiveState((s) => {
  liveDot.className = `live-dot ${s}`;
  liveDot.textContent = s === 'open' ? 'live' : 'offline';
  liveDot.title = s === 'open' ? 'Receiving new data as it arrives' : 'Live updates disconnected; retrying';
});

replace(document.getElementById('app') as HTMLElement, shell());
updateThemeButton();
window.addEventListener('hashchange', route);
route();
startLive();
void trackFiring();
