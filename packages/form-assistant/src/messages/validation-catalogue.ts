import type { Catalogues } from '@efa-kit/core';
import { type ValidationMessageKey, validationDe } from './validation-de.js';
import { validationEn } from './validation-en.js';

/** The validation catalogue: what `registerMessages` (server) and `messageLookup` (browser) take. */
export const validationMessages: Catalogues<ValidationMessageKey> = { de: validationDe, en: validationEn };
export type { ValidationMessageKey };
