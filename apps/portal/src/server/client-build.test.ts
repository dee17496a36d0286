import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AssetManifest } from './assets.js';

/**
 * What the built client sends before a page first renders (Lighthouse on a slow mobile
 * network, issue 17), read from the same build manifest the server renders its pages from.
 */
const staticDir = fileURLToPath(new URL('../../dist/client', import.meta.url));
const assets = new AssetManifest(staticDir);
const manifest = JSON.parse(readFileSync(join(staticDir, '.vite', 'manifest.json'), 'utf8')) as Record<
  string,
  { isEntry?: boolean }
>;
const entries = Object.keys(manifest)
  .filter((key) => manifest[key]?.isEntry && key.startsWith('src/client/'))
  .map((key) => key.slice('src/client/'.length, -'.ts'.length));

describe('the client build', () => {
  it('gives every page one stylesheet, the layout entry’s, and no page entry a render-blocking one of its own', () => {
    expect(entries).toContain('form');
    expect(assets.entry('layout').styles).toHaveLength(1);
    for (const entry of entries.filter((name) => name !== 'layout')) {
      expect({ entry, styles: assets.entry(entry).styles }).toEqual({ entry, styles: [] });
    }
  });

  it('loads the form page without the validation (zod): it comes after step 1, with the fee step', () => {
    const { scripts, preloads } = assets.entry('form');
    const withZod = [...scripts, ...preloads].filter((file) =>
      readFileSync(join(staticDir, file), 'utf8').includes('$ZodType'),
    );
    expect(withZod).toEqual([]);
    // The check that can fail: the validation is in the build, in a chunk loaded later.
    const all = Object.values(
      JSON.parse(readFileSync(join(staticDir, '.vite', 'manifest.json'), 'utf8')) as Record<
        string,
        { file: string }
      >,
    ).map((chunk) => chunk.file);
    expect(
      all.some(
        (file) => file.endsWith('.js') && readFileSync(join(staticDir, file), 'utf8').includes('$ZodType'),
      ),
    ).toBe(true);
  });
});
