#!/usr/bin/env node
// The form assistant against native HTML and the Lit floor, in ONE Chromium run (issue 16).
//
// Three pages, each its own renderer: the kit (<efa-form>, the whole kit in one file), the
// floor (bench-floor-render.js: minimal form-associated Lit fields) and native HTML (<label>
// + <input>/<select>/<textarea> in fieldsets, set with innerHTML, no script). Every round
// renders each scenario on each page once, the page order rotating by one per round; the
// figures are medians of the per-round ratios, so both sides of a ratio saw the same moment of
// this shared machine. Scenarios: the 300-field bench form (bench-definition.mjs) and each
// blueprint with all its steps on one step (every field shown, repeats at their minimum).
//
//   layout: from setting the form to every field updated plus a forced layout
//   CPU:    the renderer main thread's CPU time around the render (CDP ThreadTime)
//   key:    main-thread CPU of one real key ("a") in the first text field, and the next frame
//
// Bytes per blueprint page: <efa-form> built with code splitting (esbuild, minified, Lit
// included), the page shows step 1 of the blueprint, and the chunks it fetched until then are
// counted, each gzip -9 as a server would send it. And the whole kit in one file.
// Rows go to ../../bench/raw/form-assistant-ratios.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright';
import { bundleForBrowser, gzipSize } from '../../../tools/browser-bundle.mjs';
import { blueprintForms } from '../dist/blueprints/index.js';
import { fieldOptions } from '../dist/schema/walk.js';
import { definition as benchDefinition } from './bench-definition.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..');
const out = join(packageDir, '..', '..', 'bench', 'raw', 'form-assistant-ratios.json');
const rounds = Number(process.env.BENCH_RUNS ?? 30);
const warmUp = 5;
const pkg = '@efa-kit/form-assistant';

// ── inputs, built outside the measurement ─────────────────────────────────────────────────

const kitCode = await bundleForBrowser(join(packageDir, 'dist', 'index.js'));
const floorCode = await bundleForBrowser(join(here, 'bench-floor-render.js'));

