import { defineErrors } from '@efa-kit/core';

/** Errors of the portal's own composition; capability packages report their own. */
export const portalError = defineErrors({
  PORTAL_CONFIGURATION: {
    status: 'INTERNAL_SERVER_ERROR',
    de: '{capability}: kein Anbieter konfiguriert ({variables}). Setzen Sie ihn, oder starten Sie mit PORTAL_MODE=development die Entwicklungsdienste.',
    en: '{capability}: no provider configured ({variables}). Set it, or start the development services with PORTAL_MODE=development.',
  },
  PORTAL_DATA_KEYS: {
    status: 'INTERNAL_SERVER_ERROR',
    de: 'EFA_DATA_KEYS ist ungültig: {reason}',
    en: 'EFA_DATA_KEYS is invalid: {reason}',
  },
  PORTAL_PLACE_UNKNOWN: {
    status: 'UNPROCESSABLE_CONTENT',
    de: 'Zur Postleitzahl {postcode} kennen wir keinen Ort. Bitte prüfen Sie die Anschrift.',
    en: 'We know no place with the postcode {postcode}. Please check the address.',
  },
  PORTAL_PLACE_AMBIGUOUS: {
    status: 'UNPROCESSABLE_CONTENT',
    de: 'Die Postleitzahl {postcode} gehört zu mehreren Gemeinden ({candidates}). Bitte geben Sie den Ort genau so an.',
    en: 'The postcode {postcode} belongs to several municipalities ({candidates}). Please give the town exactly as listed.',
  },
  PORTAL_NO_AUTHORITY: {
    status: 'UNPROCESSABLE_CONTENT',
    de: 'Für „{service}“ in {place} ist keine zuständige Stelle hinterlegt. Der Antrag kann hier nicht online gestellt werden.',
    en: 'No responsible authority for "{service}" in {place} is recorded. The application cannot be made online here.',
  },
});
