import type * as Parts from './later-parts.js';
import { partLoader } from './part-loader.js';

/** The later parts of `<efa-form>`, as `import()` gives them. */
export type LaterParts = typeof Parts;

/** Installed by later-parts-eager.ts (the one-file kit) or later-parts-chunk.ts (`/form`). */
export const laterParts = partLoader<LaterParts>('later form parts');
