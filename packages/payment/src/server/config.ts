import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { paymentError } from './errors.js';
import type { PaymentProvider } from './provider.js';
import { createXBezahldiensteProvider, type XBezahldiensteAuth } from './xbezahldienste.js';

/**
 * Reads a provider configuration from environment variables, for apps (packages never read
 * the environment themselves). Every value is checked; a bad one throws PAYMENT_CONFIGURATION
 * naming the variable. Without PAYMENT_PROVIDER_URL a development app starts the simulator
 * (`startPaymentSimulator` from `@efa-kit/payment/testing`, see `useSimulator`); with
 * `{ mode: 'production' }` a missing provider is a configuration error instead.
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
 *   PAYMENT_EXPIRE_AFTER_MS           when an unfinished payment expires (default 5400000, 90 minutes)
 *   PAYMENT_SIMULATOR_HOST / PAYMENT_SIMULATOR_PORT / PAYMENT_SIMULATOR_PUBLIC_URL   where the
 *                                     simulator listens and how browsers reach it (no provider set)
 */
export type PaymentMode = 'development' | 'production';

export interface PaymentConfigOptions {
  /**
   * `production`: a provider is required (PAYMENT_CONFIGURATION naming PAYMENT_PROVIDER_URL
   * otherwise). `development`: without one the app runs the simulator. Absent: nothing is
   * required and `useSimulator` says what is missing.
   */
  mode?: PaymentMode;
}

export interface PaymentEnvConfig {
  /** Undefined when no provider is configured. */
  providerUrl: string | undefined;
  /** True when PAYMENT_PROVIDER_URL names a real provider. */
  providerConfigured: boolean;
  /** True when no provider is configured and the mode is not production: start the simulator. */
  useSimulator: boolean;
  originatorId: string;
  endPointId: string;
  auth: XBezahldiensteAuth | undefined;
  kassenzeichenPrefix: string | undefined;
  timeoutMs: number | undefined;
  exportToken: string | undefined;
  staffRoles: string[];
  reconcileIntervalMs: number;
  /** Undefined: the service's default (90 minutes). */
  expireAfterMs: number | undefined;
  simulator: { host: string; port: number; publicUrl: string | undefined };
}

interface Expectation {
  de: string;
  en: string;
}

function bad(variable: string, expected: Expectation): never {
  throw paymentError('PAYMENT_CONFIGURATION', { variable, expectedDe: expected.de, expectedEn: expected.en });
}

const httpUrl = z.url({ protocol: /^https?$/ });
const expectations = {
  url: { de: 'muss eine http- oder https-URL sein', en: 'must be an http or https URL' },
  tenant: {
    de: 'darf nur aus 1–36 Buchstaben, Ziffern, „_“ und „-“ bestehen',
    en: 'may only hold 1–36 letters, digits, "_" and "-"',
  },
  prefix: { de: 'muss aus 1–6 Ziffern bestehen', en: 'must be 1–6 digits' },
  token: { de: 'muss mindestens 16 Zeichen lang sein', en: 'must be at least 16 characters long' },
  port: { de: 'muss eine Portnummer von 0 bis 65535 sein', en: 'must be a port number from 0 to 65535' },
  secret: {
    de: 'fehlt: PAYMENT_CLIENT_ID braucht auch PAYMENT_CLIENT_SECRET',
    en: 'is missing: PAYMENT_CLIENT_ID needs PAYMENT_CLIENT_SECRET as well',
  },
  file: { de: 'nennt keine lesbare Datei', en: 'does not name a readable file' },
  provider: {
    de: 'fehlt: im Produktivbetrieb ist ein Bezahldienst nötig (der Simulator läuft nur im Entwicklungsmodus)',
    en: 'is missing: production needs a payment provider (the simulator runs only in development mode)',
  },
} satisfies Record<string, Expectation>;

function integer(min: number, max: number): Expectation {
  return {
    de: `muss eine ganze Zahl von ${min} bis ${max} sein`,
    en: `must be a whole number from ${min} to ${max}`,
  };
}

/** Empty and whitespace-only values count as unset, as in most .env files. */
function value(env: Record<string, string | undefined>, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

function checked<T>(
  env: Record<string, string | undefined>,
  name: string,
  schema: z.ZodType<T>,
  expected: Expectation,
): T | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : bad(name, expected);
}

