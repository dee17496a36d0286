#!/usr/bin/env node
// Every public package must install and work from its packed tarball in a fresh project outside
// the workspace, as another state's developers will use it: pack all, install them with npm
// into a temporary project, import every Node entry point, bundle every browser entry point,
// and open the embedded database through the installed core.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { packAll, sh } from './pack.mjs';
import { root, workspacePackages } from './workspace.mjs';

const work = mkdtempSync(join(tmpdir(), 'efa-install-check-'));
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');
mkdirSync(tarballs);
mkdirSync(app);

let passed = 0;
let failed = 0;
const check = async (name, fn) => {
  try {
    await fn();
    passed += 1;
    console.log(`  ok   ${name}`);
  } catch (error) {
    failed += 1;
    console.log(
      `  FAIL ${name}: ${error instanceof Error ? error.message.split('\n').slice(0, 6).join('\n') : error}`,
    );
  }
};

const published = workspacePackages().filter(({ manifest }) => !manifest.private);
try {
  const files = Object.fromEntries(
    Object.entries(packAll(tarballs)).map(([name, file]) => [name, `file:${file}`]),
  );
  // The server entries' libraries are optional peers (ADR 0010): a server lists them itself,
  // as this project does, at the workspace's pins; React for the wrappers likewise.
  const peers = { react: '19.3.1', 'react-dom': '19.3.1' };
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const { manifest } of [...published, { manifest: rootManifest }]) {
    for (const name of Object.keys(manifest.peerDependencies ?? {})) {
      const pin = published.map((p) => p.manifest.devDependencies?.[name]).find(Boolean);
      if (pin && !files[name] && name !== 'vitest') peers[name] = pin;
    }
  }
  // The packed packages depend on each other by version; overrides point those at the tarballs.
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify(
      {
        name: 'efa-install-check',
        private: true,
        type: 'module',
        dependencies: { ...peers, ...files },
        overrides: files,
      },
      null,
      2,
    ),
  );
  await check(`npm install of ${published.length} packed packages`, () => {
    sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts'], app);
  });

  for (const { manifest } of published) {
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      // Wildcard subpaths name many files; the index that imports them is checked instead.
      if (typeof target !== 'object' || !target.default || subpath.endsWith('.json') || subpath.includes('*'))
        continue;
      const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
      // Element modules define custom elements and need a DOM: bundled, not imported in Node.
      const browser =
        (subpath === '.' && manifest.customElements) ||
        subpath.includes('element') ||
        subpath === './react' ||
        subpath === './jsx';
      if (browser) {
        await check(`bundle ${specifier} for the browser`, async () => {
          await build({
            stdin: { contents: `import '${specifier}';`, resolveDir: app },
            bundle: true,
            write: false,
            format: 'esm',
            platform: 'browser',
            logLevel: 'silent',
          });
        });
      } else {
        await check(`import ${specifier} in Node`, () => {
          sh(process.execPath, ['--input-type=module', '-e', `await import('${specifier}');`], app);
        });
      }
    }
  }
  await check('createDatabase() from the installed @efa-kit/core opens PGlite', () => {
    const script = `import { createDatabase, databaseHealthy } from '@efa-kit/core/server';
const db = await createDatabase(); if (!(await databaseHealthy(db))) throw new Error('unhealthy'); await db.destroy();`;
    sh(process.execPath, ['--input-type=module', '-e', script], app);
  });
} catch (error) {
  failed += 1;
  console.log(`  FAIL ${error instanceof Error ? error.message : error}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
mkdirSync(join(root, 'reports'), { recursive: true });
writeFileSync(
  join(root, 'reports', 'install-check.json'),
  JSON.stringify({ numPassedTests: passed, numFailedTests: failed }),
);
process.exit(failed > 0 ? 1 : 0);
