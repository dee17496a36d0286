#!/usr/bin/env node
// Consumer tests (issue 15): the packed tarballs in fresh projects outside the workspace, with
// only those tarballs and registry packages installed (pnpm, whose strict layout fails on any
// dependency a package or a README install line forgets), each driven in Chromium:
//   (a) a Vite page with <efa-jurisdiction-finder> calling the finder's server on another origin
//       through the server's CORS option: the authority is resolved;
//   (b) React 19 with <EfaForm> from '@efa-kit/form-assistant/react', type-checked with tsc
//       (props, events and the JSX types of the plain tag): the form refuses an empty required
//       field and submits a filled one;
//   (c) a plain Node server with the payment capability and its simulator: a payment is created
//       and paid at the simulator, and the element shows it paid;
//   (d) the finder from its one CDN file on a page of a third origin: resolved by keyboard;
//   (e) the service account README's server: logged in at the development provider.
// The servers are the READMEs' own code blocks (marked `<!-- consumer-test: file -->`), and
// the install lines the READMEs' (generated from package.json by tools/elements.mjs).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright';
import { serverInstall } from './install-lines.mjs';
import { packAll, sh } from './pack.mjs';
import { root, workspacePackages } from './workspace.mjs';

const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'efa-consumers-'));
const keep = process.argv.includes('--keep');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const pnpm = process.env.EFA_PNPM ?? 'pnpm';
const children = [];
const servers = [];

let passed = 0;
let failed = 0;
const check = async (name, fn) => {
  if (only && !only.split(',').some((key) => name.startsWith(`(${key})`))) return;
  const t0 = Date.now();
  try {
    await fn();
    passed += 1;
    console.log(`  ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failed += 1;
    console.log(`  FAIL ${name}: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
  }
};

/** A README's code block marked `<!-- consumer-test: <file> -->`. */
function readmeBlock(pkg, file) {
  const readme = readFileSync(join(root, 'packages', pkg, 'README.md'), 'utf8');
  const marker = `<!-- consumer-test: ${file} -->`;
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`packages/${pkg}/README.md has no block marked ${marker}`);
  const block = /```[a-z]*\n([\s\S]*?)\n```/.exec(readme.slice(at));
  if (!block) throw new Error(`no code block after ${marker}`);
  return block[1];
}

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
};

/** A static file server for a directory (a CMS, a CDN); `headers` are added to every answer. */
async function serveDirectory(dir, headers = {}, port = 0, host = '127.0.0.1') {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', ...headers });
      res.end(body);
    } catch {
      res.writeHead(404, headers).end();
    }
  });
  server.listen(port, host);
  await once(server, 'listening');
  servers.push(server);
  return server.address().port;
}

async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  return port;
}

/** Starts `node <file>` in a project and waits until it prints `ready` (or fails). */
async function startNode(cwd, file, env, ready) {
  const child = spawn(process.execPath, [file], { cwd, env: { ...process.env, ...env }, stdio: 'pipe' });
  children.push(child);
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} not ready in 120 s:\n${output}`)), 120_000);
    const onData = (chunk) => {
      output += chunk;
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited with ${code}:\n${output}`));
    });
  });
  return () => output;
}

/** The workspace's exact pin of a registry package (any package's dependency or devDependency). */
function pinOf(name) {
  for (const { manifest } of [
    { manifest: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) },
    ...workspacePackages(),
  ]) {
    const pin = manifest.dependencies?.[name] ?? manifest.devDependencies?.[name];
    if (pin && !pin.startsWith('workspace:')) return pin;
  }
  throw new Error(`no pin for ${name} in the workspace`);
}

/**
 * A fresh project: package.json with the tarballs and registry packages (at the workspace's
 * pins unless given), installed with pnpm.
 */
