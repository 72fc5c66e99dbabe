import { authHeaders } from './token.js';

/** An API answer other than 2xx, with the analyzer's `{ code, message }` body when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
  }
}

export type Params = Record<string, string | number | null | undefined>;

export function apiUrl(path: string, params: Params = {}): string {
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') qs.set(key, String(value));
  }
  const query = qs.toString();
  return `api/v1/${path}${query ? `?${query}` : ''}`;
}

export async function getJson<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  const init: RequestInit = { headers: { Accept: 'application/json', ...authHeaders() } };
  if (signal) init.signal = signal;
  const res = await fetch(apiUrl(path, params), init);
  if (!res.ok) throw await toApiError(res);
  return (await res.json()) as T;
}

async function toApiError(res: Response): Promise<ApiError> {
  let code: string | null = null;
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { code?: string; message?: string };
    code = body.code ?? null;
    if (body.message) message = body.message;
  } catch {
    // Not JSON: keep the status line.
  }
  return new ApiError(res.status, code, message);
}
