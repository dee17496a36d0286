import { errorsDe } from './de.js';
import { errorsEn } from './en.js';

export type { SubmissionErrorKey } from './de.js';
export { errorsDe, errorsEn };

/** The catalogue pair for `registerMessages` (server) and `messageLookup` (elements). */
export const submissionMessages = {
  de: { ...errorsDe },
  en: { ...errorsEn },
};

export type SubmissionMessageKey = keyof typeof submissionMessages.de;
