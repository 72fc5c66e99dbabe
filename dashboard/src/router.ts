// Hash routing: `#/<view>/<path…>?<query>`. The query holds the time range and filters, so a view
// can be bookmarked or shared, and switching views keeps them.

export interface Route {
  view: string;
  path: string[];
  query: URLSearchParams;
}

/** Query keys that follow the user from view to view. */
export const SHARED_KEYS = ['from', 'to', 'service', 'model', 'platform'] as const;

export function parseRoute(hash = location.hash): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const [view = '', ...path] = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  return { view: view || 'overview', path, query: new URLSearchParams(queryPart) };
}

export function routeHref(view: string, path: string[] = [], query?: URLSearchParams): string {
  const q = query ?? sharedQuery();
  const qs = q.toString();
  const p = [view, ...path].map(encodeURIComponent).join('/');
  return `#/${p}${qs ? `?${qs}` : ''}`;
}

/** The current query restricted to the shared keys. */
export function sharedQuery(from: URLSearchParams = parseRoute().query): URLSearchParams {
  const q = new URLSearchParams();
  for (const key of SHARED_KEYS) {
    const v = from.get(key);
    if (v) q.set(key, v);
  }
  return q;
}

/** Sets (or, with null/empty, removes) query keys on the current route and navigates. */
export function updateQuery(changes: Record<string, string | null>): void {
  const route = parseRoute();
  for (const [key, value] of Object.entries(changes)) {
    if (value) route.query.set(key, value);
    else route.query.delete(key);
  }
  location.hash = routeHref(route.view, route.path, route.query);
}

export function navigate(view: string, path: string[] = [], query?: URLSearchParams): void {
  location.hash = routeHref(view, path, query);
}
