// Writes public/world.json: the world-atlas 110m country outlines (ISC licence, Natural Earth
// data, public domain) as GeoJSON whose feature names are ISO 3166 alpha-3 codes, the codes the
// tables use, so ECharts' map series matches them by name. Run before the Vite build.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { feature } from 'topojson-client';
import countries from 'i18n-iso-countries';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const topo = JSON.parse(readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8'));
const geo = feature(topo, topo.objects.countries);
const round = (c) => (typeof c[0] === 'number' ? [Math.round(c[0] * 100) / 100, Math.round(c[1] * 100) / 100] : c.map(round));
// Rings that cross the antimeridian (a jump of more than 180° between points) would be drawn
// as lines across the map: drop those parts (eastern Chukotka, some Fijian islands), and Antarctica.
const whole = (ring) => ring.every((p, i) => i === 0 || Math.abs(p[0] - ring[i - 1][0]) < 180);
const clean = (g) =>
  g.type === 'Polygon' ? (g.coordinates.every(whole) ? g : null) : { ...g, coordinates: g.coordinates.filter((poly) => poly.every(whole)) };
const features = geo.features
  .filter((f) => f.properties.name !== 'Antarctica')
  .map((f) => ({ ...f, geometry: clean(f.geometry) }))
  .filter((f) => f.geometry && f.geometry.coordinates.length)
  .map((f) => ({ ...f, properties: { name: countries.numericToAlpha3(f.id) ?? f.properties.name, label: f.properties.name } }))
  .map((f) => ({ ...f, geometry: { ...f.geometry, coordinates: round(f.geometry.coordinates) } }));
const out = join(here, '..', 'public');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'world.json'), JSON.stringify({ type: 'FeatureCollection', features }));
