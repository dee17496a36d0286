import type { errorsDe } from './de.js';

/** Error texts of the submission package, English: exactly the German keys. */
export const errorsEn: Record<keyof typeof errorsDe, string> = {
  SUBMISSION_CONFIGURATION: 'The submission configuration is invalid: {detail}.',
  SUBMISSION_API_UNREACHABLE:
    'The delivery service cannot be reached at the moment ({detail}). The delivery will be tried again later.',
  SUBMISSION_API_UNAVAILABLE:
    'The delivery service is overloaded or out of order at the moment (HTTP {status}). The delivery will be tried again later.',
  SUBMISSION_API_AUTH: 'The portal could not authenticate with the delivery service (HTTP {status}).',
  SUBMISSION_API_REFUSED: 'The delivery service refused the request (HTTP {status}: {title}).',
  SUBMISSION_API_PROTOCOL: 'The delivery service sent an unexpected answer: {detail}.',
  SUBMISSION_DESTINATION_MISMATCH:
    'The delivery service returned another destination ({actual}) instead of {expected}.',
  SUBMISSION_KEY_MALFORMED: "The destination's key is not a valid JSON Web Key: {detail}.",
  SUBMISSION_KEY_TYPE: 'The destination\'s key is not an RSA key (kty "{kty}").',
  SUBMISSION_KEY_ALGORITHM:
    'The destination\'s key is meant for the algorithm "{alg}"; "{expected}" is required.',
  SUBMISSION_KEY_OPERATIONS: 'The operations the key allows ({keyOps}) are not exactly "{expected}".',
  SUBMISSION_KEY_PRIVATE: 'The delivery service sent private key parts ({parts}). The key is not used.',
  SUBMISSION_KEY_TOO_SHORT:
    "The destination's key is too short with {bits} bits; at least {minimum} bits are required.",
  SUBMISSION_KEY_EXPONENT: "The key's public exponent is not 65537 (AQAB).",
  SUBMISSION_KEY_ID_MISMATCH: 'The key is identified as "{actual}" instead of "{expected}".',
  SUBMISSION_KEY_CERTIFICATE_MISSING:
    "The destination's key carries no certificate chain (x5c) although trust anchors are configured.",
  SUBMISSION_KEY_CERTIFICATE_MISMATCH:
    "The public key in the destination's certificate does not match the key.",
  SUBMISSION_KEY_CERTIFICATE_INVALID: "The destination's certificate chain is invalid: {detail}.",
  SUBMISSION_KEY_CERTIFICATE_EXPIRED:
    'A certificate of the chain ({subject}) is not valid on {date} (valid from {validFrom} to {validTo}).',
  SUBMISSION_KEY_CERTIFICATE_UNTRUSTED:
    "The destination's certificate chain does not lead to a configured trust anchor.",
  SUBMISSION_EVENT_INVALID: "An event in the case's event log is invalid: {detail}.",
  SUBMISSION_EVENT_SIGNATURE:
    "The signature of an event in the case's event log could not be verified: {detail}.",
  SUBMISSION_ENCRYPTION_FAILED: 'Encrypting for the destination failed: {detail}.',
  SUBMISSION_METADATA_INPUT: 'The details for the metadata are invalid: {detail}.',
  SUBMISSION_METADATA_INVALID:
    'The metadata do not conform to the FIT-Connect metadata schema ({count} errors): {summary}.',
};
