import { Analyzer } from '@claude-errors/analyzer';

/** Where report data comes from: a running analyzer's API, or the DuckDB file through the same routes. */
export interface ReportSource {
  get<T>(path: string): Promise<T>;
  close(): Promise<void>;
}

export function httpSource(url: string, token?: string): ReportSource {
  const base = url.replace(/\/$/, '');
  return {
    async get<T>(path: string): Promise<T> {
      let res: Response;
      try {
        res = await fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      } catch (err) {
        throw new Error(`cannot reach the analyzer at ${base}: ${(err as Error).message}`);
      }
      const body = (await res.json().catch(() => ({}))) as { message?: string };
      if (!res.ok) throw new Error(`analyzer answered ${res.status} for ${path}: ${body.message ?? ''}`);
      return body as T;
    },
    close: async () => undefined,
  };
}

/** Opens the DuckDB file in-process (no analyzer may be running on it) and serves the API routes by inject. */
export async function fileSource(dataDir: string): Promise<ReportSource> {
  const analyzer = new Analyzer({ dataDir, port: 0, rulesFile: false });
  try {
    await analyzer.start();
  } catch (err) {
    const msg = (err as Error).message;
    throw new Error(/lock/i.test(msg) ? `${analyzer.store.path} is in use by a running analyzer; use --url instead (${msg})` : msg);
  }
  return {
    async get<T>(path: string): Promise<T> {
      // The analyzer listens on a loopback port and checks Host headers: name that address.
      const res = await analyzer.http.inject({ method: 'GET', url: path, headers: { host: new URL(analyzer.url).host } });
      if (res.statusCode !== 200) throw new Error(`${path}: ${(res.json() as { message?: string }).message ?? res.statusCode}`);
      return res.json() as T;
    },
    close: () => analyzer.shutdown(),
  };
}
