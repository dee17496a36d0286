import { createLazyTranslator } from '@efa-kit/core/elements';
import { type UiMessageKey, uiDe } from './ui-de.js';

export type { UiMessageKey };

/**
 * Looks up an element text; kept free of zod so the browser bundle stays small. English is a
 * chunk of its own, fetched the first time an element renders in English (`t.ready`, awaited
 * in the elements' `scheduleUpdate`); the server awaits it once at start (server/answers.ts).
 */
export const t = createLazyTranslator(uiDe, () => import('./ui-en.js').then((module) => module.uiEn));
