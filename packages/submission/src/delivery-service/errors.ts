import { defineErrors } from '@efa-kit/core';

/**
 * Errors of the development delivery service's own set-up (options, CLI, ledger), with a stable
 * code and German and English text. Refusals of API requests are not these: they go to the
 * client as RFC 7807 problems (problems.ts), as FITKO's Zustelldienst answers them.
 */
export const deliveryServiceError = defineErrors({
  DELIVERY_SERVICE_CONFIG_INVALID: {
    status: 'INTERNAL_SERVER_ERROR',
    de: 'Die Konfiguration des Zustelldienstes ist ungültig: {detail}',
    en: 'The delivery service configuration is invalid: {detail}',
  },
  DELIVERY_SERVICE_KEY_INVALID: {
    status: 'INTERNAL_SERVER_ERROR',
    de: 'Der Schlüssel {key} ist ungültig: {detail}',
    en: 'The key {key} is invalid: {detail}',
  },
  DELIVERY_SERVICE_MIGRATIONS_PENDING: {
    status: 'INTERNAL_SERVER_ERROR',
    de: 'Die Datenbank gehört auch anderen Paketen und die Tabellen des Zustelldienstes fehlen. Nehmen Sie deliveryServiceMigrations in den migrate()-Aufruf der Anwendung auf.',
    en: "The database is shared with other packages and the delivery service's tables are missing. Include deliveryServiceMigrations in the application's migrate() call.",
  },
  DELIVERY_SERVICE_ARGUMENT_INVALID: {
    status: 'BAD_REQUEST',
    de: 'Ungültige Angabe {option}: {detail}',
    en: 'Invalid {option}: {detail}',
  },
  DELIVERY_SERVICE_ARGUMENT_UNKNOWN: {
    status: 'BAD_REQUEST',
    de: 'Unbekannte Angabe {option}.',
    en: 'Unknown option {option}.',
  },
  DELIVERY_SERVICE_ARGUMENT_MISSING: {
    status: 'BAD_REQUEST',
    de: 'Es fehlt {option}: {detail}',
    en: 'Missing {option}: {detail}',
  },
  DELIVERY_SERVICE_KEY_FILE_UNREADABLE: {
    status: 'BAD_REQUEST',
    de: 'Die Schlüsseldatei {file} kann nicht gelesen werden: {detail}',
    en: 'The key file {file} cannot be read: {detail}',
  },
});

export type DeliveryServiceErrorCode = keyof typeof deliveryServiceError.definitions;
