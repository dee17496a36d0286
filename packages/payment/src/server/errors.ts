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
  PAYMENT_REQUIRED: {
    status: 'PRECONDITION_FAILED',
    de: 'Für diesen Antrag ist eine Gebühr zu bezahlen, und es liegt noch keine Zahlung dafür vor. Bitte bezahlen Sie zuerst die Gebühr und senden Sie den Antrag danach ab.',
    en: 'A fee is due for this application and no payment for it was found. Please pay the fee first, then submit the application.',
  },
  PAYMENT_NOT_COMPLETED: {
    status: 'PRECONDITION_FAILED',
    de: 'Die Gebühr für diesen Antrag ist noch nicht bezahlt: Die Zahlung ist {stateDe}. Haben Sie beim Bezahldienst gerade bezahlt, senden Sie den Antrag in einigen Minuten erneut ab. Sonst kehren Sie zur Zahlung zurück und schließen Sie sie ab oder bezahlen Sie erneut.',
    en: 'The fee for this application has not been paid yet: the payment is {stateEn}. If you have just paid at the payment service, submit the application again in a few minutes. Otherwise go back to the payment and complete it, or pay again.',
  },
  PAYMENT_AMOUNT_CHANGED: {
    status: 'CONFLICT',
    de: 'Ihre Angaben haben die Gebühr geändert: Ihre Zahlung für diesen Antrag lautet über {paidDe}, die Gebühr für Ihre jetzigen Angaben beträgt {dueDe}. Bitte prüfen Sie Ihre Angaben. Stimmen sie, kehren Sie zur Zahlung zurück und bezahlen Sie die Gebühr von {dueDe}; zu viel Gezahltes erstattet Ihnen die Kasse.',
    en: 'Your answers have changed the fee: your payment for this application is for {paidEn}, the fee for your current answers is {dueEn}. Please check your answers. If they are right, go back to the payment and pay the fee of {dueEn}; the cash office refunds anything paid in excess.',
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
