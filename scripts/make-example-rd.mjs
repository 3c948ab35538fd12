#!/usr/bin/env node
/**
 * Writes examples/extensions/wiod2013_rd_synthetic.csv: a SYNTHETIC R&D expenditure extension for
 * the 41 regions × 35 industries of WIOD (2013 release), in the plain user layout
 * `country,sector,indicator,unit,value`. The numbers are made up — a seeded random draw scaled by a
 * rough industry profile (chemicals, machinery, electrical and optical equipment, transport
 * equipment and business services high; agriculture, trade and households low) and a rough country
 * size — so that `catena embodied` has something to run on. They are not R&D statistics; for
 * research use the OECD ANBERD or Eurostat BERD figures by industry.
 *
 * Usage: node scripts/make-example-rd.mjs [out.csv] (after `npm run build`: the seeded generator is
 * the engine's mulberry32)
 */
import { writeFileSync } from 'node:fs';
import { mulberry32 } from '../packages/engine/dist/index.js';

const COUNTRIES =
  'AUS AUT BEL BGR BRA CAN CHN CYP CZE DEU DNK ESP EST FIN FRA GBR GRC HUN IDN IND IRL ITA JPN KOR LTU LUX LVA MEX MLT NLD POL PRT ROM RUS SVK SVN SWE TUR TWN USA RoW'.split(
    ' ',
  );
// Relative R&D weight of industries c1 … c35 (made up, shaped like business R&D by ISIC rev. 3).
const PROFILE = [
  0.3, 0.4, 0.6, 0.3, 0.1, 0.1, 0.3, 0.5, 6, 1.2, 0.6, 1.2, 4, 9, 7, 0.5, 0.4, 0.3, 0.1, 0.5, 0.1, 0.05, 0.2, 0.1, 0.2, 0.2, 2, 0.8, 0.1, 5,
  0.2, 0.3, 0.6, 0.4, 0,
];
// Rough size (made up, largest = 1).
const SIZE = {
  USA: 1,
  CHN: 0.7,
  JPN: 0.5,
  DEU: 0.35,
  KOR: 0.25,
  FRA: 0.2,
  GBR: 0.18,
  RoW: 0.6,
  TWN: 0.1,
  ITA: 0.1,
  CAN: 0.1,
  IND: 0.08,
  RUS: 0.06,
  BRA: 0.06,
  NLD: 0.05,
  SWE: 0.06,
  ESP: 0.06,
  AUS: 0.06,
};

const rand = mulberry32(2012);
const lines = ['country,sector,indicator,unit,value'];
for (const c of COUNTRIES) {
  const size = SIZE[c] ?? 0.02;
  PROFILE.forEach((w, k) => {
    const value = 1000 * size * w * (0.5 + rand());
    lines.push(`${c},c${k + 1},rd,million USD,${value.toFixed(3)}`);
  });
}
const out = process.argv[2] ?? new URL('../examples/extensions/wiod2013_rd_synthetic.csv', import.meta.url);
writeFileSync(out, lines.join('\n') + '\n');
console.log(`wrote ${lines.length - 1} rows of synthetic R&D to ${out}`);
