/**
 * File readers for satellite accounts (Node side; the parsers are in satellite/extension.ts):
 *   a `.csv` / `.csv.gz` file         user CSV `country,sector,indicator,unit,value[,year]`
 *   a folder with `F.txt`             EXIOBASE 3 satellite folder (units from `unit.txt`)
 *   `Eora26_YYYY_bp_Q.txt` or its folder   Eora26 Q with `labels_Q.txt` and `labels_T.txt`
 *   any other `.txt`                  pymrio / EXIOBASE 1–2 extension text (`emissions.txt`,
 *                                     `factor_input.txt`, `mrEmissions.txt`)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { TableFormatError } from '../errors.js';
import { parseEoraQ, parsePymrioText, parseUnitsText, parseUserCsv, type Extension } from '../satellite/extension.js';

const text = (path: string) => {
  const buf = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
};

const EXPECTED =
  'a user CSV (country,sector,indicator,unit,value), an EXIOBASE 3 satellite folder (F.txt, unit.txt), an Eora26 Q file with labels_Q.txt and labels_T.txt, or a pymrio extension .txt';

/** Reads a satellite account; a user CSV with a year column gives one Extension per year. */
export function readExtension(path: string): Extension[] {
  if (!existsSync(path)) throw new TableFormatError(path, '', 'no such file or folder', EXPECTED);
  if (statSync(path).isDirectory()) {
    if (existsSync(join(path, 'F.txt'))) return [exio3(path)];
    const q = readdirSync(path).find((f) => /^Eora26_\d{4}_(bp|pp)_Q\.txt$/i.test(f));
    if (q) return [eora(join(path, q))];
    throw new TableFormatError(path, '', 'a folder without F.txt or Eora26_YYYY_bp_Q.txt', EXPECTED);
  }
  const name = basename(path);
  if (/\.csv(\.gz)?$/i.test(name)) return parseUserCsv(text(path), path);
  if (/^Eora26_\d{4}_(bp|pp)_Q\.txt$/i.test(name)) return [eora(path)];
  if (/^F(_hh|_Y)?\.txt$/.test(name) && existsSync(join(dirname(path), 'unit.txt'))) return [exio3(dirname(path), name)];
  if (/\.txt(\.gz)?$/i.test(name)) return [parsePymrioText(text(path), path)];
  throw new TableFormatError(path, '', `a file named ${name}`, EXPECTED);
}

function exio3(dir: string, file = 'F.txt'): Extension {
  const units = existsSync(join(dir, 'unit.txt')) ? parseUnitsText(text(join(dir, 'unit.txt'))) : undefined;
  return parsePymrioText(text(join(dir, file)), join(dir, file), units);
}

function eora(qPath: string): Extension {
  const dir = dirname(qPath);
  for (const f of ['labels_Q.txt', 'labels_T.txt'])
    if (!existsSync(join(dir, f)))
      throw new TableFormatError(join(dir, f), '', 'no such file', `the Eora26 label file beside ${basename(qPath)}`);
  return parseEoraQ(text(qPath), text(join(dir, 'labels_Q.txt')), text(join(dir, 'labels_T.txt')), qPath);
}
