import { defineErrors } from '@efa-kit/core';

export const jurisdictionError = defineErrors({
  JURISDICTION_SERVICE_NOT_FOUND: {
    status: 'NOT_FOUND',
    de: 'Die Leistung „{service}“ ist nicht bekannt.',
    en: 'The service "{service}" is not known.',
  },
  JURISDICTION_PLACE_NOT_FOUND: {
    status: 'NOT_FOUND',
    de: 'Zu „{place}“ ist kein Ort bekannt.',
    en: 'No place is known for "{place}".',
  },
  JURISDICTION_AUTHORITY_NOT_FOUND: {
    status: 'NOT_FOUND',
    de: 'Die Behörde „{id}“ ist nicht bekannt.',
    en: 'The authority "{id}" is not known.',
  },
  JURISDICTION_IMPORT_INVALID: {
    status: 'UNPROCESSABLE_CONTENT',
    de: '{file}, Zeile {line}: {reason} Es wurde nichts importiert.',
    en: '{file}, line {line}: {reason} Nothing was imported.',
  },
  JURISDICTION_IMPORT_TOO_LARGE: {
    status: 'PAYLOAD_TOO_LARGE',
    de: '{file} ist größer als {limit} Bytes. Es wurde nichts importiert.',
    en: '{file} is larger than {limit} bytes. Nothing was imported.',
  },
});
