import { defineErrors } from '@efa-kit/core';

/** Errors of the receipt renderer. A view that fails its schema is the caller's bug, not the citizen's. */
export const receiptError = defineErrors({
  RECEIPT_VIEW_INVALID: {
    status: 'INTERNAL_SERVER_ERROR',
    de: 'Die Eingangsbestätigung konnte nicht erstellt werden (ungültige Angabe {path}).',
    en: 'The confirmation of receipt could not be created (invalid field {path}).',
  },
  RECEIPT_RENDER_FAILED: {
    status: 'INTERNAL_SERVER_ERROR',
    de: 'Das PDF-Dokument konnte nicht erstellt werden.',
    en: 'The PDF document could not be created.',
  },
});
