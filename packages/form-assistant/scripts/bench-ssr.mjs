#!/usr/bin/env node
// Server rendering of step 1 against the client-only page, on a slow network (issue 16 part 6,
// docs/adr/0011-server-rendering-of-form-steps.md).
//
// One local HTTP server (gzip like a real one, no caching) serves the dog registration four ways:
//   client: the portal's page today: <efa-form form-id endpoint> with the /form entry; the form
//           fetches its definition (tRPC GET form.definition), validates it, loads step 1's
//           field chunks and renders.
//   ssr:    step 1 written on the server with @lit-labs/ssr (bench-ssr-render.mjs: the kit's
//           field elements rendered by Lit SSR in declarative shadow roots, marked
//           defer-hydration, @lit-labs/ssr-client's lit-element-hydrate-support keeping them as
//           written), the definition inline; bench-ssr-boot.js hands over to <efa-form>.
//   ssr-texts: the same, with the texts Lit SSR leaves empty (labels, hints, input attributes:
//           the elements bind them as properties) written in: what element templates with
//           text children would give (bench-ssr-render.mjs withTexts).
//   plain:  step 1 as plain HTML (label + input, the form's frame and styles), same hand-over.
// Every page load in a fresh context under CDP Network.emulateNetworkConditions (400 kbit/s
// down and up, 400 ms RTT) and Emulation.setCPUThrottlingRate 4; the order of the three
// rotates each round. Per load: first contentful paint, when the first label ("Familienname")
// is painted with its text (visible and readable), when a key typed into the first input is
// kept (a key is typed as soon as the label is readable, and checked in <efa-form>'s field
// after the hand-over), when <efa-form> has taken over, the largest layout shift (every
// shift, input-excluded or not), and bytes transferred until the take-over.
// Rows (medians, and ssr ÷ client, plain ÷ client as medians of same-round ratios) go to
// ../../bench/raw/form-assistant-ssr.json. Skips with a message (exit 0, no rows) when a
// piece is missing. BENCH_SSR_ROUNDS (default 3) rounds after one warm-up round,
// fewer when BENCH_SSR_BUDGET_S (default 110 s) is spent; a failure is a row that names it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..');
const root = join(packageDir, '..', '..');
const out = join(root, 'bench', 'raw', 'form-assistant-ssr.json');
const pkg = '@efa-kit/form-assistant';
const rounds = Number(process.env.BENCH_SSR_ROUNDS ?? 3);
const budget = Number(process.env.BENCH_SSR_BUDGET_S ?? 110) * 1000;
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const network = { offline: false, latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 };
const cpuRate = 4;

function skip(why) {
  console.log(`SKIP server-rendering bench (bench-ssr.mjs): ${why}`);
  process.exit(0);
}
const require = createRequire(import.meta.url);
for (const name of [
  '@lit-labs/ssr',
  '@lit-labs/ssr-client/lit-element-hydrate-support.js',
  'esbuild',
  'playwright',
]) {
  try {
    require.resolve(name);
  } catch {
    skip(`${name.replace('/lit-element-hydrate-support.js', '')} is not installed (pnpm install)`);
  }
}
if (!existsSync(join(packageDir, 'dist', 'form.js'))) skip('dist/ is not built (pnpm build)');
if (!existsSync(chromiumPath)) skip(`no Chromium at ${chromiumPath} (CHROMIUM_PATH)`);

const { build } = await import('esbuild');
const { chromium } = await import('playwright');
const { blueprintForms } = await import('../dist/blueprints/index.js');
let renderFirstStep;
let renderFirstStepPlain;
try {
  ({ renderFirstStep, renderFirstStepPlain } = await import('./bench-ssr-render.mjs'));
} catch (error) {
  skip(`the kit's elements no longer render in Lit SSR's DOM shim (${error.message})`);
}

const definition = blueprintForms()['dog-registration'];
const firstLabel = 'Familienname';

// ── what the server sends ─────────────────────────────────────────────────────────────────

