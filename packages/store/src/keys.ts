/**
 * Cache keys. A result is cached under (table key, analysis id, canonical JSON of the options,
 * Catena version); the key string is the sha256 of those four joined, so it is a safe file and
 * table name and does not grow with the options.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The Catena version that results are keyed on (results of another version are not reused). */
export const CATENA_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

/**
 * Canonical JSON: object keys sorted, `undefined` fields dropped, arrays kept in order. Two
 * option objects that mean the same give the same text. A non-finite number has no JSON form
 * and is refused (naming its path) rather than silently becoming `null`.
 */
export function canonicalJson(value: unknown): string {
  const walk = (v: unknown, path: string): string => {
    if (v === null) return 'null';
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new TypeError(`option ${path || '(root)'} is ${v}; expected a finite number`);
      return JSON.stringify(v);
    }
    if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map((x, i) => (x === undefined ? 'null' : walk(x, `${path}[${i}]`))).join(',')}]`;
    if (typeof v === 'object') {
      const keys = Object.keys(v as object)
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${walk((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k)}`).join(',')}}`;
    }
    throw new TypeError(`option ${path || '(root)'} is a ${typeof v}; expected JSON data (number, string, boolean, array, object)`);
  };
  return walk(value, '');
}

export const sha256 = (text: string | Uint8Array): string => createHash('sha256').update(text).digest('hex');

/** What a cached result is keyed on. */
export interface ResultKeyParts {
  /** The table's key (TableInfo.key): its file checksum together with the read options. */
  tableKey: string;
  analysis: string;
  options: unknown;
  /** Defaults to CATENA_VERSION. */
  version?: string;
}

/** The cache key of a result: sha256 of table key, analysis id, canonical options and version. */
export function resultKey(p: ResultKeyParts): string {
  return sha256([p.tableKey, p.analysis, canonicalJson(p.options ?? {}), p.version ?? CATENA_VERSION].join('\n'));
}
