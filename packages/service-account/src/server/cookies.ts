import { randomBytes } from 'node:crypto';
import type { EfaResponse } from '@efa-kit/core/server';

export interface CookieOptions {
  httpOnly?: boolean;
  secure: boolean;
  sameSite?: 'Lax' | 'Strict' | 'None';
  maxAgeSeconds?: number;
  path?: string;
}

export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path ?? '/'}`];
  if (options.maxAgeSeconds !== undefined)
    parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`);
  if (options.httpOnly !== false) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  parts.push(`SameSite=${options.sameSite ?? 'Lax'}`);
  return parts.join('; ');
}

export function setCookie(response: EfaResponse, name: string, value: string, options: CookieOptions): void {
  response.appendHeader('set-cookie', serializeCookie(name, value, options));
}

export function clearCookie(
  response: EfaResponse,
  name: string,
  options: Omit<CookieOptions, 'maxAgeSeconds'>,
): void {
  response.appendHeader('set-cookie', serializeCookie(name, '', { ...options, maxAgeSeconds: 0 }));
}

export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}