const result = await build({
  entryPoints: {
    form: join(packageDir, 'dist', 'form.js'),
    boot: join(here, 'bench-ssr-boot.js'),
    // Resolved by esbuild with the browser conditions (Node's resolution picks ssr-client's
    // node build, which brings a Buffer polyfill).
    hydrate: '@lit-labs/ssr-client/lit-element-hydrate-support.js',
  },
  absWorkingDir: packageDir,
  bundle: true,
  splitting: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  outdir: '/assets',
  metafile: true,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'silent',
});
const files = new Map();
const send = (path, body, type) =>
  files.set(path, { body: gzipSync(Buffer.from(body), { level: 9 }), type, raw: Buffer.byteLength(body) });
for (const file of result.outputFiles) send(file.path, file.contents, 'text/javascript');
/** An entry's static imports, as the portal's layout writes modulepreload links for them. */
function preloads(entry) {
  const outputs = result.metafile.outputs;
  const name = Object.keys(outputs).find((key) => outputs[key].entryPoint && key === `/assets/${entry}.js`);
  const seen = new Set();
  const visit = (key) => {
    for (const imported of outputs[key]?.imports ?? [])
      if (imported.kind === 'import-statement' && !seen.has(imported.path)) {
        seen.add(imported.path);
        visit(imported.path);
      }
  };
  if (name) visit(name);
  return [...seen].map((path) => `<link rel="modulepreload" href="${path}">`).join('');
}
const portalCss = ['portal.css', 'form.css']
  .map((file) => join(root, 'apps', 'portal', 'src', 'client', file))
  .filter((file) => existsSync(file))
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');
send('/portal.css', portalCss, 'text/css');
send('/trpc/form.definition', JSON.stringify({ result: { data: definition } }), 'application/json');

// Measurement only, the same on every page: paint, shifts, and the first readable label.
const instrument = `<script>(()=>{const m=window.benchMarks={shifts:[],visible:0,ready:0,keyAt:0};
new PerformanceObserver(l=>{for(const e of l.getEntries())m.shifts.push(e.value)}).observe({type:'layout-shift',buffered:true});
const readable=(root)=>{for(const el of root.querySelectorAll('label,legend'))if(el.textContent.includes(${JSON.stringify(firstLabel)})&&el.checkVisibility()&&el.getBoundingClientRect().height>0)return true;for(const h of root.querySelectorAll('*'))if(h.shadowRoot&&readable(h.shadowRoot))return true;return false};
const kit=()=>{const f=document.querySelector('efa-form:not([hidden])');return !!f&&!document.querySelector('.efa-prerender')&&!!f.shadowRoot?.querySelector('[data-path]')?.hasUpdated};
const tick=()=>{const t=performance.now();if(!m.visible&&readable(document))m.visible=t;if(!m.ready&&kit())m.ready=t;if(!m.visible||!m.ready)requestAnimationFrame(tick)};
requestAnimationFrame(tick);document.addEventListener('keydown',()=>{m.keyAt||=performance.now()},true)})();</script>`;

const head = (extra) =>
  `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Hund anmelden (Hundesteuer)</title><link rel="stylesheet" href="/portal.css"><style>efa-form[hidden]{display:none!important}</style>${instrument}${extra}</head>`;
const inlineJson = (value) => JSON.stringify(value).replaceAll('<', '\\u003c');
const body = (inner) =>
  `<body><main id="main"><h1>Hund anmelden (Hundesteuer)</h1>${inner}</main></body></html>`;

let ssrStep;
let ssrTextsStep;
let plainStep;
try {
  ssrStep = await renderFirstStep(definition);
  ssrTextsStep = await renderFirstStep(definition, { texts: true });
  plainStep = renderFirstStepPlain(definition);
} catch (error) {
  skip(`step 1 no longer renders on the server (${error.message})`);
}
const takeOver = (step) =>
  `${step}<efa-form hidden form-id="dog-registration" lang="de" no-autosave></efa-form><script type="application/json" id="efa-definition">${inlineJson(definition)}</script>`;
