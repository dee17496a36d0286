import { readFileSync } from 'node:fs';
import type { PaymentProvider } from './provider.js';
import { createXBezahldiensteProvider, type XBezahldiensteAuth } from './xbezahldienste.js';

/**
 * Reads a provider configuration from environment variables, for apps (packages never read
 * the environment themselves). Without PAYMENT_PROVIDER_URL the app should start the
 * simulator (`startPaymentSimulator` from `@efa-kit/payment/testing`) and pass its URL.
 *
 *   PAYMENT_PROVIDER_URL              XBezahldienste base URL
 *   PAYMENT_ORIGINATOR_ID             originatorId (default "efa-portal")
 *   PAYMENT_ENDPOINT_ID               endPointId, e.g. the authority's AGS (default "00000000")
 *   PAYMENT_TOKEN_URL                 OAuth2 token URL (default <URL>/auth/token when a client id is set)
 *   PAYMENT_CLIENT_ID / PAYMENT_CLIENT_SECRET / PAYMENT_SCOPE   OAuth2 client credentials
 *   PAYMENT_CLIENT_CERT (.p12 path) / PAYMENT_CLIENT_CERT_PASSPHRASE / PAYMENT_CA (PEM path)   mTLS
 *   PAYMENT_KASSENZEICHEN_PREFIX      1–6 digits
 *   PAYMENT_TIMEOUT_MS                per provider request
 *   PAYMENT_EXPORT_TOKEN              bearer token of the cash office's CSV import (route off without)
 *   PAYMENT_STAFF_ROLES               session roles allowed to export (comma-separated, default cash-office)
 *   PAYMENT_RECONCILE_INTERVAL_MS     how often open payments are asked about (default 60000)
 *   PAYMENT_SIMULATOR_HOST / PAYMENT_SIMULATOR_PORT / PAYMENT_SIMULATOR_PUBLIC_URL   where the
 *                                     simulator listens and how browsers reach it (no provider set)
 */
export interface PaymentEnvConfig {
  /** Undefined when no provider is configured: run the simulator. */
  providerUrl: string | undefined;
  originatorId: string;
  endPointId: string;
  auth: XBezahldiensteAuth | undefined;
  kassenzeichenPrefix: string | undefined;
  timeoutMs: number | undefined;
  exportToken: string | undefined;
  staffRoles: string[];
  reconcileIntervalMs: number;
  simulator: { host: string; port: number; publicUrl: string | undefined };
}

function positiveInt(value: string | undefined, fallback: number): number {
  const parsed = value === undefined ? Number.NaN : Number(value);
  return Number.isInteger(parsed) && parsed >= 0 ? parsed : fallback;
}

export function paymentConfigFromEnv(env: Record<string, string | undefined>): PaymentEnvConfig {
  const providerUrl = env.PAYMENT_PROVIDER_URL?.trim() || undefined;
  let auth: XBezahldiensteAuth | undefined;
  if (env.PAYMENT_CLIENT_CERT) {
    auth = {
      type: 'client-certificate',
      pfx: readFileSync(env.PAYMENT_CLIENT_CERT),
      ...(env.PAYMENT_CLIENT_CERT_PASSPHRASE ? { passphrase: env.PAYMENT_CLIENT_CERT_PASSPHRASE } : {}),
      ...(env.PAYMENT_CA ? { ca: readFileSync(env.PAYMENT_CA) } : {}),
    };
  } else if (env.PAYMENT_CLIENT_ID) {
    if (!env.PAYMENT_CLIENT_SECRET)
      throw new Error('PAYMENT_CLIENT_SECRET is required with PAYMENT_CLIENT_ID');
    auth = {
      type: 'oauth2-client-credentials',
      tokenUrl: env.PAYMENT_TOKEN_URL ?? `${(providerUrl ?? '').replace(/\/+$/, '')}/auth/token`,
      clientId: env.PAYMENT_CLIENT_ID,
      clientSecret: env.PAYMENT_CLIENT_SECRET,
      ...(env.PAYMENT_SCOPE ? { scope: env.PAYMENT_SCOPE } : {}),
    };
  } else if (providerUrl) {
    auth = { type: 'none' };
  }
  const timeout = env.PAYMENT_TIMEOUT_MS ? Number(env.PAYMENT_TIMEOUT_MS) : undefined;
  return {
    providerUrl,
    originatorId: env.PAYMENT_ORIGINATOR_ID ?? 'efa-portal',
    endPointId: env.PAYMENT_ENDPOINT_ID ?? '00000000',
    auth,
    kassenzeichenPrefix: env.PAYMENT_KASSENZEICHEN_PREFIX,
    timeoutMs: timeout !== undefined && Number.isFinite(timeout) ? timeout : undefined,
    exportToken: env.PAYMENT_EXPORT_TOKEN?.trim() || undefined,
    staffRoles: (env.PAYMENT_STAFF_ROLES ?? 'cash-office')
      .split(',')
      .map((role) => role.trim())
      .filter(Boolean),
    reconcileIntervalMs: Math.max(1_000, positiveInt(env.PAYMENT_RECONCILE_INTERVAL_MS, 60_000)),
    simulator: {
      host: env.PAYMENT_SIMULATOR_HOST ?? '127.0.0.1',
      port: positiveInt(env.PAYMENT_SIMULATOR_PORT, 0),
      publicUrl: env.PAYMENT_SIMULATOR_PUBLIC_URL?.trim() || undefined,
    },
  };
}

/** The configured provider; for the simulator pass its URL and credentials as `override`. */
export function providerFromConfig(
  config: PaymentEnvConfig,
  override?: { providerUrl: string; auth: XBezahldiensteAuth },
): PaymentProvider {
  const baseUrl = override?.providerUrl ?? config.providerUrl;
  const auth = override?.auth ?? config.auth;
  if (!baseUrl || !auth) throw new Error('No payment provider configured (PAYMENT_PROVIDER_URL)');
  return createXBezahldiensteProvider({
    baseUrl,
    originatorId: config.originatorId,
    endPointId: config.endPointId,
    auth,
    ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
  });
}
