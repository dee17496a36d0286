import { createTranslator } from '../i18n.js';
import { type CoreMessageKey, de } from './de.js';
import { en } from './en.js';

export type { CoreMessageKey };
export const coreMessages = { de, en };
export const translateCore = createTranslator<CoreMessageKey>(coreMessages);
