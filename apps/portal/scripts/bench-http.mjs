#!/usr/bin/env node
// HTTP benchmark of the real portal server (dist/server/main.js with all four capabilities on
// PGlite in memory): requests per second of the jurisdiction finder's `resolve` as a ratio to a
// bare node:http hello-world server, both loaded with autocannon on loopback in this run; then
// the latency of `/healthz` and of a plain resolve while four clients send the largest batches
// the server allows (issue 11: amplification). Each server runs in its own process so it does
// not share an event loop with the load generator.
// Writes rows to ../../bench/raw/portal.json. Run after `pnpm run build`.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8'));
const rows = [];
const row = (metric, value, unit, target, pass) =>
  rows.push({ package: pkg.name, metric, value: Math.round(value * 1000) / 1000, unit, target, pass });

const helloWorld = `
  const server = require('node:http').createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('hello world');
  });
  server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

/** Starts a server process and waits for its "listening on http://host:port" line. */
async function start(args, env) {
  const child = spawn(process.execPath, args, {
    cwd: join(here, '..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const origin = await new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (data) => {
      seen += String(data);
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(seen);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${seen}`)));
  });
  return {
    origin,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/** Requests per second of one autocannon run of `seconds` on loopback. */
async function requestsPerSecond(url, seconds) {
  const result = await autocannon({ url, connections: 10, duration: seconds, pipelining: 1 });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const hello = await start(['-e', helloWorld], {});
const publicOrigin = 'http://bench.localhost';
const portal = await start([join('dist', 'server', 'main.js')], {
  PORT: '0',
  HOST: '127.0.0.1',
  PUBLIC_URL: publicOrigin,
  DATABASE_URL: 'memory://',
  PORTAL_MODE: 'development',
  // The batch cap alone is measured: as if the batches came from many clients, each within its
  // rate limit (one client would be refused with 429 after its first points).
  RATE_LIMIT_POINTS: '100000000',
});
// Dog tax in Mittweida: the municipality-level rule of the Saxon demo authorities.
const input = JSON.stringify({ service: '99102013104000', place: '145225119360' });
const urls = {
  hello: `${hello.origin}/`,
  resolve: `${portal.origin}/trpc/jurisdiction.resolve?input=${encodeURIComponent(input)}`,
  // For information: the same question as a tRPC batch call, which always takes the adapter.
  batch: `${portal.origin}/trpc/jurisdiction.resolve?batch=1&input=${encodeURIComponent(`{"0":${input}}`)}`,
};
// Warm-up lets both sides JIT. Then the servers take turns, so a change in the load of a shared
// machine hits both alike; the ratio is of the medians.
for (const url of Object.values(urls)) await requestsPerSecond(url, 3);
const samples = { hello: [], resolve: [], batch: [] };
for (let round = 0; round < 3; round += 1) {
  for (const [name, url] of Object.entries(urls)) samples[name].push(await requestsPerSecond(url, 4));
}

// Amplification: four clients keep sending batches of the largest allowed size of the call the
// attacker's probe used (form.validate, a mutation that validates a whole application), while
// one client each measures `/healthz` and a plain resolve. First the same two measurements
// without the attack, for comparison in the same run.
const maxBatch = Number(process.env.TRPC_MAX_BATCH ?? 10);
const forms = await (await fetch(`${portal.origin}/trpc/form.list`)).json();
const formId = forms.result.data[0].id;
const batchPaths = Array.from({ length: maxBatch }, () => 'form.validate').join(',');
const batchBody = JSON.stringify(
  Object.fromEntries(Array.from({ length: maxBatch }, (_, i) => [i, { formId, data: {} }])),
);
const csrf = 'bench-csrf-token-0123456789';
const attack = () =>
  autocannon({
    url: `${portal.origin}/trpc/${batchPaths}?batch=1`,
    method: 'POST',
    connections: 4,
    duration: 12,
    headers: {
      'content-type': 'application/json',
      origin: publicOrigin,
      cookie: `efa_csrf=${csrf}`,
      'x-efa-csrf': csrf,
    },
    body: batchBody,
  });
const latencyP99 = async (url, seconds) => {
  const result = await autocannon({ url, connections: 1, duration: seconds, pipelining: 1 });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.latency.p99;
};
const healthUrl = `${portal.origin}/healthz`;
const quietHealth = await latencyP99(healthUrl, 4);
const quietResolve = await latencyP99(urls.resolve, 4);
const attacking = attack();
// Let the attack reach full load before measuring.
await new Promise((resolve) => setTimeout(resolve, 1500));
const [loadedHealth, loadedResolve] = await Promise.all([
  latencyP99(healthUrl, 8),
  latencyP99(urls.resolve, 8),
]);
const attackResult = await attacking;
if (attackResult.errors > 0) throw new Error(`attack: ${attackResult.errors} connection errors`);

await hello.stop();
await portal.stop();
const helloRps = median(samples.hello);
const resolveRps = median(samples.resolve);
const batchRps = median(samples.batch);

const ratio = resolveRps / helloRps;
row('portal: HTTP resolve req/s', resolveRps, 'req/s', 'report', true);
row('portal: HTTP hello-world req/s (same run)', helloRps, 'req/s', 'report', true);
row('portal: HTTP resolve / hello-world ratio', ratio, 'ratio', '≥ 0.4', ratio >= 0.4);
row('portal: HTTP resolve as tRPC batch / hello-world ratio', batchRps / helloRps, 'ratio', 'report', true);
row(
  `portal: max-size batches (${maxBatch} × form.validate) sent by 4 clients`,
  attackResult.requests.average,
  'req/s',
  'report',
  true,
);
row('portal: /healthz p99, quiet (same run)', quietHealth, 'ms', 'report', true);
row(
  'portal: /healthz p99 while 4 clients send max-size batches',
  loadedHealth,
  'ms',
  '≤ 100',
  loadedHealth <= 100,
);
row('portal: resolve p99, quiet (same run)', quietResolve, 'ms', 'report', true);
row(
  'portal: resolve p99 while 4 clients send max-size batches',
  loadedResolve,
  'ms',
  '≤ 50',
  loadedResolve <= 50,
);

const out = join(here, '..', '..', '..', 'bench', 'raw');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'portal.json'), `${JSON.stringify(rows, null, 2)}\n`);
for (const r of rows)
  process.stdout.write(`${r.pass ? 'ok  ' : 'FAIL'} ${r.metric}: ${r.value} ${r.unit} (${r.target})\n`);
