/** Every page's state lives in the URL's query: one hook reads and writes a parameter. */
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
window.addEventListener('popstate', notify);
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const snapshot = () => location.search;

export function setParams(changes: Record<string, string | undefined>, push = false): void {
  const p = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === '') p.delete(k);
    else p.set(k, v);
  }
  const url = `${location.pathname}?${p}${location.hash}`;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
  notify();
}

/** [value, set] of one query parameter, with a default that is not written to the URL. */
export function useParam(name: string, fallback = ''): [string, (v: string | undefined) => void] {
  const search = useSyncExternalStore(subscribe, snapshot);
  const v = new URLSearchParams(search).get(name);
  return [v ?? fallback, (x) => setParams({ [name]: x })];
}
