import { defineErrors } from '@efa-kit/core';

/** Startup errors of the portal itself; capability packages report their own. */
export const portalError = defineErrors({
  PORTAL_CONFIGURATION: {
    status: 'INTERNAL_SERVER_ERROR',
    de: '{capability}: kein Anbieter konfiguriert ({variables}). Setzen Sie ihn, oder starten Sie mit PORTAL_MODE=development die Entwicklungsdienste.',
    en: '{capability}: no provider configured ({variables}). Set it, or start the development services with PORTAL_MODE=development.',
  },
});
