import { de } from './de.js';
import { en } from './en.js';

export type { PaymentMessageKey } from './de.js';
/** The catalogue pair for `registerMessages` (server) and `messageLookup` (elements). */
export const paymentMessages = { de, en };
