import { defineErrors } from '@efa-kit/core';

export const accountError = defineErrors({
  ACCOUNT_LOGIN_EXPIRED: {
    status: 'BAD_REQUEST',
    de: 'Die Anmeldung ist abgelaufen oder wurde in einem anderen Fenster begonnen. Bitte melden Sie sich erneut an.',
    en: 'The login has expired or was started in another window. Please log in again.',
  },
  ACCOUNT_LOGIN_CANCELLED: {
    status: 'UNAUTHORIZED',
    de: 'Die Anmeldung wurde abgebrochen.',
    en: 'The login was cancelled.',
  },
  ACCOUNT_LOCKED: {
    status: 'FORBIDDEN',
    de: 'Das Servicekonto ist gesperrt. Eine Anmeldung ist erst wieder möglich, wenn die Sperre aufgehoben ist.',
    en: 'The service account is locked. Logging in is possible again once the lock is lifted.',
  },
  ACCOUNT_DOCUMENT_EXPIRED: {
    status: 'FORBIDDEN',
    de: 'Der Ausweis, mit dem Sie sich anmelden wollten, ist abgelaufen.',
    en: 'The ID document you tried to log in with has expired.',
  },
  ACCOUNT_LOGIN_FAILED: {
    status: 'UNAUTHORIZED',
    de: 'Die Anmeldung beim Servicekonto ist fehlgeschlagen. Bitte versuchen Sie es erneut.',
    en: 'Logging in with the service account failed. Please try again.',
  },
  ACCOUNT_LEVEL_TOO_LOW: {
    status: 'FORBIDDEN',
    de: 'Für diesen Dienst ist das Vertrauensniveau „{required}“ nötig; die Anmeldung erreichte nur „{actual}“.',
    en: 'This service needs the trust level "{required}"; the login only reached "{actual}".',
  },
  ACCOUNT_STEP_UP_REQUIRED: {
    status: 'FORBIDDEN',
    de: 'Für diesen Schritt ist eine Anmeldung mit dem Vertrauensniveau „{required}“ nötig.',
    en: 'This step needs a login with the trust level "{required}".',
  },
  ACCOUNT_PROVIDER_UNAVAILABLE: {
    status: 'BAD_GATEWAY',
    de: 'Das Servicekonto ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut.',
    en: 'The service account cannot be reached at the moment. Please try again later.',
  },
  ACCOUNT_LOGIN_BUSY: {
    status: 'TOO_MANY_REQUESTS',
    de: 'Gerade melden sich sehr viele Personen an. Bitte versuchen Sie es in einer Minute erneut.',
    en: 'Very many people are logging in right now. Please try again in a minute.',
  },
  ACCOUNT_UNKNOWN_PROVIDER: {
    status: 'BAD_REQUEST',
    de: 'Dieses Servicekonto ist hier nicht eingerichtet.',
    en: 'This service account is not set up here.',
  },
  ACCOUNT_BAD_RETURN_TO: {
    status: 'BAD_REQUEST',
    de: 'Die Rücksprungadresse gehört nicht zu diesem Portal.',
    en: 'The return address does not belong to this portal.',
  },
  ACCOUNT_CONFIGURATION: {
    status: 'INTERNAL_SERVER_ERROR',
    de: 'Die Anmeldung ist nicht richtig eingerichtet: {detail}',
    en: 'The login is not configured correctly: {detail}',
  },
});

export type AccountErrorCode = keyof typeof accountError.definitions;

export const accountValidationMessages = {
  de: { 'account.returnTo': 'Die Rücksprungadresse muss eine Seite dieses Portals sein.' },
  en: { 'account.returnTo': 'The return address must be a page of this portal.' },
};