/** <efa-form> alone, split as a page's bundler would split it: chunk name → code. */
async function splitBuild() {
  const result = await build({
    entryPoints: { form: join(packageDir, 'dist', 'form.js') },
    bundle: true,
    splitting: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    outdir: '/chunks',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return new Map(result.outputFiles.map((file) => [file.path.replace(/^\/chunks\//, ''), file.contents]));
}
const chunks = await splitBuild();

const walkItems = (items, visit) => {
  for (const item of items) {
    if (item.kind === 'group') walkItems(item.items, visit);
    else visit(item);
  }
};

/** All steps of a definition on one step, every condition removed: every field renders. */
function allOnOneStep(definition) {
  const strip = (item) => {
    const { showWhen: _shown, requiredWhen: _required, ...rest } = item;
    return rest.kind === 'group' ? { ...rest, items: rest.items.map(strip) } : rest;
  };
  return {
    ...definition,
    description: undefined,
    steps: [
      {
        id: 'all',
        title: { de: 'Alle Fragen' },
        groups: definition.steps.flatMap((step) => step.groups.map(strip)),
      },
    ],
  };
}

const escapeHtml = (text) => String(text ?? '').replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const de = (text) => (typeof text === 'string' ? text : (text?.de ?? ''));

const optionsOf = (definition, field) => fieldOptions(definition, field);

/** The markup a server would write for the same fields: label, hint, control, in fieldsets. */
function nativeMarkup(definition) {
  let n = 0;
  const parts = [];
  const hint = (id, field) => (field.hint ? `<div id="${id}-h">${escapeHtml(de(field.hint))}</div>` : '');
  const input = (field, type, extra = '') => {
    const id = `n${n++}`;
    return `<div class="f"><label for="${id}">${escapeHtml(de(field.label))}</label>${hint(id, field)}<input id="${id}" name="${id}" type="${type}"${field.required ? ' required' : ''}${extra}${field.hint ? ` aria-describedby="${id}-h"` : ''}></div>`;
  };
  const choices = (field, type, options) => {
    const id = `n${n++}`;
    return `<fieldset><legend>${escapeHtml(de(field.label))}</legend>${hint(id, field)}${options
      .map(
        (option, index) =>
          `<div><input type="${type}" id="${id}-${index}" name="${id}" value="${escapeHtml(option.value)}"><label for="${id}-${index}">${escapeHtml(de(option.label))}</label></div>`,
      )
      .join('')}</fieldset>`;
  };
  const parts4 = (field, names) => {
    const id = `n${n++}`;
    return `<fieldset><legend>${escapeHtml(de(field.label))}</legend>${names
      .map(
        (name, index) =>
          `<div><label for="${id}-${index}">${name}</label><input id="${id}-${index}" name="${id}.${index}"></div>`,
      )
      .join('')}</fieldset>`;
  };
  const field = (item) => {
    switch (item.kind) {
      case 'multiline': {
        const id = `n${n++}`;
        return `<div class="f"><label for="${id}">${escapeHtml(de(item.label))}</label>${hint(id, item)}<textarea id="${id}" name="${id}" rows="5"></textarea></div>`;
      }
      case 'integer':
      case 'decimal':
      case 'money':
        return input(item, 'text', ' inputmode="decimal"');
      case 'date':
        return input(item, 'date');
      case 'email':
        return input(item, 'email');
      case 'phone':
        return input(item, 'tel');
      case 'file':
        return input(item, 'file');
      case 'yesNo':
        return choices(item, 'radio', [
          { value: 'true', label: 'Ja' },
          { value: 'false', label: 'Nein' },
        ]);
      case 'choice': {
        const options = optionsOf(definition, item);
        if ((item.display ?? (options.length > 7 ? 'select' : 'radio')) === 'radio')
          return choices(item, 'radio', options);
        const id = `n${n++}`;
        return `<div class="f"><label for="${id}">${escapeHtml(de(item.label))}</label>${hint(id, item)}<select id="${id}" name="${id}"><option value="">Bitte wählen</option>${options
          .map(
            (option) =>
              `<option value="${escapeHtml(option.value)}">${escapeHtml(de(option.label))}</option>`,
          )
          .join('')}</select></div>`;
      }
      case 'multiChoice':
        return choices(item, 'checkbox', optionsOf(definition, item));
      case 'address':
        return parts4(item, ['Straße', 'Hausnummer', 'Postleitzahl', 'Ort']);
      case 'personName':
        return parts4(item, ['Vornamen', 'Familienname']);
      case 'static':
        return `<p>${escapeHtml(de(item.text))}</p>`;
      default:
        return input(item, 'text');
    }
  };
  const group = (item) => {
    if (item.kind !== 'group') return field(item);
    const copies = item.repeat ? Math.max(item.repeat.min ?? 0, 1) : 1;
    const inner = Array.from({ length: copies }, () => item.items.map(group).join('')).join('');
    return `<div class="group">${item.title ? `<h3>${escapeHtml(de(item.title))}</h3>` : ''}${inner}</div>`;
  };
  for (const step of definition.steps) {
    parts.push(
      `<h2>${escapeHtml(de(step.title))}</h2><form novalidate>${step.groups.map(group).join('')}<button>Weiter</button></form>`,
    );
  }
  return { markup: parts.join(''), controls: n };
}

function fieldCount(definition) {
  let count = 0;
  for (const step of definition.steps) walkItems(step.groups, (item) => item.kind !== 'static' && count++);
  return count;
}

const blueprints = blueprintForms();
const scenarios = [
  { name: '300-field form', definition: benchDefinition(300), keystroke: true },
  ...Object.entries(blueprints).map(([name, definition]) => ({ name, definition: allOnOneStep(definition) })),
].map((scenario) => ({
  ...scenario,
  native: nativeMarkup(scenario.definition).markup,
  // The floor renders groups of ten: the field count rounded to tens.
  floorFields: Math.max(10, Math.round(fieldCount(scenario.definition) / 10) * 10),
  fields: fieldCount(scenario.definition),
}));

// ── the run ───────────────────────────────────────────────────────────────────────────────

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--js-flags=--expose-gc',
  ],
});

const page = (body, scripts) =>
  `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>bench</title>${scripts}</head><body>${body}</body></html>`;

async function openPage(kind) {
  // Each contender in its own context, so in its own renderer process.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const tab = await context.newPage();
  await tab.route('http://bench.invalid/**', (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/kit.js')
      return route.fulfill({ body: Buffer.from(kitCode), contentType: 'text/javascript' });
    if (url.pathname === '/floor.js')
      return route.fulfill({ body: Buffer.from(floorCode), contentType: 'text/javascript' });
    const script = kind === 'kit' ? '/kit.js' : kind === 'floor' ? '/floor.js' : '';
    return route.fulfill({
      body: page('', script ? `<script type="module" src="${script}"></script>` : ''),
      contentType: 'text/html',
    });
  });
  await tab.goto('http://bench.invalid/');
  if (kind !== 'native')
    await tab.waitForFunction(
      (tag) => customElements.get(tag) !== undefined,
      kind === 'kit' ? 'efa-form' : 'bench-floor-form',
    );
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  await tab.evaluate((kind) => {
    window.benchKind = kind;
    window.benchPrepare = async () => {
      const host =
        kind === 'native'
          ? document.createElement('div')
          : document.createElement(kind === 'kit' ? 'efa-form' : 'bench-floor-form');
      if (kind === 'kit') host.setAttribute('no-autosave', '');
      document.body.append(host);
      await host.updateComplete;
      void document.body.offsetHeight;
      window.benchHost = host;
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    };
    window.benchRender = async (input) => {
      const host = window.benchHost;
      const start = performance.now();
      if (kind === 'native') {
        host.innerHTML = input;
      } else if (kind === 'floor') {
        host.fieldCount = input;
        await host.updateComplete;
        await Promise.all(
          [...host.shadowRoot.querySelectorAll('bench-floor-field')].map((f) => f.updateComplete),
        );
      } else {
        host.definition = input;
        await host.updateComplete;
        await Promise.all([...host.shadowRoot.querySelectorAll('[data-path]')].map((f) => f.updateComplete));
      }
      host.getBoundingClientRect();
      void document.body.offsetHeight;
      return performance.now() - start;
    };
    /** Focuses the first text input, so a real key can go there. */
    window.benchFocusText = () => {
      const host = window.benchHost;
      if (kind === 'native') host.querySelector('input[type=text]')?.focus();
      else if (kind === 'floor') host.shadowRoot.querySelector('bench-floor-field')?.focus();
      else host.shadowRoot.querySelector('efa-text-field')?.focus();
    };
    window.benchFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    window.benchCleanUp = async () => {
      window.benchHost?.remove();
      window.benchHost = undefined;
      void document.body.offsetHeight;
      window.gc?.();
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    };
  }, kind);
  const threadTime = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((metric) => metric.name === 'ThreadTime')?.value ?? Number.NaN) * 1000;
  };
  return { kind, tab, context, threadTime };
}

const contenders = [await openPage('kit'), await openPage('floor'), await openPage('native')];

/** One render (and optionally one key) of a scenario on a page. */
async function renderOnce(contender, scenario, withKey) {
  const { tab, kind, threadTime } = contender;
  const input =
    kind === 'kit' ? scenario.definition : kind === 'floor' ? scenario.floorFields : scenario.native;
  await tab.bringToFront();
  await tab.evaluate(() => window.benchPrepare());
  const before = await threadTime();
  const layout = await tab.evaluate((value) => window.benchRender(value), input);
  const after = await threadTime();
  let key;
  if (withKey) {
    await tab.evaluate(() => window.benchFocusText());
    await tab.evaluate(() => window.benchFrame());
    const keyBefore = await threadTime();
    await tab.keyboard.press('a');
    await tab.evaluate(() => window.benchFrame());
    key = (await threadTime()) - keyBefore;
  }
  await tab.evaluate(() => window.benchCleanUp());
  return { layout, cpu: after - before, key };
}

const results = new Map(scenarios.map((scenario) => [scenario.name, { kit: [], floor: [], native: [] }]));
try {
  for (let round = 0; round < warmUp + rounds; round++) {
    for (const scenario of scenarios) {
      const order = contenders.map((_, index) => contenders[(index + round) % contenders.length]);
      for (const contender of order) {
        const result = await renderOnce(contender, scenario, scenario.keystroke === true);
        if (round >= warmUp) results.get(scenario.name)[contender.kind].push(result);
      }
    }
  }
} finally {
  // Bytes need their own pages (below); the timing pages are done.
  for (const contender of contenders) await contender.context.close();
}

// ── bytes to show step 1 ─────────────────────────────────────────────────────────────────

const chunkGzip = new Map([...chunks].map(([name, code]) => [name, gzipSync(code, { level: 9 }).length]));
async function stepOneBytes(definition) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const tab = await context.newPage();
  const fetched = new Set();
  await tab.route('http://bench.invalid/**', (route) => {
    const name = new URL(route.request().url()).pathname.slice(1);
    const code = chunks.get(name);
    if (code) {
      fetched.add(name);
      return route.fulfill({ body: Buffer.from(code), contentType: 'text/javascript' });
    }
    return route.fulfill({
      body: page('', '<script type="module" src="/form.js"></script>'),
      contentType: 'text/html',
    });
  });
  await tab.goto('http://bench.invalid/');
  await tab.waitForFunction(() => customElements.get('efa-form') !== undefined);
  // Step 1 shown: the chunks fetched by then (the idle prefetch of later steps comes after).
  const shown = await tab.evaluate(async (value) => {
    const form = document.createElement('efa-form');
    form.setAttribute('no-autosave', '');
    form.definition = value;
    document.body.append(form);
    await form.updateComplete;
    const fields = [...form.shadowRoot.querySelectorAll('[data-path]')];
    return {
      fields: fields.length,
      defined: fields.every((field) => field.matches(':defined')),
      chunks: performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname.slice(1)),
    };
  }, definition);
  await context.close();
  const names = new Set([...fetched].filter((name) => shown.chunks.includes(name)));
  let bytes = 0;
  for (const name of names) bytes += chunkGzip.get(name) ?? 0;
  return { bytes, chunks: names.size, fields: shown.fields, defined: shown.defined };
}
const bytesPerBlueprint = {};
try {
  for (const [name, definition] of Object.entries(blueprints))
    bytesPerBlueprint[name] = await stepOneBytes(definition);
} finally {
  await browser.close();
}
const wholeKit = gzipSize(kitCode);

