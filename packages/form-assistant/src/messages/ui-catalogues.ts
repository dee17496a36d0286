import { uiDe } from './ui-de.js';
import { uiEn } from './ui-en.js';

/** Both element catalogues at once, for an integrator who reads or extends the texts. */
export const uiMessages = { de: uiDe, en: uiEn } as const;
