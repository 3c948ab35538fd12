/**
 * The version registry, as data: every database vintage Catena knows, the reader layout
 * (`--layout` / READERS format) that reads it, its years, and where the publisher puts it.
 * A new vintage is a new entry here, not new code, when its layout is already known.
 *
 * `download` says how `catena download` fetches it:
 * - `file`: a URL template ({year}, {yy}, {system}); `checksum: 'zenodo-md5'` takes the MD5 the
 *   publisher lists in the Zenodo record API (`api`);
 * - `login`: the site needs a licence or a login (the file must be fetched by hand);
 * - `page`: the files sit behind a page (no stable file address); the page is printed.
 */
export type DownloadSpec =
  | { kind: 'file'; url: string; file: string; checksum?: 'zenodo-md5'; api?: string; options?: Record<string, string[]> }
  | { kind: 'login'; page: string; file: string; note: string }
  | { kind: 'page'; page: string; note: string };

export interface CatalogEntry {
  /** Identifier for `catena download <id>`. */
  id: string;
  database: string;
  vintage: string;
  /** The reader layout (a READERS format name). */
  layout: string;
  years: [number, number];
  dimensions: string;
  unit: string;
  homepage: string;
  download: DownloadSpec;
  licence: string;
}

export const CATALOG: CatalogEntry[] = [
  {
    id: 'wiod2013',
    database: 'WIOD',
    vintage: '2013 release',
    layout: 'wiod-xlsx',
    years: [1995, 2011],
    dimensions: '40 countries + RoW × 35 industries (ISIC rev.3, c1…c35)',
    unit: 'million USD',
    homepage: 'https://www.rug.nl/ggdc/valuechain/wiod/wiod-2013-release',
    download: {
      kind: 'page',
      page: 'https://www.rug.nl/ggdc/valuechain/wiod/wiod-2013-release',
      note: 'wiotYY_row_sep12.xlsx, one file per year, from the release page',
    },
    licence: 'CC BY 4.0 (cite Timmer et al. 2015)',
  },
  {
    id: 'wiod2016',
    database: 'WIOD',
    vintage: '2016 release',
    layout: 'wiod-xlsx',
    years: [2000, 2014],
    dimensions: '43 countries + RoW × 56 industries (ISIC rev.4)',
    unit: 'million USD',
    homepage: 'https://www.rug.nl/ggdc/valuechain/wiod/wiod-2016-release',
    download: { kind: 'page', page: 'https://doi.org/10.34894/PJ2M1C', note: 'WIOTS_in_EXCEL.zip (all years) on DataverseNL' },
    licence: 'CC BY 4.0 (cite Timmer et al. 2015)',
  },
  ...(['2016', '2018', '2021', '2023'] as const).map((ed): CatalogEntry => ({
    id: `oecd-icio${ed}`,
    database: 'OECD ICIO',
    vintage: `${ed} edition`,
    layout: 'oecd-icio',
    years: ed === '2016' ? [1995, 2011] : ed === '2018' ? [2005, 2015] : ed === '2021' ? [1995, 2018] : [1995, 2020],
    dimensions:
      ed === '2016'
        ? '64 + RoW × 34 industries (ISIC rev.3)'
        : ed === '2018'
          ? '64 + RoW × 36 industries (ISIC rev.4)'
          : ed === '2021'
            ? '66 + RoW × 45 industries (ISIC rev.4)'
            : '76 + RoW × 45 industries (ISIC rev.4)',
    unit: 'million USD',
    homepage: 'https://www.oecd.org/en/data/datasets/inter-country-input-output-tables.html',
    download: {
      kind: 'page',
      page: 'https://www.oecd.org/en/data/datasets/inter-country-input-output-tables.html',
      note: 'zip archives of ICIO CSVs, several years each',
    },
    licence: 'OECD terms and conditions (free reuse with attribution)',
  })),
  {
    id: 'adb-mrio',
    database: 'ADB MRIO',
    vintage: '2023 release (62–72 economies)',
    layout: 'adb-mrio',
    years: [2000, 2022],
    dimensions: '62–72 economies + RoW × 35 sectors',
    unit: 'million USD',
    homepage: 'https://kidb.adb.org/globalization',
    download: { kind: 'page', page: 'https://kidb.adb.org/globalization', note: 'one xlsx per year and release' },
    licence: 'CC BY 3.0 IGO',
  },
  {
    id: 'eora26',
    database: 'Eora26',
    vintage: 'v199.82',
    layout: 'eora26',
    years: [1990, 2017],
    dimensions: '189 countries + RoW × 26 sectors',
    unit: 'thousand USD',
    homepage: 'https://worldmrio.com/eora26/',
    download: {
      kind: 'login',
      page: 'https://worldmrio.com/eora26/',
      file: 'Eora26_{year}_bp.zip',
      note: 'Eora26 is free for academic use but needs a licence agreement and a login at worldmrio.com; sign in, download the file by hand, unzip it and point Catena at the folder',
    },
    licence: 'Eora licence (academic use free, commercial use paid)',
  },
  {
    id: 'exiobase3',
    database: 'EXIOBASE',
    vintage: '3.8.2',
    layout: 'exiobase',
    years: [1995, 2022],
    dimensions: '44 countries + 5 RoW regions × 163 industries (ixi) or 200 products (pxp)',
    unit: 'million EUR',
    homepage: 'https://www.exiobase.eu',
    download: {
      kind: 'file',
      url: 'https://zenodo.org/records/5589597/files/IOT_{year}_{system}.zip?download=1',
      file: 'IOT_{year}_{system}.zip',
      checksum: 'zenodo-md5',
      api: 'https://zenodo.org/api/records/5589597',
      options: { system: ['ixi', 'pxp'] },
    },
    licence: 'CC BY-SA 4.0',
  },
  {
    id: 'figaro',
    database: 'FIGARO (Eurostat)',
    vintage: '2023 edition',
    layout: 'figaro',
    years: [2010, 2021],
    dimensions: '45 countries + RoW × 64 industries or products',
    unit: 'million EUR',
    homepage: 'https://ec.europa.eu/eurostat/web/esa-supply-use-input-tables/database',
    download: {
      kind: 'page',
      page: 'https://ec.europa.eu/eurostat/web/esa-supply-use-input-tables/database',
      note: 'flat CSV files per year, industry-by-industry and product-by-product',
    },
    licence: 'Eurostat copyright notice (free reuse with attribution)',
  },
  {
    id: 'gloria',
    database: 'GLORIA',
    vintage: 'release 059',
    layout: 'gloria',
    years: [1990, 2022],
    dimensions: '164 regions × 120 sectors (supply-use, industries and products)',
    unit: 'thousand USD',
    homepage: 'https://ielab.info/labs/ielab-gloria',
    download: {
      kind: 'page',
      page: 'https://ielab.info/labs/ielab-gloria',
      note: 'GLORIA_MRIOs_59_YYYY.zip and GLORIA_ReadMe_059.xlsx from the IELab file share (registration asked)',
    },
    licence: 'CC BY 4.0',
  },
  {
    id: 'china-nbs',
    database: 'China NBS input-output tables',
    vintage: '2012–2020 (42, 139, 149 and 153 sectors)',
    layout: 'china-nbs',
    years: [2012, 2020],
    dimensions: 'one country × 42 (or 139/153) products; non-competitive or competitive imports',
    unit: '10,000 CNY',
    homepage: 'https://data.stats.gov.cn/',
    download: {
      kind: 'page',
      page: 'https://data.stats.gov.cn/',
      note: 'published as spreadsheets in the China Input-Output Tables yearbooks; Catena reads them saved as CSV with the codes in the first column',
    },
    licence: 'NBS terms of use',
  },
  {
    id: 'oecd-niot2021',
    database: 'OECD national input-output tables',
    vintage: '2021 edition',
    layout: 'oecd-niot',
    years: [1995, 2018],
    dimensions: 'one country × 45 industries (ISIC rev.4); total, domestic and imported tables',
    unit: 'million USD',
    homepage: 'https://www.oecd.org/en/data/datasets/input-output-tables.html',
    download: {
      kind: 'page',
      page: 'https://www.oecd.org/en/data/datasets/input-output-tables.html',
      note: 'one CSV per country and year (OECD21ed_CCC_YYYY.csv)',
    },
    licence: 'OECD terms and conditions',
  },
];

/** The catalog entry of an id (case-insensitive), or undefined. */
export function catalogEntry(id: string): CatalogEntry | undefined {
  return CATALOG.find((e) => e.id.toLowerCase() === id.toLowerCase());
}

/** Fills a template's {year}, {yy} and option placeholders. */
export function fillTemplate(t: string, year: number, options: Record<string, string> = {}): string {
  return t.replace(/\{(\w+)\}/g, (m, k: string) =>
    k === 'year' ? String(year) : k === 'yy' ? String(year % 100).padStart(2, '0') : (options[k] ?? m),
  );
}
