#!/usr/bin/env node
/**
 * Lighthouse on every journey page of the portal (issue 17): mobile profile (Lighthouse's
 * default: Moto G Power-class screen, simulated slow 4G and 4× CPU slowdown), Debian's
 * Chromium, categories performance, accessibility and best practices. Targets: performance ≥ 95,
 * accessibility 100, best practices 100. Writes bench/lighthouse.md. Not part of `pnpm test`.
 *
 * The portal runs the way the end-to-end journeys run it: the built server (the script builds
 * it with turbo first, cached), PGlite in memory, development mode with the
 * development identity provider, payment simulator and delivery service. Signed-in pages are
 * audited with a real session: the script logs in at the development provider over HTTP (as
 * a browser would: redirects, the provider's form, back), then hands the cookies to Lighthouse
 * as an extra `Cookie` header; what the pages show (a draft, a submitted application with its
 * receipt, a case in the authority's inbox) is made through the portal's own API first.
 *
 *   pnpm lighthouse                       every page, once each
 *   pnpm lighthouse -- --runs 3           the median of three runs per page
 *   pnpm lighthouse -- --only form        pages whose name contains "form"
 *   pnpm lighthouse -- --url http://localhost:3000   a portal already running in development mode
 *   pnpm lighthouse -- --keep /tmp/reports   keep Lighthouse's JSON reports there
 *   pnpm lighthouse -- --no-build            the portal as it is built now
 *   LIGHTHOUSE_PORT=4500 pnpm lighthouse     the portal's port (default: a free one)
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildPortal, codeLabel, ensureDebianPackage } from '../ops/lib/base.mjs';

const root = new URL('..', import.meta.url).pathname;
const portalDir = join(root, 'apps/portal');
const args = process.argv.slice(2).filter((a) => a !== '--');
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : args[at + 1];
};
const runs = Number(option('--runs', '1'));
const only = option('--only', '');
const keep = option('--keep', '');
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const targets = { performance: 95, accessibility: 100, 'best-practices': 100 };

// From a fresh clone: the dependencies come from `pnpm install` (Lighthouse is a root
// devDependency); the portal and its packages are built here (turbo, cached, so a second run
// costs seconds) unless --no-build; Debian's Chromium is installed with apt when we are root.
if (!existsSync(join(root, 'node_modules/.bin/lighthouse')))
  throw new Error('Lighthouse is not installed: run `pnpm install` first');
buildPortal(args.includes('--no-build') || args.includes('--url'));
if (!process.env.CHROME_PATH) ensureDebianPackage('chromium', 'chromium');
if (!existsSync(chromePath)) throw new Error(`no Chromium at ${chromePath} (set CHROME_PATH)`);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const given = option('--url', '');
const work = keep || mkdtempSync(join(tmpdir(), 'efa-lighthouse-'));
if (keep) mkdirSync(keep, { recursive: true });
// The client build as it is now, served from a copy: a build in the working tree during the
// run (a watch build, another checkout step) would otherwise replace the hashed assets under
// the pages Lighthouse is loading, and the run would measure 404s.
// What is measured, taken when it is built (HEAD may move during a long run): the commit, and
// whether the working tree had changes on top of it.
const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], {
  cwd: root,
  encoding: 'utf8',
}).stdout.trim();
const code = `${codeLabel()}${dirty ? ' with uncommitted changes in the working tree' : ''}${args.includes('--no-build') ? ' (--no-build: the portal as last built, which may be older)' : ''}`;
const staticCopy = join(work, 'client');
if (!given) cpSync(join(portalDir, 'dist/client'), staticCopy, { recursive: true });
const port = given ? Number(new URL(given).port) : Number(process.env.LIGHTHOUSE_PORT ?? (await freePort()));
const base = given ? new URL(given).origin : `http://localhost:${port}`;
const portal = given
  ? { exitCode: null, kill() {}, stderr: { on() {} } }
  : spawn(process.execPath, ['dist/server/main.js'], {
      cwd: portalDir,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: base,
        DATABASE_URL: 'memory://',
        PORTAL_MODE: 'development',
        // All requests come from 127.0.0.1; the limit itself is tested in the portal's tests.
        RATE_LIMIT_POINTS: '100000',
        STATIC_DIR: staticCopy,
      },
    });
let portalErrors = '';
portal.stderr.on('data', (chunk) => {
  portalErrors = (portalErrors + chunk).slice(-4000);
});
const stopPortal = () => {
  if (portal.exitCode === null) portal.kill('SIGTERM');
};
process.on('exit', stopPortal);

async function waitForPortal() {
  // Up to ten minutes: on a busy machine the development services take minutes to start.
  for (let i = 0; i < 6000; i++) {
    if (portal.exitCode !== null) throw new Error(`the portal stopped: ${portalErrors}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the portal did not answer /healthz within 600 s');
}

/** A browser's cookies (per host) and redirects by hand, enough for the login round trip. */
class Browser {
  jar = new Map();

