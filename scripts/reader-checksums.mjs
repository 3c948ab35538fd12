// Checksums of every numeric array each reader produces on each table of $CATENA_SHARED/data:
// SHA-256 (first 16 hex digits) of the float64 bytes of Z, Y, stored output and stored VA.
// packages/engine/test/sources/fixtures/reader-checksums.json was written by this script with the
// readers of commit ca3767a (before the one-text-stack rewrite):
//   git checkout ca3767a && npx tsc -b && node scripts/reader-checksums.mjs > …/reader-checksums.json
// and the test reader-checksums.test.ts recomputes them with the current readers.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
const E = await import(process.argv[2] ?? new URL('../packages/engine/dist/index.js', import.meta.url).href);
const D = join(process.env.CATENA_SHARED, 'data');
const tables = [
  ...Array.from({ length: 17 }, (_, k) => `wiod2013/wiot${1995 + k}_2013rel_int.csv.gz`),
  'wiod2013_regional7/wiot1995_regional7.csv.gz',
  'wiod2013_regional7/wiot2011_regional7.csv.gz',
  'exvatools_testdata/wiodtest_data.csv',
  'exvatools_testdata/iciotest_data.csv',
  'leather/leather_wide.csv',
  'leather/leather_inter.csv',
  'pymrio_testmrio',
  ...['2018_42', '2017_42', '2020_153', '2015_42', '2020_42', '2012_139'].map((y) => `china_nbs_io/china_${y}.csv`),
  ...['JPN_2011', 'JPN_2018', 'CHN_1995', 'CHN_2011', 'CHN_2018', 'JPN_1995'].map((y) => `oecd_niot2021_chn_jpn/OECD21ed_${y}.csv`),
  'mock_formats/oecd_mock/ICIO2018_2010.CSV',
  'mock_formats/oecd_mock/ICIO2016_2003.csv',
  'mock_formats/oecd_mock/ICIO2018_2010.zip',
  'mock_formats/eora26_mock',
  'mock_formats/exio3_mock',
  'mock_formats/exio1_mock',
  'mock_formats/exio2_mock/mrIOT_PxP_ita_coefficient_version2.2.2.zip',
  'mock_formats/gloria_mock',
  'mock_formats/wiod_mock/wiot09_row_sep12.xlsx',
];
const h = (a) =>
  a
    ? createHash('sha256')
        .update(Buffer.from(a.buffer, a.byteOffset, a.byteLength))
        .digest('hex')
        .slice(0, 16)
    : null;
const out = {};
for (const t of tables) {
  try {
    const f = E.readerFor(join(D, t)).format;
    const x = await E.readTable(join(D, t));
    out[t] = {
      format: f,
      countries: x.countries.length,
      sectors: x.sectors.length,
      fd: x.fdCategories.join(' '),
      Z: h(x.Z.data),
      Y: h(x.Y.data),
      storedOutput: h(x.storedOutput),
      storedVA: h(x.storedVA),
    };
  } catch (e) {
    out[t] = { error: String(e.message).slice(0, 200) };
  }
}
console.log(JSON.stringify(out, null, 1));
