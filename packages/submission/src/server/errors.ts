import { defineErrors } from '@efa-kit/core';

/** Configuration errors of the submission capability, naming the variable at fault. */
export const submissionConfigError = defineErrors({
  SUBMISSION_CONFIGURATION: {
    status: 'INTERNAL_SERVER_ERROR',
    de: 'Die Konfiguration der Antragsübermittlung ist ungültig: {variable} {expectedDe}.',
    en: 'The submission configuration is invalid: {variable} {expectedEn}.',
  },
});