function int(env: Record<string, string | undefined>, name: string, min: number, max: number) {
  return checked(
    env,
    name,
    z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max)),
    name.endsWith('_PORT') ? expectations.port : integer(min, max),
  );
}

function file(env: Record<string, string | undefined>, name: string): Buffer | undefined {
  const path = value(env, name);
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch {
    return bad(name, expectations.file);
  }
}

export function paymentConfigFromEnv(
  env: Record<string, string | undefined>,
  options: PaymentConfigOptions = {},
): PaymentEnvConfig {
  const providerUrl = checked(env, 'PAYMENT_PROVIDER_URL', httpUrl, expectations.url);
  if (!providerUrl && options.mode === 'production') bad('PAYMENT_PROVIDER_URL', expectations.provider);
  const tenant = z.string().regex(/^[\w-]{1,36}$/);
  const originatorId = checked(env, 'PAYMENT_ORIGINATOR_ID', tenant, expectations.tenant) ?? 'efa-portal';
  const endPointId = checked(env, 'PAYMENT_ENDPOINT_ID', tenant, expectations.tenant) ?? '00000000';
  const tokenUrl = checked(env, 'PAYMENT_TOKEN_URL', httpUrl, expectations.url);
  let auth: XBezahldiensteAuth | undefined;
  const pfx = file(env, 'PAYMENT_CLIENT_CERT');
  if (pfx) {
    const passphrase = value(env, 'PAYMENT_CLIENT_CERT_PASSPHRASE');
    const ca = file(env, 'PAYMENT_CA');
    auth = { type: 'client-certificate', pfx, ...(passphrase ? { passphrase } : {}), ...(ca ? { ca } : {}) };
  } else if (value(env, 'PAYMENT_CLIENT_ID')) {
    const clientSecret =
      value(env, 'PAYMENT_CLIENT_SECRET') ?? bad('PAYMENT_CLIENT_SECRET', expectations.secret);
    const scope = value(env, 'PAYMENT_SCOPE');
    auth = {
      type: 'oauth2-client-credentials',
      tokenUrl: tokenUrl ?? `${(providerUrl ?? '').replace(/\/+$/, '')}/auth/token`,
      clientId: value(env, 'PAYMENT_CLIENT_ID') ?? '',
      clientSecret,
      ...(scope ? { scope } : {}),
    };
  } else if (providerUrl) {
    auth = { type: 'none' };
  }
  return {
    providerUrl,
    providerConfigured: providerUrl !== undefined,
    useSimulator: providerUrl === undefined && options.mode !== 'production',
    originatorId,
    endPointId,
    auth,
    kassenzeichenPrefix: checked(
      env,
      'PAYMENT_KASSENZEICHEN_PREFIX',
      z.string().regex(/^\d{1,6}$/),
      expectations.prefix,
    ),
    timeoutMs: int(env, 'PAYMENT_TIMEOUT_MS', 1, 600_000),
    exportToken: checked(env, 'PAYMENT_EXPORT_TOKEN', z.string().min(16), expectations.token),
    staffRoles: (value(env, 'PAYMENT_STAFF_ROLES') ?? 'cash-office')
      .split(',')
      .map((role) => role.trim())
      .filter(Boolean),
    reconcileIntervalMs: int(env, 'PAYMENT_RECONCILE_INTERVAL_MS', 1_000, 86_400_000) ?? 60_000,
    expireAfterMs: int(env, 'PAYMENT_EXPIRE_AFTER_MS', 60_000, 30 * 86_400_000),
    simulator: {
      host: value(env, 'PAYMENT_SIMULATOR_HOST') ?? '127.0.0.1',
      port: int(env, 'PAYMENT_SIMULATOR_PORT', 0, 65_535) ?? 0,
      publicUrl: checked(env, 'PAYMENT_SIMULATOR_PUBLIC_URL', httpUrl, expectations.url),
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
  if (!baseUrl || !auth) bad('PAYMENT_PROVIDER_URL', expectations.provider);
  return createXBezahldiensteProvider({
    baseUrl,
    originatorId: config.originatorId,
    endPointId: config.endPointId,
    auth,
    ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
  });
}
