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
  FORM_APPLICATION_TOO_LARGE: {
    status: 'PAYLOAD_TOO_LARGE',
    de: 'Die Antragsdaten sind größer als {limit} KB.',
    en: 'The application data is larger than {limit} KB.',
  },
});
