import { defineErrors } from '@efa-kit/core';

/** Errors of the delivery pipeline, with a stable code and German and English text. */
export const deliveryError = defineErrors({
  SUBMISSION_NOT_FOUND: {
    status: 'NOT_FOUND',
    de: 'Dieser Antrag ist nicht bekannt.',
    en: 'This application is not known.',
  },
  SUBMISSION_ATTACHMENT_ALTERED: {
    status: 'CONFLICT',
    de: 'Die Datei „{filename}“ hat sich seit dem Hochladen verändert. Bitte laden Sie sie erneut hoch.',
    en: 'The file "{filename}" changed after it was uploaded. Please upload it again.',
  },
  SUBMISSION_DESTINATION_INACTIVE: {
    status: 'SERVICE_UNAVAILABLE',
    de: 'Die zuständige Stelle nimmt derzeit keine Anträge über FIT-Connect an.',
    en: 'The responsible authority is not accepting applications through FIT-Connect at the moment.',
  },
  SUBMISSION_SERVICE_NOT_OFFERED: {
    status: 'UNPROCESSABLE_CONTENT',
    de: 'Die zuständige Stelle nimmt die Leistung {leikaKey} nicht über diesen Zustellpunkt an.',
    en: 'The responsible authority does not accept the service {leikaKey} at this destination.',
  },
  SUBMISSION_SERVICE_UNKNOWN: {
    status: 'NOT_FOUND',
    de: 'Für das Formular {formId} ist keine Verwaltungsleistung hinterlegt.',
    en: 'No administrative service is set up for the form {formId}.',
  },
  SUBMISSION_NO_DESTINATION: {
    status: 'UNPROCESSABLE_CONTENT',
    de: '{authority} nimmt „{service}“ noch nicht online entgegen. Bitte wenden Sie sich direkt an die Behörde.',
    en: '{authority} does not accept "{service}" online yet. Please contact the authority directly.',
  },
  SUBMISSION_REFERENCE_TAKEN: {
    status: 'CONFLICT',
    de: 'Der Antrag konnte gerade nicht gespeichert werden. Bitte senden Sie ihn noch einmal ab; Ihre Angaben bleiben erhalten.',
    en: 'The application could not be stored just now. Please submit it again; your answers are kept.',
  },
  SUBMISSION_QUEUE_MISSING: {
    status: 'INTERNAL_SERVER_ERROR',
    de: 'Die Übermittlungs-Warteschlange fehlt in dieser Datenbank. Starten Sie das Portal einmal mit dieser Datenbank.',
    en: 'The delivery queue is missing in this database. Start the portal once on this database.',
  },
  SUBMISSION_NOT_RETRYABLE: {
    status: 'CONFLICT',
    de: 'Dieser Antrag ist nicht im Zustand „fehlgeschlagen“ und kann nicht erneut angestoßen werden.',
    en: 'This application has not failed, so it cannot be re-driven.',
  },
  SUBMISSION_CALLBACK_MALFORMED: {
    status: 'BAD_REQUEST',
    de: 'Der Callback des Zustelldienstes ist unvollständig oder fehlerhaft und wurde nicht angenommen.',
    en: 'The delivery service callback is incomplete or malformed and was not taken.',
  },
  SUBMISSION_CALLBACK_STALE: {
    status: 'UNAUTHORIZED',
    de: 'Der Callback ist älter als fünf Minuten (oder aus der Zukunft) und wurde nicht angenommen.',
    en: 'The callback is more than five minutes old (or from the future) and was not taken.',
  },
  SUBMISSION_CALLBACK_FORGED: {
    status: 'UNAUTHORIZED',
    de: 'Die Signatur des Callbacks stimmt nicht; er wurde nicht angenommen.',
    en: 'The callback signature does not match; it was not taken.',
  },
  SUBMISSION_CALLBACK_REPLAYED: {
    status: 'CONFLICT',
    de: 'Dieser Callback wurde schon einmal angenommen; die Wiederholung wurde nicht angenommen.',
    en: 'This callback was taken before; the repetition was not taken.',
  },
  SUBMISSION_CALLBACK_NOT_CONFIGURED: {
    status: 'NOT_FOUND',
    de: 'Für dieses Portal ist kein Callback-Geheimnis eingerichtet.',
    en: 'No callback secret is set up for this portal.',
  },
});