function project(name, dependencies, tarballs, extra = {}) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const local = Object.fromEntries(Object.entries(tarballs).map(([pkg, file]) => [pkg, `file:${file}`]));
  const resolved = Object.fromEntries(
    Object.entries(dependencies).map(([pkg, version]) => [pkg, version ?? local[pkg] ?? pinOf(pkg)]),
  );
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name, private: true, type: 'module', dependencies: resolved, ...extra }, null, 2),
  );
  // The packed packages name each other by version, which is not on the registry yet.
  writeFileSync(
    join(dir, 'pnpm-workspace.yaml'),
    `overrides:\n${Object.entries(local)
      .map(([pkg, spec]) => `  '${pkg}': '${spec}'`)
      .join('\n')}\n`,
  );
  sh(
    pnpm,
    [
      'install',
      '--ignore-scripts',
      '--prefer-offline',
      '--reporter=silent',
      '--config.confirmModulesPurge=false',
    ],
    dir,
    {
      // The workspace's release-age delay holds here too; cached metadata is enough for pins.
      env: { ...process.env, npm_config_minimum_release_age: '10080' },
    },
  );
  return dir;
}

/** A page that records its console errors; `explain()` adds them and an element's text to a failure. */
async function newPage(tag) {
  const page = await browser.newPage({ locale: 'de-DE' });
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  page.explain = async (error) => {
    const text = await page
      .evaluate(
        (t) =>
          (
            document.querySelector(t)?.shadowRoot?.textContent ??
            `(no element) ${document.body?.textContent ?? ''}`
          )
            .replace(/\s+/g, ' ')
            .trim()
            .slice(0, 600),
        tag,
      )
      .catch(() => '');
    return new Error(
      `${error.message.split('\n')[0]}\n    page ${page.url()}\n    <${tag}> shows: ${text}\n    console: ${problems.join(' | ')}`,
    );
  };
  page.problems = problems;
  return page;
}

/** Runs the steps on a page, closing it after; a failure says what the page showed. */
async function onPage(tag, steps) {
  const page = await newPage(tag);
  try {
    await steps(page);
  } catch (error) {
    throw await page.explain(error);
  } finally {
    await page.close();
  }
}

