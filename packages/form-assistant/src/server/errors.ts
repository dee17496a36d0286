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
  FORM_NOT_SUBMITTABLE: {
    status: 'NOT_FOUND',
    de: 'Das Formular „{formId}“ kann hier nicht online abgesendet werden.',
    en: 'The form “{formId}” cannot be submitted online here.',
  },
  FORM_TRUST_LEVEL_TOO_LOW: {
    status: 'FORBIDDEN',
    de: 'Für diesen Antrag müssen Sie sich mit dem Vertrauensniveau „{requiredDe}“ anmelden, zum Beispiel mit Ihrem Online-Ausweis. Sie sind mit „{actualDe}“ angemeldet. Bitte melden Sie sich erneut an.',
    en: 'For this application you need to log in at the trust level “{requiredEn}”, for example with your online ID card. You are logged in at “{actualEn}”. Please log in again.',
  },
  FORM_UPLOADS_CHANGED: {
    status: 'CONFLICT',
    de: 'Eine hochgeladene Datei wurde inzwischen mit einem anderen Antrag abgesendet. Bitte laden Sie sie erneut hoch.',
    en: 'An uploaded file has meanwhile been submitted with another application. Please upload it again.',
  },
  FORM_UPLOAD_ORIGIN: {
    status: 'FORBIDDEN',
    de: 'Die Datei wurde nicht von diesem Portal aus gesendet. Bitte laden Sie die Seite neu und versuchen Sie es erneut.',
    en: 'The file was not sent from this portal. Please reload the page and try again.',
  },
  FORM_UPLOAD_SIGN_IN: {
    status: 'UNAUTHORIZED',
    de: 'Bitte melden Sie sich an, um Dateien hochzuladen.',
    en: 'Please log in to upload files.',
  },
  FORM_UPLOAD_FIELD_UNKNOWN: {
    status: 'NOT_FOUND',
    de: 'Das Formular hat kein Feld „{field}“, in das Dateien hochgeladen werden können.',
    en: 'The form has no field “{field}” that takes files.',
  },
  FORM_UPLOAD_FILENAME: {
    status: 'BAD_REQUEST',
    de: 'Der Dateiname fehlt oder ist ungültig kodiert (Kopfzeile X-Filename, RFC 5987).',
    en: 'The file name is missing or wrongly encoded (header X-Filename, RFC 5987).',
  },
  FORM_UPLOAD_EMPTY: {
    status: 'BAD_REQUEST',
    de: 'Die Datei „{filename}“ ist leer.',
    en: 'The file “{filename}” is empty.',
  },
  FORM_UPLOAD_TOO_LARGE: {
    status: 'PAYLOAD_TOO_LARGE',
    de: 'Die Datei „{filename}“ ist zu groß. Erlaubt sind höchstens {limit}.',
    en: 'The file “{filename}” is too large. At most {limit} are allowed.',
  },
  FORM_UPLOAD_QUOTA: {
    status: 'PAYLOAD_TOO_LARGE',
    de: 'Sie haben bereits Dateien mit zusammen {limit} hochgeladen, die noch zu keinem abgesendeten Antrag gehören. Bitte entfernen Sie nicht benötigte Dateien.',
    en: 'You have already uploaded {limit} of files that belong to no submitted application yet. Please remove files you do not need.',
  },
  FORM_UPLOAD_TYPE: {
    // Answered as 415 by the upload handler; in tRPC terms the content is unprocessable.
    status: 'UNPROCESSABLE_CONTENT',
    de: 'Die Datei „{filename}“ hat kein erlaubtes Format. Erlaubt: {types}.',
    en: 'The file “{filename}” is not in an accepted format. Accepted: {types}.',
  },
  FORM_UPLOAD_CONTENT_MISMATCH: {
    status: 'UNPROCESSABLE_CONTENT',
    de: 'Der Inhalt der Datei „{filename}“ passt nicht zu ihrem Dateityp. Bitte wählen Sie die Originaldatei (erlaubt: {types}).',
    en: 'The content of the file “{filename}” does not match its type. Please choose the original file (accepted: {types}).',
  },
  FORM_UPLOAD_RATE_LIMITED: {
    status: 'TOO_MANY_REQUESTS',
    de: 'Sie haben in kurzer Zeit sehr viele Dateien hochgeladen. Bitte warten Sie {seconds} Sekunden.',
    en: 'You have uploaded very many files in a short time. Please wait {seconds} seconds.',
  },
  FORM_UPLOAD_NOT_FOUND: {
    status: 'NOT_FOUND',
    de: 'Die Datei wurde nicht gefunden.',
    en: 'The file was not found.',
  },
  FORM_UPLOAD_IN_USE: {
    status: 'CONFLICT',
    de: 'Die Datei gehört zu einem abgesendeten Antrag und kann nicht mehr entfernt werden.',
    en: 'The file belongs to a submitted application and can no longer be removed.',
  },
  DRAFT_NOT_FOUND: {
    status: 'NOT_FOUND',
    de: 'Der Entwurf wurde nicht gefunden. Er ist abgelaufen, wurde abgesendet oder gelöscht, oder er gehört zu einer anderen Anmeldung.',
    en: 'The draft was not found. It has expired, was submitted or deleted, or it belongs to another login.',
  },
  DRAFT_CONFLICT: {
    status: 'CONFLICT',
    de: 'Der Entwurf wurde inzwischen an anderer Stelle geändert (Fassung {version}, gespeichert {savedAt}). Bitte wählen Sie, welche Fassung gelten soll. Ihre Eingaben hier sind nicht verloren.',
    en: 'The draft has meanwhile been changed elsewhere (version {version}, saved {savedAt}). Please choose which version to keep. What you typed here is not lost.',
  },
  DRAFT_TOO_LARGE: {
    status: 'PAYLOAD_TOO_LARGE',
    de: 'Der Entwurf ist größer als {limit} KB und kann so nicht gespeichert werden.',
    en: 'The draft is larger than {limit} KB and cannot be saved like this.',
  },
  DRAFT_RESUME_CODE_INVALID: {
    status: 'NOT_FOUND',
    de: 'Mit diesem Code lässt sich kein Entwurf fortsetzen. Er ist falsch geschrieben, wurde schon benutzt oder ist abgelaufen. Bitte prüfen Sie den Code.',
    en: 'This code does not continue a draft. It is mistyped, has already been used or has expired. Please check the code.',
  },
  DRAFT_RESUME_LOGIN: {
    status: 'UNAUTHORIZED',
    de: 'Diesen Antrag haben Sie angemeldet begonnen. Bitte melden Sie sich mit demselben Konto an, um ihn fortzusetzen. Der Code bleibt gültig.',
    en: 'You started this application logged in. Please log in with the same account to continue it. The code stays valid.',
  },
  FORM_CONFIGURATION: {
    status: 'INTERNAL_SERVER_ERROR',
    de: 'Die Konfiguration des Formularassistenten ist ungültig: {variable} {expectedDe}.',
    en: 'The form assistant configuration is invalid: {variable} {expectedEn}.',
  },
  DRAFT_RESUME_RATE_LIMITED: {
    status: 'TOO_MANY_REQUESTS',
    de: 'Zu viele Versuche mit Codes. Bitte warten Sie {seconds} Sekunden und versuchen Sie es dann erneut.',
    en: 'Too many attempts with codes. Please wait {seconds} seconds and then try again.',
  },
});

export type FormErrorCode = keyof typeof formError.definitions;
