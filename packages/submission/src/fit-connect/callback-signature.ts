import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * FIT-Connect callback authentication (docs.fitko.de, "Callbacks"): `callback-timestamp`
 * (unix seconds) and `callback-authentication`, the hex HMAC-SHA-512 of
 * "<timestamp>.<raw body>" under the callback secret. Receivers refuse timestamps older than
 * five minutes, compare in constant time and ignore anything else. Shared by the development
 * delivery service (which signs) and the sender's event callback (which checks).
 */

/** Receivers refuse callbacks whose timestamp is further than this from their clock. */
export const callbackToleranceSeconds = 300;

export function callbackAuthentication(secret: string, timestamp: string, body: string): string {
  return createHmac('sha512', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

export interface VerifyCallbackInput {
  secret: string;
  /** The `callback-timestamp` header (as node:http gives it; a repeated header is refused). */
  timestamp: string | readonly string[] | null | undefined;
  /** The `callback-authentication` header. */
  authentication: string | readonly string[] | null | undefined;
  /** The raw request body exactly as received (before any JSON parsing). */
  body: string;
  /** Default: the wall clock. A number is epoch milliseconds. */
  now?: Date | number;
}

/**
 * Why a callback is refused, or `ok`: `malformed` (a header missing, repeated or of the wrong
 * form), `stale` (the timestamp more than five minutes from `now`, either way; checked before
 * the HMAC, so an old captured callback is refused as such), `forged` (the HMAC does not match).
 */
export type CallbackCheck = 'ok' | 'malformed' | 'stale' | 'forged';

export function checkCallback(input: VerifyCallbackInput): CallbackCheck {
  const { secret, timestamp, authentication, body } = input;
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) return 'malformed';
  if (typeof authentication !== 'string' || !/^[0-9a-fA-F]{128}$/.test(authentication)) return 'malformed';
  const nowMs =
    input.now === undefined ? Date.now() : typeof input.now === 'number' ? input.now : input.now.getTime();
  const now = Math.floor(nowMs / 1000);
  if (Math.abs(now - Number(timestamp)) > callbackToleranceSeconds) return 'stale';
  const expected = Buffer.from(callbackAuthentication(secret, timestamp, body), 'hex');
  const given = Buffer.from(authentication, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'forged';
}

/**
 * For callback receivers: true only when the timestamp is a unix-seconds value within five
 * minutes of `now` (either way) and the HMAC matches, compared in constant time.
 */
export function verifyCallback(input: VerifyCallbackInput): boolean {
  return checkCallback(input) === 'ok';
}
