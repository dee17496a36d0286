import { defineErrors } from '@efa-kit/core';

/** Every error the payment server raises, with a stable code and German and English text. */
export const paymentError = defineErrors({
  PAYMENT_UNKNOWN_SERVICE: {
    status: 'NOT_FOUND',
    de: 'Für die Leistung {serviceId} ist keine Gebührenordnung hinterlegt.',
    en: 'There is no fee schedule for the service {serviceId}.',
  },
  PAYMENT_ANSWER_INVALID: {
    status: 'BAD_REQUEST',
    de: 'Die Angabe „{answer}“ ist für die Gebührenberechnung ungültig.',
    en: 'The answer "{answer}" is not valid for calculating the fee.',
  },
  PAYMENT_AMOUNT_MISMATCH: {
    status: 'CONFLICT',
    de: 'Der angezeigte Betrag ({shown}) stimmt nicht mit der Gebühr ({actual}) überein. Bitte laden Sie die Seite neu.',
    en: 'The amount shown ({shown}) does not match the fee ({actual}). Please reload the page.',
  },
  PAYMENT_NOT_REQUIRED: {
    status: 'BAD_REQUEST',
    de: 'Für diese Leistung fällt keine Gebühr an.',
    en: 'There is no fee for this service.',
  },
  PAYMENT_IDEMPOTENCY_CONFLICT: {
    status: 'CONFLICT',
    de: 'Diese Zahlung wurde bereits mit anderen Angaben begonnen. Bitte laden Sie die Seite neu.',
    en: 'This payment was already started with different details. Please reload the page.',
  },
  PAYMENT_NOT_FOUND: {
    status: 'NOT_FOUND',
    de: 'Die Zahlung wurde nicht gefunden.',
    en: 'The payment was not found.',
  },
  PAYMENT_RETRY_NOT_ALLOWED: {
    status: 'CONFLICT',
    de: 'Die vorherige Zahlung ist {status}; ein neuer Versuch ist erst nach deren Abschluss möglich.',
    en: 'The previous payment is {status}; a new attempt is only possible once it has ended.',
  },
  PAYMENT_PROVIDER_UNAVAILABLE: {
    status: 'SERVICE_UNAVAILABLE',
    de: 'Der Bezahldienst ist zurzeit nicht erreichbar. Es wurde nichts abgebucht. Bitte versuchen Sie es später erneut.',
    en: 'The payment service cannot be reached at the moment. Nothing was charged. Please try again later.',
  },
  PAYMENT_PROVIDER_REJECTED: {
    status: 'BAD_GATEWAY',
    de: 'Der Bezahldienst hat die Zahlung abgelehnt ({functionalCode}). Es wurde nichts abgebucht.',
    en: 'The payment service refused the payment ({functionalCode}). Nothing was charged.',
  },
  PAYMENT_PROVIDER_CALCULATION: {
    status: 'BAD_GATEWAY',
    de: 'Der Bezahldienst hat den Gesamtbetrag nicht bestätigt (CALCULATION_ERROR). Es wurde nichts abgebucht.',
    en: 'The payment service did not accept the total (CALCULATION_ERROR). Nothing was charged.',
  },
  PAYMENT_PROVIDER_AUTH: {
    status: 'BAD_GATEWAY',
    de: 'Die Anmeldung des Portals beim Bezahldienst ist fehlgeschlagen. Es wurde nichts abgebucht.',
    en: 'The portal could not authenticate with the payment service. Nothing was charged.',
  },
  PAYMENT_PROVIDER_PROTOCOL: {
    status: 'BAD_GATEWAY',
    de: 'Der Bezahldienst hat unerwartet geantwortet.',
    en: 'The payment service sent an unexpected answer.',
  },
  PAYMENT_RETURN_PATH_INVALID: {
    status: 'BAD_REQUEST',
    de: 'Die Rücksprungadresse muss ein Pfad auf diesem Portal sein.',
    en: 'The return address must be a path on this portal.',
  },
  PAYMENT_CONFIGURATION: {
    status: 'INTERNAL_SERVER_ERROR',
    de: 'Die Zahlungskonfiguration ist ungültig: {variable} {expectedDe}.',
    en: 'The payment configuration is invalid: {variable} {expectedEn}.',
  },
  PAYMENT_EXPORT_FORBIDDEN: {
    status: 'FORBIDDEN',
    de: 'Der Export ist nur für Beschäftigte der Kasse möglich.',
    en: 'Only cash office staff may export payments.',
  },
  PAYMENT_EXPORT_TOO_LONG: {
    status: 'BAD_REQUEST',
    de: 'Der Zeitraum darf höchstens {days} Tage umfassen.',
    en: 'The period may span at most {days} days.',
  },
});

export type PaymentErrorCode = keyof typeof paymentError.definitions;