send(
  '/client',
  head(`${preloads('form')}<script type="module" src="/assets/form.js"></script>`) +
    body(
      `<efa-form form-id="dog-registration" endpoint="/trpc" definition-procedure="form.definition" lang="de" no-autosave></efa-form>`,
    ),
  'text/html',
);
send(
  '/ssr',
  head(
    `<script type="module" src="/assets/hydrate.js"></script>${preloads('boot')}<script type="module" src="/assets/boot.js"></script>`,
  ) + body(takeOver(ssrStep)),
  'text/html',
);
send(
  '/ssr-texts',
  head(
    `<script type="module" src="/assets/hydrate.js"></script>${preloads('boot')}<script type="module" src="/assets/boot.js"></script>`,
  ) + body(takeOver(ssrTextsStep)),
  'text/html',
);
send(
  '/plain',
  head(`${preloads('boot')}<script type="module" src="/assets/boot.js"></script>`) +
    body(takeOver(plainStep)),
  'text/html',
);

const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://bench.invalid').pathname;
  const file = files.get(path);
  if (!file) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, {
    'content-type': file.type,
    'content-encoding': 'gzip',
    'content-length': file.body.length,
    'cache-control': 'no-store',
  });
  response.end(file.body);
});
await new Promise((resolve) => server.listen(Number(process.env.BENCH_SSR_PORT ?? 0), '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

// ── one page load ─────────────────────────────────────────────────────────────────────────

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
  ],
});
const variants = ['client', 'ssr', 'ssr-texts', 'plain'];
const variantNames = {
  client: 'client only',
  ssr: 'Lit SSR',
  'ssr-texts': 'Lit SSR with texts',
  plain: 'plain HTML',
};

async function load(variant) {
  const context = await browser.newContext({ viewport: { width: 412, height: 915 }, locale: 'de-DE' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', network);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${origin}/${variant}`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.benchMarks?.visible > 0, null, { timeout: 60_000 });
    // A citizen starts typing as soon as the first question reads.
    const input = page.locator('input').first();
    await input.focus();
    await page.keyboard.press('a');
    await page.waitForFunction(() => window.benchMarks.ready > 0, null, { timeout: 60_000 });
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100))),
    );
    const marks = await page.evaluate(() => {
      const m = window.benchMarks;
      const field = document.querySelector('efa-form').shadowRoot.querySelector('[data-path]');
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN;
      const until = (entry) => entry.responseEnd <= m.ready + 1;
      const entries = [
        ...performance.getEntriesByType('navigation'),
        ...performance.getEntriesByType('resource'),
      ];
      return {
        fcp,
        visible: m.visible,
        ready: m.ready,
        keyAt: m.keyAt,
        kept: field?.value === 'a',
        carried: window.efaTakeOver?.carried ?? -1,
        fieldValue: String(field?.value),
        shift: Math.max(0, ...m.shifts),
        bytes: entries.filter(until).reduce((sum, entry) => sum + entry.transferSize, 0),
        bytesVisible: entries
          .filter((entry) => entry.responseEnd <= m.visible + 1)
          .reduce((sum, entry) => sum + entry.transferSize, 0),
        html: entries[0]?.transferSize ?? 0,
        fetched: entries.map((entry) => [
          new URL(entry.name).pathname,
          entry.transferSize,
          Math.round(entry.responseEnd),
        ]),
      };
    });
    if (errors.length) throw new Error(`${variant}: ${errors.join('; ')}`);
    // Interactive: from when a key is accepted and kept; a key lost at the hand-over means the
    // citizen could only type for good once <efa-form> had taken over.
    return { ...marks, interactive: marks.kept && marks.keyAt < marks.ready ? marks.visible : marks.ready };
  } finally {
    await context.close();
  }
}

// BENCH_SSR_SHOTS=<dir>: what each page shows without JavaScript and once <efa-form> runs.
if (process.env.BENCH_SSR_SHOTS) {
  mkdirSync(process.env.BENCH_SSR_SHOTS, { recursive: true });
  for (const variant of variants)
    for (const script of [false, true]) {
      const context = await browser.newContext({
        javaScriptEnabled: script,
        viewport: { width: 412, height: 915 },
      });
      const page = await context.newPage();
      await page.goto(`${origin}/${variant}`);
      if (script) await page.waitForFunction(() => window.benchMarks.ready > 0);
      await page.screenshot({
        path: join(process.env.BENCH_SSR_SHOTS, `${variant}-${script ? 'js' : 'nojs'}.png`),
      });
      await context.close();
    }
}

