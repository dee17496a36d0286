import { defineErrors } from '@efa-kit/core';

/**
 * Errors of the casework (authority inbox) and the citizen's mailbox, with a stable code and
 * German and English text. Anything that is not the caller's is NOT_FOUND, the same as
 * unknown: a caseworker of another authority and another citizen learn nothing.
 */
export const caseworkError = defineErrors({
  CASEWORK_STAFF_ONLY: {
    status: 'FORBIDDEN',
    de: 'Dieser Bereich ist nur für Beschäftigte einer Behörde.',
    en: 'This area is for staff of an authority only.',
  },
  CASEWORK_CASE_NOT_FOUND: {
    status: 'NOT_FOUND',
    de: 'Diesen Vorgang gibt es nicht.',
    en: 'There is no such case.',
  },
  CASEWORK_STATE_INVALID: {
    status: 'CONFLICT',
    de: 'Der Vorgang ist {status}; das ist jetzt nicht möglich.',
    en: 'The case is {status}; this is not possible now.',
  },
  CASEWORK_DELIVERY_REFUSED: {
    status: 'BAD_REQUEST',
    de: 'Der Zustelldienst hat abgelehnt: {detail}',
    en: 'The delivery service refused: {detail}',
  },
  CASEWORK_DELIVERY_UNAVAILABLE: {
    status: 'SERVICE_UNAVAILABLE',
    de: 'Der Zustelldienst ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut.',
    en: 'The delivery service cannot be reached right now. Please try again later.',
  },
  CASEWORK_CONFIGURATION: {
    status: 'INTERNAL_SERVER_ERROR',
    de: 'Die Konfiguration des Behördenpostfachs ist ungültig: {detail}',
    en: 'The authority inbox configuration is invalid: {detail}',
  },
  MAILBOX_MESSAGE_NOT_FOUND: {
    status: 'NOT_FOUND',
    de: 'Diese Nachricht gibt es nicht.',
    en: 'There is no such message.',
  },
  MAILBOX_APPLICATION_NOT_FOUND: {
    status: 'NOT_FOUND',
    de: 'Diesen Antrag gibt es nicht.',
    en: 'There is no such application.',
  },
  MAILBOX_TRUST_LEVEL: {
    status: 'FORBIDDEN',
    de: 'Diese Nachricht können Sie erst lesen, wenn Sie sich mit dem Vertrauensniveau „{required}“ angemeldet haben.',
    en: 'You can read this message once you have logged in at trust level "{required}".',
  },
  MAILBOX_NOT_A_QUESTION: {
    status: 'BAD_REQUEST',
    de: 'Auf diese Nachricht kann man nicht antworten.',
    en: 'This message cannot be answered.',
  },
  MAILBOX_ANSWER_FAILED: {
    status: 'SERVICE_UNAVAILABLE',
    de: 'Ihre Antwort konnte nicht an die Behörde übermittelt werden. Sie ist nicht gesendet; bitte versuchen Sie es später erneut.',
    en: 'Your answer could not be sent to the authority. It has not been sent; please try again later.',
  },
});

export type CaseworkErrorCode = keyof typeof caseworkError.definitions;
