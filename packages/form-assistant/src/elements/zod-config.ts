/**
 * Imported before anything that builds a zod schema. zod compiles object schemas with
 * `new Function` when it may, and decides so once, when the first schema is created; under the
 * strict CSP of a government portal (no 'unsafe-eval') its probe only produces violation
 * reports. The interpreted path validates the same. From `zod/mini`: the browser bundle holds
 * no classic zod (the setting is global, so it holds for classic schemas too).
 */
import { config } from 'zod/mini';

config({ jitless: true });
