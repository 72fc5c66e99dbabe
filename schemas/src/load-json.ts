import { readFileSync } from 'node:fs';

/** Reads a JSON file that ships beside this package's `src/` and `dist/` folders. */
export function loadPackageJson<T>(fileName: string): T {
  const url = new URL(`../${fileName}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}
