import { decompose, sampleWorld, type IcioTable } from '@catena/engine';
import { backend } from '@catena/linalg';
import { UserError, type Command } from '../command.js';
import { fmt, textTable } from '../format.js';
import { buildModel, loadTable, TABLE_HELP, TABLE_OPTIONS } from '../table-args.js';

/**
 * The whole path on one table: read (or generate) → validate → Model (one LU of I − A) → a
 * short report. With no table it uses the synthetic sample world, so it needs no download.
 */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run the whole path on a synthetic sample world (or on a table you give) and print a short report',
  usage: '[table] [--countries-n G] [--sectors-n N] [--seed S] [table options]',
  help: `Without a table, generates a deterministic SYNTHETIC world (not real data: seeded random
flows with a strong domestic diagonal; see docs/data.md) and runs reader → validate → Model →
report on it. With a table, does the same on that table.

Options:
  --countries-n G      countries of the sample world (default 5)
  --sectors-n N        sectors of the sample world (default 4)
  --seed S             seed of the sample world (default 2024)
${TABLE_HELP}`,
  options: { ...TABLE_OPTIONS, 'countries-n': { type: 'string' }, 'sectors-n': { type: 'string' }, seed: { type: 'string' } },
  async run(values, positionals, io) {
    const t0 = performance.now();
    const num = (k: string, d: number, min: number, max: number, what: string) => {
      const t = values[k];
      if (t === undefined) return d;
      const n = /^[+-]?\d+$/.test(String(t).trim()) ? Number(t) : NaN;
      if (!Number.isSafeInteger(n) || n < min || n > max) throw new UserError(`--${k} ${t}: expected ${what}`);
      return n;
    };
    let table: IcioTable;
    if (positionals.length) table = await loadTable(positionals, values);
    else
      table = sampleWorld({
        countries: num('countries-n', 5, 2, 200, 'a whole number of countries from 2 to 200 (a world needs trade)'),
        sectors: num('sectors-n', 4, 1, 200, 'a whole number of sectors from 1 to 200'),
        seed: num('seed', 2024, 0, 2 ** 32 - 1, 'a whole number from 0 to 4294967295'),
      });
    if (positionals.length && ['countries-n', 'sectors-n', 'seed'].some((k) => values[k] !== undefined))
      throw new UserError('--countries-n, --sectors-n and --seed shape the sample world; leave them out when giving a table');
    const t1 = performance.now();
    const diagnostics = table.validate();
    const model = buildModel(table);
    const t2 = performance.now();
    const B = model.B;
    // v·B = 1ᵀ for every column with x > 0: the identity all decompositions rest on.
    let worst = 0;
    const zero = new Set(model.zeroOutput);
    for (let j = 0; j < model.GN; j++) {
      if (zero.has(j)) continue;
      let s = 0;
      for (let i = 0; i < model.GN; i++) s += model.v[i] * B.data[i + j * model.GN];
      worst = Math.max(worst, Math.abs(s - 1));
    }
    const t3 = performance.now();
    const totals = table.totals();
    const byCountry = table.countries.map((c, g) => {
      let x = 0,
        va = 0,
        e = 0;
      for (let i = g * table.N; i < (g + 1) * table.N; i++) {
        x += model.x[i];
        va += model.va[i];
        e += model.E[i];
      }
      return [c, x, va, e, e / Math.max(x, 1e-300)];
    });
    // Borin–Mancini, exporter perspective, source approach: domestic value added and GVC share of exports.
    const bm = decompose(model, { method: 'bm', perspective: 'exporter', approach: 'source', level: 'country' });
    const term = (c: string, t: string) => Number(bm.rows.find((r) => r.exporter === c && r.term === t)?.value ?? NaN);
    const t4 = performance.now();
    for (const row of byCountry) {
      const c = row[0] as string;
      const gexp = term(c, 'GEXP');
      row.push(gexp > 0 ? term(c, 'DVA') / gexp : NaN, gexp > 0 ? term(c, 'GVC') / gexp : NaN);
    }
    byCountry.sort((a, b) => (b[3] as number) - (a[3] as number));
    io.out(
      [
        `Catena demo — ${table.source}`,
        `${table.G} ${table.G === 1 ? 'country' : 'countries'} × ${table.N} sectors, ${table.F} final-demand ${table.F === 1 ? 'category' : 'categories'}, year ${table.year ?? 'unknown'}, ${table.unit}`,
        '',
        `output ${fmt(totals.output)}   value added ${fmt(totals.valueAdded)}   gross exports ${fmt(totals.exports)}`,
        `diagnostics: ${diagnostics.length ? diagnostics.map((d) => `${d.code} (${d.items.length})`).join(', ') : 'none'}`,
        `Leontief inverse: ${model.GN} × ${model.GN}, backend ${backend().name}; max |v·B − 1| = ${worst.toExponential(2)}`,
        `model memory ${(model.memoryBytes() / 2 ** 20).toFixed(1)} MiB; read ${(t1 - t0).toFixed(0)} ms, model ${(t2 - t1).toFixed(0)} ms, inverse ${(t3 - t2).toFixed(0)} ms`,
        '',
        `Largest exporters (DVA and GVC shares of gross exports: Borin–Mancini, exporter perspective, source approach; ${(t4 - t3).toFixed(0)} ms for all ${table.G} countries):`,
        textTable(
          ['country', 'output', 'value added', 'exports', 'exports/output', 'DVA/exports', 'GVC/exports'],
          byCountry.slice(0, 10) as (string | number)[][],
        ),
      ].join('\n'),
    );
    return 0;
  },
};
