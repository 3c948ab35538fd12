// inMemoryLayout (which uploads are read from their bytes) against the detection of a file: for
// each single-file table of $CATENA_SHARED/data, a copy of the file alone in a folder (as an
// upload written to disk) is detected as the layout inMemoryLayout names, or inMemoryLayout says
// the bytes need a file. Exact (layout names).
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inMemoryLayout, readerFor } from '../../src/node.js';
import { dataPath } from '../shared.js';

const FILES: [string, string | null][] = [
  ['wiod2013/wiot2011_2013rel_int.csv.gz', 'wide'],
  ['leather/leather_wide.csv', 'wide'],
  ['leather/leather_inter.csv', 'wide'],
  ['exvatools_testdata/iciotest_data.csv', 'wide'],
  ['china_nbs_io/china_2018_42.csv', 'china-nbs'],
  ['oecd_niot2021_chn_jpn/OECD21ed_JPN_2011.csv', 'oecd-niot'],
  ['mock_formats/oecd_mock/ICIO2018_2010.CSV', 'oecd-icio'],
  ['mock_formats/oecd_mock/ICIO2018_2010.zip', null],
  ['mock_formats/exio2_mock/mrIOT_PxP_ita_coefficient_version2.2.2.zip', null],
  ['mock_formats/wiod_mock/wiot09_row_sep12.xlsx', null],
];

describe('inMemoryLayout agrees with the detection of the file alone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'catena-inmem-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  for (const [rel, want] of FILES) {
    it(rel, () => {
      const src = dataPath(...rel.split('/'));
      const name = basename(src);
      const layout = inMemoryLayout({ name, bytes: readFileSync(src) });
      expect(layout).toBe(want);
      const lone = join(dir, name);
      copyFileSync(src, lone);
      if (layout) expect(readerFor(lone).format).toBe(layout);
    });
  }

  it('sends a FIGARO CSV, an unknown extension and unrecognised bytes to a file, and takes a named byte layout', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(inMemoryLayout({ name: 'flows.csv', bytes: enc('rowLabels,AT_A01,AT_A02\nAT_A01,1,2\n') })).toBeNull();
    expect(inMemoryLayout({ name: 'flows.dat', bytes: enc('row,A_1,A_2\nA_1,1,2\n') })).toBeNull();
    expect(inMemoryLayout({ name: 'x.csv', bytes: enc('a\n') })).toBeNull();
    expect(inMemoryLayout({ name: 'x.csv', bytes: enc('a\n') }, 'oecd-icio')).toBe('oecd-icio');
    expect(inMemoryLayout({ name: 'x.zip', bytes: enc('a\n') }, 'exiobase')).toBeNull();
  });
});
