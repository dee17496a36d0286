/**
 * Error texts of the submission package, German (the reference catalogue). Keys are the error
 * codes; `{name}` placeholders are filled from the error's parameters.
 */
export const errorsDe = {
  SUBMISSION_CONFIGURATION: 'Die Konfiguration der Übermittlung ist ungültig: {detail}.',
  SUBMISSION_API_UNREACHABLE:
    'Der Zustelldienst ist zurzeit nicht erreichbar ({detail}). Die Übermittlung wird später erneut versucht.',
  SUBMISSION_API_UNAVAILABLE:
    'Der Zustelldienst ist zurzeit überlastet oder gestört (HTTP {status}). Die Übermittlung wird später erneut versucht.',
  SUBMISSION_API_AUTH: 'Die Anmeldung des Portals beim Zustelldienst ist fehlgeschlagen (HTTP {status}).',
  SUBMISSION_API_REFUSED: 'Der Zustelldienst hat die Anfrage abgelehnt (HTTP {status}: {title}).',
  SUBMISSION_API_PROTOCOL: 'Der Zustelldienst hat unerwartet geantwortet: {detail}.',
  SUBMISSION_DESTINATION_MISMATCH:
    'Der Zustelldienst hat Angaben zu einem anderen Zustellpunkt ({actual}) statt {expected} geliefert.',
  SUBMISSION_KEY_MALFORMED: 'Der Schlüssel des Zustellpunkts ist kein gültiger JSON Web Key: {detail}.',
  SUBMISSION_KEY_TYPE: 'Der Schlüssel des Zustellpunkts ist kein RSA-Schlüssel (kty „{kty}“).',
  SUBMISSION_KEY_ALGORITHM:
    'Der Schlüssel des Zustellpunkts ist für den Algorithmus „{alg}“ bestimmt, erwartet wird „{expected}“.',
  SUBMISSION_KEY_OPERATIONS:
    'Die erlaubten Operationen des Schlüssels ({keyOps}) sind nicht genau „{expected}“.',
  SUBMISSION_KEY_PRIVATE:
    'Der Zustelldienst hat private Schlüsselteile ({parts}) geliefert. Der Schlüssel wird nicht verwendet.',
  SUBMISSION_KEY_TOO_SHORT:
    'Der Schlüssel des Zustellpunkts ist mit {bits} Bit zu kurz; verlangt sind mindestens {minimum} Bit.',
  SUBMISSION_KEY_EXPONENT: 'Der öffentliche Exponent des Schlüssels ist nicht 65537 (AQAB).',
  SUBMISSION_KEY_ID_MISMATCH: 'Der Schlüssel trägt die Kennung „{actual}“ statt „{expected}“.',
  SUBMISSION_KEY_CERTIFICATE_MISSING:
    'Der Schlüssel des Zustellpunkts enthält keine Zertifikatskette (x5c), obwohl Vertrauensanker konfiguriert sind.',
  SUBMISSION_KEY_CERTIFICATE_MISMATCH:
    'Der öffentliche Schlüssel im Zertifikat des Zustellpunkts stimmt nicht mit dem Schlüssel überein.',
  SUBMISSION_KEY_CERTIFICATE_INVALID: 'Die Zertifikatskette des Zustellpunkts ist ungültig: {detail}.',
  SUBMISSION_KEY_CERTIFICATE_EXPIRED:
    'Ein Zertifikat der Kette ({subject}) ist am {date} nicht gültig (gültig von {validFrom} bis {validTo}).',
  SUBMISSION_KEY_CERTIFICATE_UNTRUSTED:
    'Die Zertifikatskette des Zustellpunkts führt zu keinem konfigurierten Vertrauensanker.',
  SUBMISSION_EVENT_INVALID: 'Ein Ereignis im Ereignisprotokoll des Vorgangs ist ungültig: {detail}.',
  SUBMISSION_EVENT_SIGNATURE:
    'Die Signatur eines Ereignisses im Ereignisprotokoll ließ sich nicht prüfen: {detail}.',
  SUBMISSION_ENCRYPTION_FAILED: 'Die Verschlüsselung für den Zustellpunkt ist fehlgeschlagen: {detail}.',
  SUBMISSION_METADATA_INPUT: 'Die Angaben für die Metadaten sind ungültig: {detail}.',
  SUBMISSION_METADATA_INVALID:
    'Die Metadaten entsprechen nicht dem FIT-Connect-Metadatenschema ({count} Fehler): {summary}.',
} as const;

export type SubmissionErrorKey = keyof typeof errorsDe;