let browser;
try {
  const tarballDir = join(work, 'tarballs');
  mkdirSync(tarballDir);
  const tarballs = packAll(tarballDir);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });

  // The finder's server, as its README writes it, with the server install line.
  let finderApi;
  const cmsPort = await freePort();
  const vitePort = await freePort();
  const finderServer = async () => {
    if (finderApi) return finderApi;
    const dir = project(
      'finder-server',
      Object.fromEntries(serverInstall('@efa-kit/jurisdiction-finder').map((name) => [name, undefined])),
      tarballs,
    );
    writeFileSync(join(dir, 'server.ts'), readmeBlock('jurisdiction-finder', 'server.ts'));
    const port = await freePort();
    await startNode(
      dir,
      'server.ts',
      {
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        // The page origins of (a) and (d); the API is on 127.0.0.1, the pages on localhost.
        CMS_ORIGINS: `http://localhost:${vitePort},http://localhost:${cmsPort}`,
      },
      /listening on/,
    );
    finderApi = `http://127.0.0.1:${port}`;
    return finderApi;
  };

  const result = (page) =>
    page.locator('efa-jurisdiction-finder [part=result]').getByText('Stadtverwaltung Pirna').first();

  await check(
    '(a) Vite page, <efa-jurisdiction-finder> calls the finder server cross-origin (CORS)',
    async () => {
      const api = await finderServer();
      const dir = project(
        'vite-finder',
        { '@efa-kit/jurisdiction-finder': undefined, vite: undefined },
        tarballs,
      );
      writeFileSync(
        join(dir, 'index.html'),
        `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Zuständigkeit</title></head><body>
<efa-jurisdiction-finder endpoint="${api}/trpc" service="99102013104000" place="146285229270"></efa-jurisdiction-finder>
<script type="module" src="./main.js"></script></body></html>`,
      );
      writeFileSync(
        join(dir, 'main.js'),
        `import '@efa-kit/jurisdiction-finder/elements/efa-jurisdiction-finder.js';\n`,
      );
      sh(join(dir, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'error'], dir);
      const port = await serveDirectory(join(dir, 'dist'), {}, vitePort, 'localhost');
      await onPage('efa-jurisdiction-finder', async (page) => {
        const calls = [];
        page.on(
          'response',
          (r) => r.url().startsWith(api) && calls.push(r.headers()['access-control-allow-origin']),
        );
        await page.goto(`http://localhost:${port}/`);
        await result(page).waitFor();
        // Answered cross-origin, for this page's origin only (never "*" with credentials).
        if (calls.length === 0 || calls.some((origin) => origin !== `http://localhost:${port}`))
          throw new Error(`CORS answers: ${calls.join(', ')}`);
      });
    },
  );

  await check(
    '(d) one CDN file on a CMS page of another origin: the finder resolved by keyboard',
    async () => {
      const api = await finderServer();
      // The "CDN" serves the installed package's file with the CORS header module scripts need.
      const cdnDir = join(
        work,
        'finder-server',
        'node_modules',
        '@efa-kit',
        'jurisdiction-finder',
        'dist',
        'cdn',
      );
      const cdn = await serveDirectory(cdnDir, { 'access-control-allow-origin': '*' });
      const cms = join(work, 'cms');
      mkdirSync(cms);
      const snippet = readmeBlock('jurisdiction-finder', 'cms.html')
        .replaceAll(
          'https://cdn.jsdelivr.net/npm/@efa-kit/jurisdiction-finder@0/dist/cdn',
          `http://127.0.0.1:${cdn}`,
        )
        .replaceAll('https://service.land.example', api);
      if (!snippet.includes(`http://127.0.0.1:${cdn}/efa-jurisdiction-finder.js`))
        throw new Error(`the README's CMS snippet does not load the CDN file:\n${snippet}`);
      writeFileSync(
        join(cms, 'index.html'),
        `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Gemeinde</title></head><body><main>${snippet}</main></body></html>`,
      );
      const port = await serveDirectory(cms, {}, cmsPort, 'localhost');
      await onPage('efa-jurisdiction-finder', async (page) => {
        const scripts = [];
        page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
        await page.goto(`http://localhost:${port}/`);
        await page.getByRole('combobox').nth(0).click();
        await page.keyboard.type('Hund anmelden');
        await page.getByRole('option').first().waitFor();
        await page.getByRole('combobox').nth(1).click();
        await page.keyboard.type('Pirna');
        await page.keyboard.press('Enter');
        await result(page).waitFor();
        // One file, nothing else loaded: the bundle is self-contained.
        if (scripts.length !== 1) throw new Error(`scripts loaded: ${scripts.join(', ')}`);
      });
    },
  );

  await check('(b) React 19 + <EfaForm> (wrappers, tsc), validated and submitted in Chromium', async () => {
    const dir = project(
      'react-form',
      {
        '@efa-kit/form-assistant': undefined,
        // A new React 19 project's packages (React is not a workspace dependency).
        react: '19.3.1',
        'react-dom': '19.3.1',
        '@types/react-dom': '19.3.0',
        '@lit/react': undefined,
        '@types/react': undefined,
        typescript: undefined,
        vite: undefined,
      },
      tarballs,
    );
    for (const [file, text] of Object.entries(reactFiles())) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    sh(join(dir, 'node_modules', '.bin', 'tsc'), ['-p', '.'], dir);
    sh(join(dir, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'error'], dir);
    const port = await serveDirectory(join(dir, 'dist'));
    await onPage('efa-form', async (page) => {
      await page.goto(`http://127.0.0.1:${port}/`);
      // Empty, the required field is refused in the error summary.
      await page.getByRole('button', { name: 'Weiter' }).click();
      await page.getByText('Es gibt ein Problem').waitFor();
      await page.getByText('Geben Sie den Namen des Hundes ein.').first().waitFor();
      await page.getByLabel('Name des Hundes').fill('Bello');
      await page.getByRole('button', { name: 'Weiter' }).click();
      await page.getByRole('button', { name: 'Antrag absenden' }).click();
      const submitted = await page.getByTestId('submitted').textContent();
      if (!submitted?.includes('Angemeldet: Bello')) throw new Error(`submitted: ${submitted}`);
    });
  });

  await check(
    '(c) plain Node server with the payment capability: created and paid at the simulator',
    async () => {
      const dir = project(
        'payment-server',
        Object.fromEntries(serverInstall('@efa-kit/payment').map((name) => [name, undefined])),
        tarballs,
      );
      writeFileSync(join(dir, 'server.ts'), readmeBlock('payment', 'server.ts'));
      const port = await freePort();
      await startNode(
        dir,
        'server.ts',
        { PORT: String(port), PUBLIC_URL: `http://localhost:${port}` },
        /listening on/,
      );
      await onPage('efa-payment', async (page) => {
        await page.goto(`http://localhost:${port}/`);
        await page.locator('efa-payment [part=total]').waitFor();
        await page.getByRole('button', { name: 'Jetzt bezahlen' }).click();
        await page.waitForURL(/\/checkout\//);
        await page.getByLabel('Name auf der Karte').fill('Erika Mustermann');
        await page.getByLabel('Kartennummer').fill('4111 1111 1111 1111');
        await page.getByRole('button', { name: 'Mit Karte bezahlen' }).click();
        await page.waitForURL(new RegExp(`^http://localhost:${port}/.*payment=`));
        // Paid: the element asked the server, which asked the simulator (25,00 € for two dogs).
        await page
          .locator('efa-payment')
          .getByText('Die Zahlung über 25,00 € ist eingegangen.')
          .first()
          .waitFor();
        await page
          .locator('efa-payment')
          .getByText(/Kassenzeichen: \d+/)
          .first()
          .waitFor();
      });
    },
  );

  await check(
    '(e) plain Node server with the account capability: logged in at the development provider',
    async () => {
      const dir = project(
        'account-server',
        Object.fromEntries(serverInstall('@efa-kit/service-account').map((name) => [name, undefined])),
        tarballs,
      );
      writeFileSync(join(dir, 'server.ts'), readmeBlock('service-account', 'server.ts'));
      const port = await freePort();
      await startNode(
        dir,
        'server.ts',
        { PORT: String(port), PUBLIC_URL: `http://localhost:${port}` },
        /listening on/,
      );
      await onPage('efa-login', async (page) => {
        await page.goto(`http://localhost:${port}/`);
        await page.getByRole('link', { name: 'Mit Servicekonto anmelden' }).click();
        await page.getByRole('heading', { name: 'Anmelden mit Ihrem Servicekonto' }).waitFor();
        await page.getByRole('radio').first().check();
        await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
        await page.waitForURL(`http://localhost:${port}/`);
        // Signed in: the element shows who, from account.me over the session cookie.
        await page
          .locator('efa-login')
          .getByText(/Angemeldet/)
          .first()
          .waitFor();
      });
    },
  );
} catch (error) {
  failed += 1;
  console.log(`  FAIL ${error instanceof Error ? (error.stack ?? error.message) : error}`);
} finally {
  await browser?.close();
  for (const child of children) child.kill();
  for (const server of servers) server.close();
  if (!keep) rmSync(work, { recursive: true, force: true });
  else console.log(`  kept ${work}`);
}
console.log(
  `  consumers: ${passed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
mkdirSync(join(root, 'reports'), { recursive: true });
writeFileSync(
  join(root, 'reports', 'consumers.json'),
  JSON.stringify({ numPassedTests: passed, numFailedTests: failed }),
);
process.exit(failed > 0 ? 1 : 0);

function reactFiles() {
  return {
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'bundler',
        jsx: 'react-jsx',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        types: [],
      },
      include: ['src'],
    }),
    'index.html':
      '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Hund</title></head><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>',
    'src/main.tsx': readmeBlock('form-assistant', 'App.tsx'),
    // The plain tag, typed by the JSX types; a wrong prop type must not compile.
    'src/plain.tsx': `import type {} from '@efa-kit/form-assistant/jsx';
import '@efa-kit/form-assistant/elements/efa-form.js';

export const Plain = () => <efa-form form-id="dog-registration" endpoint="/trpc" noAutosave />;
// @ts-expect-error noAutosave is a boolean
export const Wrong = () => <efa-form noAutosave="yes" />;
`,
  };
}
