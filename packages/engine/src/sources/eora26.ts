/**
 * Eora26 (KGM & Associates / worldmrio.com): a folder with `Eora26_YYYY_bp_T.txt` (GN' × GN'
 * intermediate flows), `Eora26_YYYY_bp_FD.txt` (GN' × G'·F final demand), `Eora26_YYYY_bp_VA.txt`
 * (primary inputs × GN'), Q/QY satellites (not read), and the label files `labels_T.txt`
 * (country name, code, "Industries", sector), `labels_FD.txt` (name, code, "Final Demand",
 * category) and `labels_VA.txt` — all tab-separated, without headers. `bp` are basic prices,
 * `pp` purchasers' prices (both accepted).
 *
 * Eora's rest of the world (ROW) has one sector ("TOTAL") where the other regions have 26. It is
 * kept, padded to the common sector list: its row and column go to its first sector and the
 * other sectors are zero (x = 0; listed in the diagnostics) — world totals are preserved.
 * Matrix files are read line by line (lines.ts).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Matrix } from '@catena/linalg';
import { TableFormatError } from '../errors.js';
import { IcioTable } from '../table/icio-table.js';
import { splitCells } from './cells.js';
import { forEachLine, forEachNumericRow } from './lines.js';

const T_FILE = /^Eora26_(\d{4})_(bp|pp)_T\.txt$/i;
export const EORA_KNOWN =
  'known Eora26 layout: Eora26_YYYY_{bp,pp}_{T,FD,VA}.txt with labels_T.txt, labels_FD.txt, labels_VA.txt (Eora26 v199.82, 1990–2017)';

/** The folder and T files of an Eora26 download (the folder or any file in it), or null. */
export function eoraFolder(path: string): { dir: string; tFiles: string[] } | null {
  if (!existsSync(path)) return null;
  const dir = statSync(path).isDirectory() ? path : dirname(path);
  if (!statSync(path).isDirectory() && !/^(Eora26_|labels_)/i.test(basename(path))) return null;
  const tFiles = readdirSync(dir).filter((f) => T_FILE.test(f));
  return tFiles.length ? { dir, tFiles } : null;
}

function labels(dir: string, name: string, forFile: string): string[][] {
  const file = join(dir, name);
  if (!existsSync(file)) {
    throw new TableFormatError(
      file,
      '',
      `no label file ${name}`,
      `${name} beside ${forFile} (it comes in the same Eora26 zip; download the full year archive again); ${EORA_KNOWN}`,
    );
  }
  const out: string[][] = [];
  forEachLine(file, (l) => {
    if (l.trim() !== '') out.push(splitCells(l, '\t').map((c) => c.trim()));
  });
  return out;
}

async function readMatrix(
  file: string,
  rows: number,
  cols: number,
  onRow: (i: number, v: Float64Array) => void,
  maxBytes?: number,
): Promise<void> {
  if (!existsSync(file)) throw new TableFormatError(file, '', 'no such file', `the Eora26 matrix file ${basename(file)}; ${EORA_KNOWN}`);
  let i = 0;
  await forEachNumericRow(
    file,
    '\t',
    cols,
    (buf, no) => {
      if (i >= rows)
        throw new TableFormatError(file, `line ${no}`, `more than ${rows} rows`, `${rows} rows, one per line of the label file`);
      onRow(i++, buf);
    },
    { maxBytes },
  );
  if (i !== rows)
    throw new TableFormatError(file, `line ${i + 1}`, `${i} rows (truncated?)`, `${rows} rows, one per line of the label file`);
}

