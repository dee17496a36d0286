import { uiDe, validationDe } from './de.js';
import { uiEn, validationEn } from './en.js';

export type { PaymentMessageKey } from './de.js';
/** The catalogue pair for `registerMessages` (server) and `messageLookup` (elements). */
export const paymentMessages = {
  de: { ...validationDe, ...uiDe },
  en: { ...validationEn, ...uiEn },
};