// ── rows ──────────────────────────────────────────────────────────────────────────────────

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const ratio = (a, b, key) => median(a.map((run, index) => run[key] / b[index][key]));
const two = (value) => Math.round(value * 100) / 100;
const one = (value) => Math.round(value * 10) / 10;
const rows = [];
const target = (metric, value, limit, unit = '×') =>
  rows.push({ package: pkg, metric, value: two(value), unit, target: `≤ ${limit}`, pass: value <= limit });
const context = (metric, value, unit) => rows.push({ package: pkg, metric, value, unit });

for (const scenario of scenarios) {
  const { kit, floor, native } = results.get(scenario.name);
  const label = `${scenario.name} (${scenario.fields} fields, floor ${scenario.floorFields})`;
  target(
    `${label}: layout, kit ÷ native HTML (median of ${rounds} same-round ratios)`,
    ratio(kit, native, 'layout'),
    1.1,
  );
  target(`${label}: main-thread CPU, kit ÷ native HTML`, ratio(kit, native, 'cpu'), 1.1);
  target(`${label}: layout, kit ÷ Lit floor`, ratio(kit, floor, 'layout'), 1.15);
  target(`${label}: main-thread CPU, kit ÷ Lit floor`, ratio(kit, floor, 'cpu'), 1.15);
  if (scenario.keystroke)
    target(`${label}: keystroke CPU, kit ÷ native HTML`, ratio(kit, native, 'key'), 1.3);
  // Context: the milliseconds behind the ratios (this machine, this run).
  context(
    `${label}: medians kit / floor / native, layout`,
    `${one(median(kit.map((r) => r.layout)))} / ${one(median(floor.map((r) => r.layout)))} / ${one(median(native.map((r) => r.layout)))}`,
    'ms',
  );
  context(
    `${label}: medians kit / floor / native, main-thread CPU`,
    `${one(median(kit.map((r) => r.cpu)))} / ${one(median(floor.map((r) => r.cpu)))} / ${one(median(native.map((r) => r.cpu)))}`,
    'ms',
  );
  if (scenario.keystroke)
    context(
      `${label}: keystroke CPU medians kit / floor / native`,
      `${one(median(kit.map((r) => r.key)))} / ${one(median(floor.map((r) => r.key)))} / ${one(median(native.map((r) => r.key)))}`,
      'ms',
    );
}
for (const [name, measured] of Object.entries(bytesPerBlueprint)) {
  const metric = `${name} page: JS to show step 1 (efa-form split, ${measured.chunks} chunks, gzip each, incl. Lit; ${measured.fields} fields, all upgraded: ${measured.defined})`;
  const kB = measured.bytes / 1000;
  if (name === 'dog-registration') target(metric, kB, 30, 'kB');
  else context(metric, one(kB), 'kB');
}
target('whole kit in one file (dist/index.js, minified, incl. Lit, gzip)', wholeKit / 1000, 48, 'kB');

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
for (const row of rows) {
  const verdict = row.pass === undefined ? '    ' : row.pass ? 'ok  ' : 'FAIL';
  console.log(
    `${verdict} ${row.metric}: ${row.value} ${row.unit}${row.target ? ` (target ${row.target})` : ''}`,
  );
}