export async function readEora26(path: string, o: { year?: number; maxBytes?: number } = {}): Promise<IcioTable> {
  const found = eoraFolder(path);
  if (!found) throw new TableFormatError(path, '', 'no Eora26_YYYY_bp_T.txt', `an Eora26 folder; ${EORA_KNOWN}`);
  const { dir } = found;
  let tFile = statSync(path).isFile() && T_FILE.test(basename(path)) ? basename(path) : undefined;
  if (!tFile) {
    const cands = found.tFiles.filter((f) => o.year === undefined || Number(T_FILE.exec(f)![1]) === o.year);
    if (cands.length !== 1) {
      throw new TableFormatError(
        dir,
        '',
        `${cands.length} T files${o.year ? ` for ${o.year}` : ''} (${found.tFiles.join(', ')})`,
        'exactly one; give --year or the path of the T file',
      );
    }
    tFile = cands[0];
  }
  const [, yearText, prices] = T_FILE.exec(tFile)!;
  const year = Number(yearText);
  const stem = tFile.replace(/_T\.txt$/i, '');

  const lt = labels(dir, 'labels_T.txt', tFile);
  const lf = labels(dir, 'labels_FD.txt', tFile);
  const lv = existsSync(join(dir, `${stem}_VA.txt`)) ? labels(dir, 'labels_VA.txt', tFile) : [];
  lt.forEach((l, k) => {
    if (l.length < 4)
      throw new TableFormatError(
        join(dir, 'labels_T.txt'),
        `line ${k + 1}`,
        `${l.length} cells`,
        'name, code, Industries, sector (tab-separated)',
      );
  });
  // Regions in order of appearance; the common sector list is the one most regions have.
  const countries: string[] = [];
  const bySector = new Map<string, string[]>();
  for (const l of lt) {
    if (!bySector.has(l[1])) {
      countries.push(l[1]);
      bySector.set(l[1], []);
    }
    bySector.get(l[1])!.push(l[3]);
  }
  const counts = new Map<number, number>();
  for (const s of bySector.values()) counts.set(s.length, (counts.get(s.length) ?? 0) + 1);
  const N = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const sectors = [...bySector.values()].find((s) => s.length === N)!;
  for (const [c, s] of bySector) {
    if (s.length === N && s.some((x, k) => x !== sectors[k])) {
      throw new TableFormatError(
        join(dir, 'labels_T.txt'),
        `region ${c}`,
        `sectors ${s.slice(0, 3).join(', ')}…`,
        `the sector list of the other regions (${sectors.slice(0, 3).join(', ')}…)`,
      );
    }
    if (s.length !== N && s.length !== 1) {
      throw new TableFormatError(
        join(dir, 'labels_T.txt'),
        `region ${c}`,
        `${s.length} sectors`,
        `${N} sectors (or 1 for the rest of the world)`,
      );
    }
  }
  const G = countries.length;
  const GN = G * N;
  const R = lt.length;
  // Position of each file row in the table.
  const pos = new Int32Array(R);
  const seen = new Map<string, number>();
  lt.forEach((l, k) => {
    const g = countries.indexOf(l[1]);
    const n = seen.get(l[1]) ?? 0;
    seen.set(l[1], n + 1);
    pos[k] = g * N + n;
  });

  const fdCategories: string[] = [];
  for (const l of lf) if (l[1] === lf[0][1]) fdCategories.push(l[3]);
  const F = fdCategories.length;
  const fdPos = new Int32Array(lf.length);
  lf.forEach((l, k) => {
    const g = countries.indexOf(l[1]);
    const f = fdCategories.indexOf(l[3]);
    if (g < 0 || f < 0)
      throw new TableFormatError(
        join(dir, 'labels_FD.txt'),
        `line ${k + 1}`,
        `${l[1]} / ${l[3]}`,
        `a region of labels_T.txt and a category of the first region (${fdCategories.join(', ')})`,
      );
    fdPos[k] = g * F + f;
  });

  const Z = new Matrix(GN, GN);
  await readMatrix(join(dir, tFile), R, R, (i, v) => {
    const r = pos[i];
    for (let j = 0; j < R; j++) if (v[j] !== 0) Z.data[r + pos[j] * GN] += v[j];
  });
  const Y = new Matrix(GN, G * F);
  await readMatrix(join(dir, `${stem}_FD.txt`), R, lf.length, (i, v) => {
    const r = pos[i];
    for (let j = 0; j < v.length; j++) if (v[j] !== 0) Y.data[r + fdPos[j] * GN] += v[j];
  });
  let storedVA: Float64Array | undefined;
  if (lv.length) {
    storedVA = new Float64Array(GN);
    await readMatrix(join(dir, `${stem}_VA.txt`), lv.length, R, (_, v) => {
      for (let j = 0; j < R; j++) storedVA![pos[j]] += v[j];
    });
  }
  return new IcioTable({
    countries,
    sectors,
    fdCategories,
    Z,
    Y,
    storedVA,
    unit: 'thousand USD',
    year: o.year ?? year,
    source: `Eora26 ${year} (${prices === 'bp' ? 'basic prices' : "purchasers' prices"}): ${dir}`,
  });
}