  cookieHeader(url) {
    const cookies = this.jar.get(new URL(url).host) ?? new Map();
    return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  cookie(url, name) {
    return this.jar.get(new URL(url).host)?.get(name);
  }

  async request(url, init = {}) {
    const headers = { ...init.headers };
    const cookie = this.cookieHeader(url);
    if (cookie) headers.cookie = cookie;
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    const host = new URL(url).host;
    if (!this.jar.has(host)) this.jar.set(host, new Map());
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)))
        this.jar.get(host).delete(name);
      else this.jar.get(host).set(name, value);
    }
    return {
      url: new URL(url),
      status: response.status,
      headers: response.headers,
      body: await response.text(),
    };
  }

  async navigate(url, init = {}) {
    let response = await this.request(url, init);
    for (let hops = 0; hops < 20 && response.status >= 300 && response.status < 400; hops++) {
      response = await this.request(new URL(response.headers.get('location'), response.url));
    }
    return response;
  }

  /** Logs in at the development provider with a method and a test identity. */
  async logIn(level, method, identity) {
    const page = await this.navigate(`${base}/auth/login?level=${level}&returnTo=/`);
    const match = /\/interaction\/([\w-]+)\/login/.exec(page.body);
    if (!match) throw new Error(`no login page at ${page.url} (${page.status})`);
    const back = await this.navigate(new URL(`/interaction/${match[1]}/login`, page.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ method, identity }).toString(),
    });
    if (new URL(back.url).origin !== base || !this.cookie(base, 'efa_session'))
      throw new Error(`login of ${identity} did not come back signed in (${back.url} ${back.status})`);
  }

  /** A tRPC call as the portal's page script makes it (same origin, double-submit CSRF token). */
  async trpc(path, input, type = 'mutation') {
    if (!this.cookie(base, 'efa_csrf')) await this.request(`${base}/`);
    const csrf = decodeURIComponent(this.cookie(base, 'efa_csrf') ?? '');
    const response =
      type === 'mutation'
        ? await this.request(`${base}/trpc/${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: base, 'x-efa-csrf': csrf },
            body: JSON.stringify(input),
          })
        : await this.request(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
    const body = JSON.parse(response.body);
    if (!body.result) throw new Error(`${path}: ${response.status} ${response.body.slice(0, 500)}`);
    return body.result.data;
  }
}

/** Lighthouse once on a URL, with the browser's cookies: the scores and what kept them down. */
function audit(name, url, cookies, dir) {
  const output = join(dir, `${name}.json`);
  const extraHeaders = cookies ? JSON.stringify({ Cookie: cookies }) : undefined;
  const result = spawnSync(
    join(root, 'node_modules/.bin/lighthouse'),
    [
      url,
      '--quiet',
      '--output=json',
      `--output-path=${output}`,
      '--only-categories=performance,accessibility,best-practices',
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync',
      ...(extraHeaders ? [`--extra-headers=${extraHeaders}`] : []),
    ],
    { env: { ...process.env, CHROME_PATH: chromePath }, encoding: 'utf8', timeout: 300_000 },
  );
  if (result.status !== 0 || !existsSync(output))
    throw new Error(`lighthouse on ${url} failed: ${result.stderr?.slice(-2000)}`);
  const report = JSON.parse(readFileSync(output, 'utf8'));
  const scores = Object.fromEntries(
    Object.keys(targets).map((id) => [id, Math.round((report.categories[id]?.score ?? 0) * 100)]),
  );
  // What keeps a category below 100: its audits with a score below 1 that count (weight > 0).
  const misses = [];
  for (const id of Object.keys(targets)) {
    for (const ref of report.categories[id]?.auditRefs ?? []) {
      const a = report.audits[ref.id];
      if (ref.weight > 0 && a && a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative') {
        // For failed checks (not metrics), what failed: the first items' text, selector or URL.
        const items = (a.details?.items ?? [])
          .slice(0, 3)
          .map((item) => item.description ?? item.node?.selector ?? item.url ?? item.source ?? '')
          .map((text) => String(text).replace(/\s+/g, ' ').replace(/\|/g, '/').slice(0, 160))
          .filter(Boolean);
        const detail = a.displayValue ?? (items.length > 0 ? items.join('; ') : '');
        misses.push(`${ref.id}${detail ? ` (${detail})` : ''}`);
      }
    }
  }
  // The performance metrics above say how slow, not why: the insights and diagnostics that
  // Lighthouse estimates would save time (weight 0, so not in the loop above) name the cause.
  const causes = [];
  for (const ref of report.categories.performance?.auditRefs ?? []) {
    const a = report.audits[ref.id];
    if (ref.weight > 0 || !a || a.score === null || a.score >= 1) continue;
    const savings = Object.entries(a.metricSavings ?? {})
      .filter(([, value]) => value > 0)
      .map(([name, value]) => `${name} −${name === 'CLS' ? value.toFixed(3) : `${Math.round(value)} ms`}`);
    if (savings.length === 0 && a.scoreDisplayMode !== 'binary') continue;
    causes.push(`${ref.id}${savings.length > 0 ? ` (${savings.join(', ')})` : ''}`);
  }
  const metric = (id) => report.audits[id]?.numericValue ?? Number.NaN;
  return {
    scores,
    misses,
    causes,
    // Lighthouse's measure of this machine's CPU speed during the run (a quiet desktop: about
    // 1,000 to 2,500); the simulated 4× slowdown comes on top of it.
    benchmarkIndex: report.environment?.benchmarkIndex ?? Number.NaN,
    load: loadavg()[0],
    fcp: metric('first-contentful-paint'),
    lcp: metric('largest-contentful-paint'),
    tbt: metric('total-blocking-time'),
    cls: metric('cumulative-layout-shift'),
    finalUrl: report.finalDisplayedUrl ?? report.finalUrl,
    runtimeError: report.runtimeError?.message,
  };
}

const started = Date.now();
try {
  await waitForPortal();

  // A citizen at level substantial (eID), with a draft and a submitted application.
  const citizen = new Browser();
  await citizen.logIn('substantial', 'eid-card', 'erika-mustermann');
  const { exampleHousingBenefit } = await import(
    pathToFileURL(join(root, 'packages/form-assistant/dist/testing/index.js')).href
  );
  // The example's answers (an address in Leipzig) with the identity's locked, verified ones.
  const prefilled = await citizen.trpc('form.prefill', { formId: 'housing-benefit' }, 'query');
  const housing = exampleHousingBenefit();
  for (const path of prefilled?.locked ?? []) {
    const keys = path.split('.');
    const last = keys.pop();
    const from = keys.reduce((value, key) => value?.[key], prefilled.data);
    const into = keys.reduce((value, key) => (value[key] ??= {}), housing);
    into[last] = from?.[last];
  }
  // The files the example names, uploaded for real (the submit takes only files it holds).
  const pdf = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
  const upload = async (field, filename) => {
    const url = new URL('/uploads', base);
    url.searchParams.set('formId', 'housing-benefit');
    url.searchParams.set('field', field);
    const response = await citizen.request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/pdf',
        'x-filename': `UTF-8''${filename}`,
        origin: base,
        'x-efa-csrf': decodeURIComponent(citizen.cookie(base, 'efa_csrf') ?? ''),
      },
      body: pdf,
    });
    const body = JSON.parse(response.body);
    if (!body.uploadId) throw new Error(`upload ${field}: ${response.status} ${response.body.slice(0, 300)}`);
    return [
      {
        name: body.filename,
        size: body.size,
        mediaType: body.mimeType,
        ref: body.uploadId,
        sha512: body.sha512,
      },
    ];
  };
  housing.rent.tenancyAgreement = await upload('rent.tenancyAgreement', 'mietvertrag.pdf');
  housing.incomes[0].proof = await upload('incomes.proof', 'gehalt.pdf');
  const definition = await citizen.trpc('form.definition', { formId: 'housing-benefit' }, 'query');
  await citizen.trpc('form.drafts.save', {
    formId: 'housing-benefit',
    baseVersion: 0,
    stepId: definition.steps[1]?.id ?? '',
    data: housing,
  });
  const applicationId = randomUUID();
  await citizen.trpc('form.submit', {
    formId: 'housing-benefit',
    version: definition.version,
    applicationId,
    data: housing,
  });
  // A caseworker of the authority that gets the dog registrations of Pirna.
  const caseworker = new Browser();
  await caseworker.logIn('low', 'username-password', 'caseworker-pirna');

  const citizenCookies = citizen.cookieHeader(base);
  const pages = [
    { name: 'start', path: '/' },
    { name: 'finder', path: '/zustaendigkeit' },
    {
      name: 'finder result (service page)',
      path: '/zustaendigkeit?leistung=99102013104000&ort=01796',
    },
    { name: 'login (my account, signed out)', path: '/mein-konto' },
    { name: 'my account (signed in)', path: '/mein-konto', cookies: citizenCookies },
    { name: 'form: dog registration (first step)', path: '/antrag/hund-anmelden', cookies: citizenCookies },
    { name: 'form: housing benefit (first step)', path: '/antrag/wohngeld', cookies: citizenCookies },
    // Signed in, a form page is client-only (prefill and locks, ADR 0011); started without a
    // login ("Ohne Anmeldung beginnen"), its step 1 is server-written HTML.
    {
      name: 'form: dog registration (first step, without login)',
      path: '/antrag/hund-anmelden?ohne-anmeldung',
    },
    { name: 'form: housing benefit (first step, without login)', path: '/antrag/wohngeld?ohne-anmeldung' },
    { name: 'payment', path: '/gebuehr-bezahlen' },
    {
      name: 'confirmation and status',
      path: `/antrag/status?antrag=${applicationId}`,
      cookies: citizenCookies,
    },
    { name: 'drafts', path: '/antraege', cookies: citizenCookies },
    { name: 'mailbox', path: '/postfach', cookies: citizenCookies },
    { name: 'authority inbox', path: '/behoerde', cookies: caseworker.cookieHeader(base) },
  ].filter((page) => page.name.includes(only));

  const rows = [];
  for (const page of pages) {
    const results = [];
    for (let run = 0; run < runs; run++) {
      console.log(`lighthouse: ${page.name} (${page.path}), run ${run + 1} of ${runs}`);
      // Lighthouse's own trace errors (NO_NAVSTART, NO_FCP) come and go on a busy machine: one
      // more try, then the page's row says what failed instead of a score.
      let result;
      for (let attempt = 0; attempt < 2 && !result; attempt++) {
        try {
          result = audit(`page-${rows.length}-${run}-${attempt}`, `${base}${page.path}`, page.cookies, work);
        } catch (error) {
          console.log(`  ${error.message.split('\n')[0]}`);
          if (attempt === 1)
            result = {
              scores: { performance: 0, accessibility: 0, 'best-practices': 0 },
              misses: [],
              causes: [],
              runtimeError: String(error.message).replace(/\s+/g, ' ').slice(0, 200),
            };
        }
      }
      results.push(result);
    }
    // The median run by performance score, as Lighthouse's own guidance for variable scores.
    const byPerformance = [...results].sort((a, b) => a.scores.performance - b.scores.performance);
    const chosen = byPerformance[Math.floor(byPerformance.length / 2)];
    rows.push({
      ...page,
      ...chosen,
      performanceRuns: results.map((r) => r.scores.performance),
      loads: results.flatMap((r) => (Number.isFinite(r.load) ? [r.load] : [])),
    });
    console.log(`  ${JSON.stringify(chosen.scores)} ${chosen.misses.join(', ')}`);
    if (chosen.causes.length > 0) console.log(`  causes: ${chosen.causes.join(', ')}`);
  }

  const version = JSON.parse(
    readFileSync(join(root, 'node_modules/lighthouse/package.json'), 'utf8'),
  ).version;
  const chromium = spawnSync(chromePath, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const loads = rows.flatMap((r) => r.loads);
  const loadSummary = () =>
    loads.length === 0
      ? '–'
      : `${Math.min(...loads).toFixed(1)} to ${Math.max(...loads).toFixed(1)}, mean ${(loads.reduce((a, b) => a + b, 0) / loads.length).toFixed(1)}`;
  const mark = (id, score) => (score >= targets[id] ? `${score}` : `**${score}**`);
  const ms = (value) => (Number.isFinite(value) ? `${Math.round(value)}` : '–');
  const met = rows.filter((r) => Object.entries(targets).every(([id, target]) => r.scores[id] >= target));
  const lines = [
    '# Lighthouse (issue 17)',
    '',
    `Last written by \`pnpm lighthouse\` on ${new Date().toISOString().slice(0, 16)} UTC: Lighthouse ${version},`,
    `${chromium} (headless), Node ${process.version}; mobile profile (Lighthouse's default: simulated slow 4G,`,
    '4× CPU slowdown, 412 px screen). The portal as the end-to-end tests run it: built, PGlite in memory,',
    'development mode with the development services; signed-in pages with a real session from the',
    `development provider. ${runs > 1 ? `Median of ${runs} runs by performance score.` : 'One run per page.'}`,
    'Targets: performance ≥ 95, accessibility 100, best practices 100 (misses in bold). The machine was',
    'shared with other work, which lengthens the measured main-thread tasks and so lowers performance.',
    '',
    '| page | path | performance | accessibility | best practices | FCP (ms) | LCP (ms) | TBT (ms) | CLS | CPU index | below 100 because | estimated causes (insights, diagnostics) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.name} | \`${r.path.replace(/antrag=[0-9a-f-]+/, 'antrag=<id>')}\` | ${mark('performance', r.scores.performance)}${runs > 1 ? ` (${r.performanceRuns.join(', ')})` : ''} | ${mark('accessibility', r.scores.accessibility)} | ${mark('best-practices', r.scores['best-practices'])} | ${ms(r.fcp)} | ${ms(r.lcp)} | ${ms(r.tbt)} | ${Number.isFinite(r.cls) ? r.cls.toFixed(3) : '–'} | ${ms(r.benchmarkIndex)} | ${r.runtimeError ?? (r.misses.join(', ') || '–')} | ${r.causes.join(', ') || '–'} |`,
    ),
    '',
    `Load average (1 min) of this 2-core machine at the audits: ${loadSummary()}. "CPU index" is Lighthouse's`,
    'benchmark index of the run shown (higher is faster; Lighthouse calibrates its 4× slowdown for about',
    '1,000 or more), so a low index marks a page whose main-thread times were lengthened by the machine.',
    '',
    `${met.length} of ${rows.length} pages meet all three targets. This run: ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    '',
  ];
  lines.splice(lines.length - 1, 0, `Code: ${code}.`, '');
  // A "## Notes" section written by hand (what the figures mean on this machine) is kept.
  const benchFile = join(root, 'bench/lighthouse.md');
  const previous = existsSync(benchFile) ? readFileSync(benchFile, 'utf8') : '';
  const notesAt = previous.indexOf('\n## Notes');
  if (notesAt !== -1) lines.push(previous.slice(notesAt + 1).trimEnd(), '');
  if (only === '') writeFileSync(benchFile, lines.join('\n'));
  console.log(lines.join('\n'));
  process.exitCode = met.length === rows.length ? 0 : 1;
} finally {
  stopPortal();
  if (!keep) rmSync(work, { recursive: true, force: true });
}
