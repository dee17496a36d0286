import { safeReturnPath, trustLevelSchema } from '@efa-kit/core';
import { z } from 'zod';
import { identitySchema } from './identity.js';

/**
 * A path on the portal's own origin ("/antrag?schritt=2"). Absolute URLs, protocol-relative
 * URLs ("//evil.example") and backslash tricks are refused here and again on the server.
 */
export const returnToSchema = z
  .string()
  .max(2048)
  .refine((value) => isSafeReturnPath(value), { error: 'account.returnTo' });

export function isSafeReturnPath(value: string): boolean {
  // Core's one return-path check; only relative paths are accepted in API input.
  return value.startsWith('/') && safeReturnPath(value, 'https://portal.invalid') !== null;
}

export const loginInputSchema = z.object({
  level: trustLevelSchema.default('low'),
  returnTo: returnToSchema.default('/'),
  /** Name of a configured provider; the default provider when absent. */
  provider: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .optional(),
});
export type LoginInput = z.input<typeof loginInputSchema>;

export const loginOutputSchema = z.object({ redirectTo: z.string() });
export type LoginOutput = z.infer<typeof loginOutputSchema>;

export const sessionInfoSchema = z.object({
  trustLevel: trustLevelSchema,
  /** When the session ends without activity (ISO date-time). */
  idleExpiresAt: z.iso.datetime(),
  /** When the session ends regardless of activity (ISO date-time). */
  absoluteExpiresAt: z.iso.datetime(),
  idleTimeoutSeconds: z.number().int().positive(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

export const meOutputSchema = z.union([
  z.object({ identity: identitySchema, displayName: z.string(), session: sessionInfoSchema }),
  z.null(),
]);
export type MeOutput = z.infer<typeof meOutputSchema>;

export const logoutOutputSchema = z.object({
  /** The provider's end-session URL (RP-initiated logout), or the portal page to go to. */
  redirectTo: z.string(),
});
export type LogoutOutput = z.infer<typeof logoutOutputSchema>;

export const keepAliveOutputSchema = z.union([sessionInfoSchema, z.null()]);
export type KeepAliveOutput = z.infer<typeof keepAliveOutputSchema>;
