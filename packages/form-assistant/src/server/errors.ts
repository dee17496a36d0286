import { defineErrors } from '@efa-kit/core';

export const formError = defineErrors({
  FORM_UNKNOWN: {
    status: 'NOT_FOUND',
    de: 'Das Formular „{formId}“ gibt es hier nicht.',
    en: 'There is no form “{formId}” here.',
  },
  FORM_STEP_UNKNOWN: {
    status: 'NOT_FOUND',
    de: 'Das Formular „{formId}“ hat keinen Schritt „{stepId}“.',
    en: 'The form “{formId}” has no step “{stepId}”.',
  },
  FORM_VERSION_MISMATCH: {
    status: 'CONFLICT',
    de: 'Das Formular wurde inzwischen geändert (Version {current}). Bitte laden Sie die Seite neu und prüfen Sie Ihre Angaben.',
    en: 'The form has changed in the meantime (version {current}). Please reload the page and check your answers.',
  },
  FORM_APPLICATION_TOO_LARGE: {
    status: 'PAYLOAD_TOO_LARGE',
    de: 'Die Antragsdaten sind größer als {limit} KB.',
    en: 'The application data is larger than {limit} KB.',
  },
});
