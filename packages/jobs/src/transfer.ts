/**
 * A table as plain data, to hand to a worker thread (structured clone, buffers transferred) or
 * to store in Redis for `catena worker` processes on other machines (one binary string: a JSON
 * header, then the Float64 parts back to back).
 */
import { IcioTable } from '@catena/engine';
import { Matrix } from '@catena/linalg';

export interface PlainTable {
  countries: string[];
  sectors: string[];
  fdCategories: string[];
  unit: string;
  year: number | null;
  source: string;
  Z: Float64Array;
  Y: Float64Array;
  storedVA?: Float64Array;
  storedOutput?: Float64Array;
}

export function toPlain(t: IcioTable): PlainTable {
  return {
    countries: t.countries,
    sectors: t.sectors,
    fdCategories: t.fdCategories,
    unit: t.unit,
    year: t.year ?? null,
    source: t.source,
    Z: t.Z.data,
    Y: t.Y.data,
    storedVA: t.storedVA,
    storedOutput: t.storedOutput,
  };
}

export function fromPlain(p: PlainTable): IcioTable {
  const GN = p.countries.length * p.sectors.length;
  return new IcioTable({
    countries: p.countries,
    sectors: p.sectors,
    fdCategories: p.fdCategories,
    Z: new Matrix(GN, GN, p.Z),
    Y: new Matrix(GN, p.countries.length * p.fdCategories.length, p.Y),
    storedVA: p.storedVA,
    storedOutput: p.storedOutput,
    unit: p.unit,
    year: p.year ?? undefined,
    source: p.source,
  });
}

/** The buffers of a plain table, for postMessage's transfer list. */
export function buffers(p: PlainTable): ArrayBuffer[] {
  return [p.Z, p.Y, p.storedVA, p.storedOutput].filter((a): a is Float64Array => !!a).map((a) => a.buffer as ArrayBuffer);
}

const PARTS = ['Z', 'Y', 'storedVA', 'storedOutput'] as const;

/** Encodes a plain table as bytes: 4-byte header length, JSON header, padding to 8, then the parts. */
export function encodeTable(p: PlainTable): Buffer {
  const parts = PARTS.filter((k) => p[k]);
  const header = Buffer.from(
    JSON.stringify({
      ...p,
      Z: undefined,
      Y: undefined,
      storedVA: undefined,
      storedOutput: undefined,
      parts: parts.map((k) => [k, p[k]!.length]),
    }),
  );
  const start = Math.ceil((4 + header.length) / 8) * 8;
  const total = start + parts.reduce((s, k) => s + p[k]!.byteLength, 0);
  const out = Buffer.alloc(total);
  out.writeUInt32LE(header.length, 0);
  header.copy(out, 4);
  let o = start;
  for (const k of parts) {
    const a = p[k]!;
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, o);
    o += a.byteLength;
  }
  return out;
}

export function decodeTable(b: Buffer): PlainTable {
  const n = b.readUInt32LE(0);
  const h = JSON.parse(b.subarray(4, 4 + n).toString('utf8')) as Omit<PlainTable, 'Z' | 'Y'> & { parts: [string, number][] };
  let o = Math.ceil((4 + n) / 8) * 8;
  const out = { ...h } as unknown as PlainTable & Record<string, unknown>;
  delete (out as Record<string, unknown>).parts;
  for (const [k, len] of h.parts) {
    const a = new Float64Array(len);
    new Uint8Array(a.buffer).set(b.subarray(o, o + len * 8));
    out[k] = a;
    o += len * 8;
  }
  if (o !== b.length) throw new Error(`table transfer: ${b.length} bytes, expected ${o}`);
  return out;
}
