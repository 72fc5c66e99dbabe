/**
 * `url` without its trailing slashes (`http://127.0.0.1:4320//` -> `http://127.0.0.1:4320`). A loop,
 * not `url.replace(/\/+$/, '')`: that regex restarts at every slash of a run that is not at the end
 * (`a////…/b`), quadratic in the run, and the ReDoS checks of `npm test` refuse it.
 */
export function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url.charCodeAt(end - 1) === 0x2f) end--;
  return url.slice(0, end);
}