const results = Object.fromEntries(variants.map((variant) => [variant, []]));
const started = Date.now();
let failure;
try {
  for (let round = 0; round < rounds + 1; round++) {
    const order = variants.map((_, index) => variants[(index + round) % variants.length]);
    for (const variant of order) {
      const measured = await load(variant);
      if (round > 0) results[variant].push(measured);
    }
    // `pnpm bench` must stay short: stop after the budget with the rounds measured by then.
    if (Date.now() - started > budget && round >= 2) break;
  }
} catch (error) {
  failure = error;
} finally {
  await browser.close();
  server.close();
}
// A load that failed mid-round: keep the whole rounds before it.
const whole = Math.min(...variants.map((variant) => results[variant].length));
for (const variant of variants) results[variant].length = whole;
if (whole === 0) {
  // Not a figure, so no pass/fail: the row says what broke, and `pnpm bench` goes on.
  const why = failure instanceof Error ? failure.message.split('\n')[0] : 'no round finished';
  console.log(`server-rendering bench failed: ${why}`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify([{ package: pkg, metric: 'SSR bench (bench-ssr.mjs) did not finish', value: why, unit: '' }], null, 2)}\n`,
  );
  process.exit(0);
}

// ── rows ──────────────────────────────────────────────────────────────────────────────────

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const done = whole;
const profile = `dog registration step 1, 400 kbit/s, 400 ms RTT, CPU 4×, ${done} rounds`;
const metrics = [
  ['fcp', 'first contentful paint', 'ms'],
  ['visible', 'first label painted and readable', 'ms'],
  ['interactive', 'a typed key accepted and kept', 'ms'],
  ['ready', '<efa-form> running', 'ms'],
  ['shift', 'largest layout shift', ''],
  ['bytesVisible', 'bytes transferred until the first label reads', 'kB'],
  ['bytes', 'bytes transferred until <efa-form> runs', 'kB'],
  ['html', 'of which the HTML page', 'kB'],
];
const two = (value) => Math.round(value * 100) / 100;
const rows = [];
for (const [key, name, unit] of metrics) {
  const scale = ['bytes', 'bytesVisible', 'html'].includes(key) ? 1 / 1000 : 1;
  const medians = variants.map((variant) => median(results[variant].map((r) => r[key] * scale)));
  rows.push({
    package: pkg,
    metric: `SSR (${profile}): ${name}, medians ${variants.map((variant) => variantNames[variant]).join(' / ')}`,
    value: medians.map((value) => (key === 'shift' ? value.toFixed(3) : Math.round(value))).join(' / '),
    unit,
  });
  if (key === 'shift') continue;
  for (const variant of variants.slice(1)) {
    const ratio = median(results[variant].map((r, index) => r[key] / results.client[index][key]));
    rows.push({
      package: pkg,
      metric: `SSR (${profile}): ${name}, ${variantNames[variant]} ÷ client only (median of same-round ratios)`,
      value: two(ratio),
      unit: '×',
    });
  }
}
for (const variant of variants) {
  const kept = results[variant].filter((r) => r.kept).length;
  rows.push({
    package: pkg,
    metric: `SSR (${profile}): ${variantNames[variant]}: key typed at first readable label kept after the hand-over`,
    value: `${kept} of ${results[variant].length}`,
    unit: '',
  });
}
if (failure)
  rows.push({
    package: pkg,
    metric: 'SSR bench: stopped early',
    value: String(failure.message).split('\n')[0],
    unit: '',
  });
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
for (const row of rows) console.log(`     ${row.metric}: ${row.value} ${row.unit}`);
if (process.env.BENCH_SSR_RAW) writeFileSync(process.env.BENCH_SSR_RAW, JSON.stringify(results, null, 2));
