import { X509Certificate } from 'node:crypto';
import { submissionApiError } from './errors.js';

/**
 * X.509 checks for destination keys, on node:crypto alone: FIT-Connect derives every
 * destination key from a Verwaltungs-PKI certificate and sends the chain up to the root in
 * `x5c`; the sender must verify it so that nobody between portal and authority can swap the
 * key (docs.fitko.de, "Zertifikatsprüfung"). Revocation (OCSP/CRL) is not checked here: it needs
 * the network of the V-PKI and is left to the operator's trust-anchor configuration.
 */

const maxChainLength = 10;

/** Parses PEM trust anchors once (configuration errors surface at start, not at first send). */
export function parseTrustAnchors(pems: readonly string[]): X509Certificate[] {
  const anchors: X509Certificate[] = [];
  for (const pem of pems) {
    const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
    if (!blocks) throw new RangeError('A trust anchor is not a PEM certificate');
    for (const block of blocks) {
      const certificate = new X509Certificate(block);
      if (!certificate.ca)
        throw new RangeError(`Trust anchor ${certificate.subject} is not a CA certificate`);
      anchors.push(certificate);
    }
  }
  return anchors;
}

/** `x5c` as RFC 7517 §4.7 defines it: standard base64 DER, leaf first. */
export function parseX5c(x5c: unknown): X509Certificate[] {
  const invalid = (detail: string) =>
    submissionApiError('SUBMISSION_KEY_CERTIFICATE_INVALID', { detail }, { retryable: false });
  if (!Array.isArray(x5c) || x5c.length === 0) throw invalid('x5c is not a non-empty array');
  if (x5c.length > maxChainLength) throw invalid(`more than ${maxChainLength} certificates`);
  return x5c.map((entry, index) => {
    if (typeof entry !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(entry))
      throw invalid(`certificate ${index} is not base64`);
    try {
      return new X509Certificate(Buffer.from(entry, 'base64'));
    } catch (cause) {
      throw submissionApiError(
        'SUBMISSION_KEY_CERTIFICATE_INVALID',
        { detail: `certificate ${index} cannot be read` },
        { retryable: false, cause },
      );
    }
  });
}

function checkValidity(certificate: X509Certificate, now: Date): void {
  if (now < certificate.validFromDate || now > certificate.validToDate)
    throw submissionApiError(
      'SUBMISSION_KEY_CERTIFICATE_EXPIRED',
      {
        subject: certificate.subject.replace(/\n/g, ', '),
        date: now.toISOString(),
        validFrom: certificate.validFromDate.toISOString(),
        validTo: certificate.validToDate.toISOString(),
      },
      { retryable: false },
    );
}

function issuedBy(child: X509Certificate, issuer: X509Certificate): boolean {
  // checkIssued compares names (and key identifiers); verify checks the signature itself.
  return issuer.ca && child.checkIssued(issuer) && child.verify(issuer.publicKey);
}

function sameCertificate(a: X509Certificate, b: X509Certificate): boolean {
  return a.raw.equals(b.raw);
}

/**
 * Verifies that each certificate is issued by the next, every one valid at `now`, and, when
 * anchors are given, that the chain ends in (or is issued by) one of them. Without anchors
 * only the chain's own consistency is checked: the key is then as trustworthy as the TLS
 * connection to the delivery service (FITKO's test environment issues no V-PKI certificates).
 */
export function verifyCertificateChain(
  chain: readonly X509Certificate[],
  anchors: readonly X509Certificate[],
  now: Date,
): void {
  for (const certificate of chain) checkValidity(certificate, now);
  for (let index = 0; index + 1 < chain.length; index += 1) {
    const child = chain[index];
    const issuer = chain[index + 1];
    if (!child || !issuer) break;
    // An anchor inside the chain ends it: what follows (a cross-signature, say) is not needed.
    if (anchors.some((anchor) => sameCertificate(anchor, child))) return;
    if (!issuedBy(child, issuer))
      throw submissionApiError(
        'SUBMISSION_KEY_CERTIFICATE_INVALID',
        { detail: `certificate ${index} is not issued by certificate ${index + 1}` },
        { retryable: false },
      );
  }
  if (anchors.length === 0) return;
  const last = chain[chain.length - 1];
  if (!last) return;
  for (const anchor of anchors) {
    if (sameCertificate(anchor, last) || issuedBy(last, anchor)) {
      checkValidity(anchor, now);
      return;
    }
  }
  throw submissionApiError('SUBMISSION_KEY_CERTIFICATE_UNTRUSTED', {}, { retryable: false });
}
