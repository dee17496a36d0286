#!/usr/bin/env node
// Benchmarks of @efa-kit/jurisdiction-finder on the all-Germany reference data; writes rows to
// ../../bench/raw/jurisdiction-finder.json. Run after `pnpm run build`.
//   data load    database → in-memory index (PGlite in memory, seeded first, not timed)
//   resolve p99  in-process, random Saxon municipality × catalogue service
//   search p99   in-process service search over realistic queries (with typos, compounds)
//   HTTP ratio   requests/s of `resolve` over HTTP vs a bare node:http hello-world, both
//                measured with autocannon on loopback in this run (bounded duration)
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, migrate } from '@efa-kit/core/server';
import autocannon from 'autocannon';
import {
  catalogue,
  jurisdictionMigrations,
  loadIndex,
  readReferenceData,
  seedReferenceData,
} from '../dist/server/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8'));
const rows = [];
const row = (metric, value, unit, target, pass) =>
  rows.push({ package: pkg.name, metric, value: Math.round(value * 1000) / 1000, unit, target, pass });
const p99 = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))];
};

// --- data load ---------------------------------------------------------------------------
const db = await createDatabase();
await migrate(db, [jurisdictionMigrations]);
await seedReferenceData(db);
const loads = [];
let index;
for (let i = 0; i < 3; i += 1) {
  const start = performance.now();
  index = await loadIndex(db);
  loads.push(performance.now() - start);
}
const load = loads.sort((a, b) => a - b)[1];
row('data load (DB → index, median of 3)', load, 'ms', '≤ 1000', load <= 1000);
process.stdout.write(
  `data load ${load.toFixed(0)} ms, ${index.counts.gebiete} areas, ${index.counts.zustaendigkeiten} rules\n`,
);

// --- in-process resolve and search -------------------------------------------------------
const reference = await readReferenceData();
const places = reference.gebiete
  .filter((g) => g.level === 'gemeinde' && g.ars.startsWith('14'))
  .map((g) => g.ars);
let seed = 42;
const random = (n) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};
for (let i = 0; i < 2000; i += 1)
  index.resolve(catalogue[random(catalogue.length)].id, places[random(places.length)]);
const resolveSamples = [];
for (let i = 0; i < 20000; i += 1) {
  const service = catalogue[random(catalogue.length)].id;
  const place = places[random(places.length)];
  const start = performance.now();
  index.resolve(service, place);
  resolveSamples.push(performance.now() - start);
}
const resolveP99 = p99(resolveSamples);
row('resolve p99 (in-process)', resolveP99, 'ms', '≤ 1', resolveP99 <= 1);

const queries = [
  'Hund anmelden',
  'Hundesteuer',
  'hundestuer',
  'Personalausweis',
  'perso',
  'Fuehrerschein',
  'Auto anmelden',
  'Wohngeld',
  'Umzug',
  'Gewerbeanmeldung',
  'Geburtsurkunde',
  'Reisepass',
  'Elterngeld',
  'Führungszeugnis',
  'Wohnsitz abmelden',
  '99102013104000',
  'Parkausweis',
  'Opferentschädigung',
  'Einbürgerung',
  'KFZ',
];
for (let i = 0; i < 1000; i += 1) index.searchServices(queries[i % queries.length]);
const searchSamples = [];
for (let i = 0; i < 10000; i += 1) {
  const q = queries[i % queries.length];
  const start = performance.now();
  index.searchServices(q);
  searchSamples.push(performance.now() - start);
}
const searchP99 = p99(searchSamples);
row('service search p99 (in-process)', searchP99, 'ms', '≤ 2', searchP99 <= 2);
const placeSamples = [];
for (let i = 0; i < 5000; i += 1) {
  const q = ['Dresd', '0106', 'Leipzig', 'Neustadt', '08626', 'Mittw', 'Bautzen', '146120000000'][i % 8];
  const start = performance.now();
  index.searchPlaces(q);
  placeSamples.push(performance.now() - start);
}
const placeP99 = p99(placeSamples);
row('place search p99 (in-process)', placeP99, 'ms', '≤ 2', placeP99 <= 2);
await db.destroy();

// --- HTTP: resolve vs hello-world ---------------------------------------------------------
async function startServer(kind) {
  const child = spawn(process.execPath, [join(here, 'bench-server.mjs'), kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    child.stdout.once('data', (data) => resolve(Number(String(data).trim())));
    child.once('exit', (code) => reject(new Error(`bench server ${kind} exited ${code}`)));
  });
  return {
    port,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}
async function measure(url) {
  const result = await autocannon({ url, connections: 10, duration: 5, pipelining: 1 });
  return result.requests.average;
}
const hello = await startServer('hello');
await measure(`http://127.0.0.1:${hello.port}/`); // warm-up run is short-lived but JITs both sides
const helloRps = await measure(`http://127.0.0.1:${hello.port}/`);
await hello.stop();
const app = await startServer('resolve');
const input = encodeURIComponent(JSON.stringify({ service: '99102013104000', place: '145225119360' }));
const resolveUrl = `http://127.0.0.1:${app.port}/trpc/jurisdiction.resolve?input=${input}`;
await measure(resolveUrl);
const resolveRps = await measure(resolveUrl);
await app.stop();
const trpcOnly = await startServer('resolve-trpc');
const trpcUrl = `http://127.0.0.1:${trpcOnly.port}/trpc/jurisdiction.resolve?input=${input}`;
await measure(trpcUrl);
const trpcRps = await measure(trpcUrl);
await trpcOnly.stop();
const uncached = await startServer('resolve-nocache');
const uncachedUrl = `http://127.0.0.1:${uncached.port}/trpc/jurisdiction.resolve?input=${input}`;
await measure(uncachedUrl);
const uncachedRps = await measure(uncachedUrl);
await uncached.stop();
const ratio = resolveRps / helloRps;
const uncachedRatio = uncachedRps / helloRps;
row('HTTP resolve req/s (fast path + tRPC)', resolveRps, 'req/s', 'report', true);
row('HTTP resolve req/s (tRPC adapter only)', trpcRps, 'req/s', 'report', true);
row('HTTP hello-world req/s (same run)', helloRps, 'req/s', 'report', true);
row('HTTP resolve / hello-world ratio', ratio, 'ratio', '≥ 0.4', ratio >= 0.4);
// For information: every request computed and serialized anew (the target applies to the default).
row('HTTP resolve / hello-world ratio, answer cache off', uncachedRatio, 'ratio', 'report', true);
row('HTTP resolve / hello-world ratio, tRPC adapter only', trpcRps / helloRps, 'ratio', 'report', true);

const out = join(here, '..', '..', '..', 'bench', 'raw');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'jurisdiction-finder.json'), `${JSON.stringify(rows, null, 2)}\n`);
for (const r of rows)
  process.stdout.write(`${r.pass ? 'ok  ' : 'FAIL'} ${r.metric}: ${r.value} ${r.unit} (${r.target})\n`);
