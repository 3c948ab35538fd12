/** Talking to the Catena API: the token (from the URL's #token= once), JSON calls, download links. */
export type Cell = string | number | null;
export type Row = Record<string, Cell>;
export interface Result {
  columns: string[];
  rows: Row[];
  meta: Record<string, unknown>;
}
export interface TableEntry {
  id: string;
  name: string;
  source: string;
  year: number | null;
  unit: string;
  countries: string[];
  sectors: string[];
  builtin: boolean;
  series: string;
}

const token: string | null = (() => {
  const m = location.hash.match(/token=([^&]+)/);
  if (m) sessionStorage.setItem('catena-token', decodeURIComponent(m[1]));
  return sessionStorage.getItem('catena-token');
})();

export class ApiError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  if (init.body && typeof init.body === 'string') headers.set('content-type', 'application/json');
  const res = await fetch(path, { ...init, headers });
  if (res.status === 204) return undefined as T;
  const body = await res.json().catch(() => ({ message: `${res.status} ${res.statusText}` }));
  if (!res.ok) throw new ApiError(body.message ?? res.statusText, body.field);
  return body as T;
}

export const post = <T>(path: string, body: unknown) => api<T>(path, { method: 'POST', body: JSON.stringify(body) });

/** A link that downloads from the API (the token goes in the query, as links cannot set headers). */
export function apiLink(path: string): string {
  return token ? `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}` : path;
}

export const viewUrl = (table: string, view: string, q: Record<string, string | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, v);
  return `/api/tables/${encodeURIComponent(table)}/views/${view}?${p}`;
};
