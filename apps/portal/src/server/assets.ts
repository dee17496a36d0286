import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
  isEntry?: boolean;
  src?: string;
}

/** The script and style files of a client entry, from Vite's build manifest. */
export interface EntryAssets {
  scripts: string[];
  styles: string[];
  preloads: string[];
}

export class AssetManifest {
  private readonly chunks: Record<string, ManifestChunk>;

  constructor(staticDir: string) {
    const path = join(staticDir, '.vite', 'manifest.json');
    try {
      this.chunks = JSON.parse(readFileSync(path, 'utf8')) as Record<string, ManifestChunk>;
    } catch (cause) {
      throw new Error(`The portal's client build is missing (${path}); run the build first.`, { cause });
    }
  }

  entry(name: string): EntryAssets {
    const key = `src/client/${name}.ts`;
    const chunk = this.chunks[key];
    if (!chunk) throw new Error(`Unknown client entry ${name}`);
    const styles = new Set<string>(chunk.css ?? []);
    const preloads = new Set<string>();
    const visit = (importKey: string) => {
      const imported = this.chunks[importKey];
      if (!imported || preloads.has(imported.file)) return;
      preloads.add(imported.file);
      for (const css of imported.css ?? []) styles.add(css);
      for (const next of imported.imports ?? []) visit(next);
    };
    for (const importKey of chunk.imports ?? []) visit(importKey);
    return {
      scripts: [`/${chunk.file}`],
      styles: [...styles].map((f) => `/${f}`),
      preloads: [...preloads].map((f) => `/${f}`),
    };
  }
}
