/**
 * Lock-in over time: the trend of each unit's participation and position relative to the world
 * across the years of a batch (rows of `indicators()` with lockin_participation and
 * lockin_position). The slope is the least-squares change per year; the trend code reads:
 *   1 upgrading while deepening (position ↑, participation ↑)
 *   2 upgrading while withdrawing (position ↑, participation ↓)
 *   3 deepening lock-in (position ↓, participation ↑)
 *   4 drifting out downstream (position ↓, participation ↓)
 * (a slope of exactly 0 counts as ↑).
 */
import type { Result, Row } from '../results/result.js';

export const LOCKIN_TRENDS: Record<number, string> = {
  1: 'upgrading while deepening (position and participation rising)',
  2: 'upgrading while withdrawing (position rising, participation falling)',
  3: 'deepening lock-in (participation rising, position falling)',
  4: 'drifting out downstream (position and participation falling)',
};

/** Least-squares slope of v on t; null with fewer than two distinct years. */
export function slope(t: number[], v: number[]): number | null {
  const n = t.length;
  if (n < 2) return null;
  const mt = t.reduce((a, b) => a + b, 0) / n;
  const mv = v.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let k = 0; k < n; k++) {
    sxy += (t[k] - mt) * (v[k] - mv);
    sxx += (t[k] - mt) ** 2;
  }
  return sxx > 0 ? sxy / sxx : null;
}

/**
 * Trend rows (year null) for every unit with lockin_participation and lockin_position in two or
 * more years: lockin_participation_trend, lockin_position_trend (per year) and lockin_trend (code).
 */
export function lockinTrend(results: Result[]): Row[] {
  const series = new Map<string, { country: string; sector: string | null; p: [number, number][]; q: [number, number][] }>();
  for (const r of results) {
    for (const row of r.rows) {
      if (row.indicator !== 'lockin_participation' && row.indicator !== 'lockin_position') continue;
      if (typeof row.value !== 'number' || typeof row.year !== 'number') continue;
      const key = `${row.country}\u0000${row.sector ?? ''}`;
      let s = series.get(key);
      if (!s) series.set(key, (s = { country: String(row.country), sector: (row.sector as string | null) ?? null, p: [], q: [] }));
      (row.indicator === 'lockin_participation' ? s.p : s.q).push([row.year, row.value]);
    }
  }
  const out: Row[] = [];
  for (const s of series.values()) {
    const bp = slope(
      s.p.map((e) => e[0]),
      s.p.map((e) => e[1]),
    );
    const bq = slope(
      s.q.map((e) => e[0]),
      s.q.map((e) => e[1]),
    );
    if (bp === null || bq === null) continue;
    const base = { year: null, country: s.country, sector: s.sector };
    out.push({ ...base, indicator: 'lockin_participation_trend', value: bp });
    out.push({ ...base, indicator: 'lockin_position_trend', value: bq });
    out.push({ ...base, indicator: 'lockin_trend', value: bq >= 0 ? (bp >= 0 ? 1 : 2) : bp >= 0 ? 3 : 4 });
  }
  return out;
}
