import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const clientDir = fileURLToPath(new URL('./src/client/', import.meta.url));
// Every src/client/*.ts is an entry; the server includes a page's entry by name.
const input = Object.fromEntries(
  readdirSync(clientDir)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => [file.replace(/\.ts$/, ''), `${clientDir}${file}`]),
);

export default defineConfig({
  build: {
    outDir: 'dist/client',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    rollupOptions: { input },
  },
});
