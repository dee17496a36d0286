import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { type EfaSession, readCookies } from '@efa-kit/core/server';

/**
 * Who a payment belongs to (issue 11, finding 1). A signed-in person owns a payment by their
 * session subject; an anonymous payment is owned by the browser that created it, through an
 * unguessable capability in an HttpOnly cookie. The database keeps only SHA-256 hashes, so a
 * copy of it does not hand out the capabilities.
 */
export const paymentOwnerCookie = 'efa_payment_owner';

/** What a caller may present: every owner hash it holds (session subject, browser cookie). */
export interface PaymentAccess {
  readonly ownerHashes: readonly string[];
}

/** 32 random bytes, base64url without padding. */
const capabilityPattern = /^[A-Za-z0-9_-]{43}$/;

/** The owner hash stored for a subject or a browser capability. */
export function paymentOwnerHash(kind: 'subject' | 'browser', value: string): string {
  return createHash('sha256').update(`${kind}:${value}`, 'utf8').digest('hex');
}

/** The browser capability the request carries, when it is well-formed. */
export function browserCapabilityOf(headers: IncomingHttpHeaders): string | undefined {
  const value = readCookies(headers).get(paymentOwnerCookie);
  return value && capabilityPattern.test(value) ? value : undefined;
}

export function newBrowserCapability(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The Set-Cookie value for a browser capability. A session cookie (no Max-Age): on a shared
 * device it ends with the browser session. SameSite=Lax so that the provider's redirect back
 * (a top-level GET) still carries it.
 */
export function paymentOwnerCookieHeader(capability: string, options: { secure: boolean }): string {
  return `${paymentOwnerCookie}=${capability}; Path=/; HttpOnly; SameSite=Lax${options.secure ? '; Secure' : ''}`;
}

/** Every owner hash a request may act for: its session's subject and its browser capability. */
export function paymentAccessOf(
  session: Pick<EfaSession, 'subject'> | null | undefined,
  headers: IncomingHttpHeaders,
): PaymentAccess {
  const ownerHashes: string[] = [];
  if (session?.subject) ownerHashes.push(paymentOwnerHash('subject', session.subject));
  const capability = browserCapabilityOf(headers);
  if (capability) ownerHashes.push(paymentOwnerHash('browser', capability));
  return { ownerHashes };
}
