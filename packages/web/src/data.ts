/** Fetching hooks and small helpers on tidy rows. */
import { useEffect, useState } from 'react';
import { api, type Result, type Row, type TableEntry } from './api';

export interface Loaded<T> {
  data?: T;
  error?: string;
  loading: boolean;
}

/** GETs `url` (null: nothing to fetch) and re-fetches when it changes. */
export function useFetch<T>(url: string | null): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ loading: !!url });
  useEffect(() => {
    if (!url) return setState({ loading: false });
    let live = true;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    api<T>(url).then(
      (data) => live && setState({ data, loading: false }),
      (e: Error) => live && setState({ error: e.message, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [url]);
  return state;
}

export function useTables(): Loaded<{ tables: TableEntry[] }> {
  return useFetch<{ tables: TableEntry[] }>('/api/tables');
}

export const pick = (r: Result | undefined, part: string, measure?: string): Row[] =>
  r ? r.rows.filter((x) => x.part === part && (measure === undefined || x.measure === measure)) : [];

export const value = (r: Result | undefined, part: string, measure: string): number | null => {
  const x = pick(r, part, measure)[0];
  return x && typeof x.value === 'number' ? x.value : null;
};

export function fmt(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 1e4) return v.toLocaleString('en-US', { maximumFractionDigits: 0 });
  return v.toLocaleString('en-US', { maximumSignificantDigits: Math.max(digits, 1) + (a >= 1 ? 1 : 0) });
}

export function toCsv(columns: string[], rows: Row[]): string {
  const cell = (v: Cell) => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}
type Cell = Row[string];

export function download(name: string, href: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function downloadText(name: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  download(name, url);
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The table chosen in the URL (?table=, default the sample world) and the list to choose from. */
export function useChosenTable(param = 'table') {
  const tables = useTables();
  const id = new URLSearchParams(location.search).get(param) ?? 'sample';
  const list = tables.data?.tables ?? [];
  const entry = list.find((t) => t.id === id) ?? list[0];
  return { tables: list, entry, error: tables.error };
}
