import { readFileSync } from 'node:fs';
import { type DataKeyRing, parseDataKeyRing } from '@efa-kit/core/server';
import type { JWK } from 'jose';
import { z } from 'zod';
import { submissionConfigError } from './errors.js';

/**
 * Reads the submission capability's configuration from environment variables, for apps
 * (packages never read the environment themselves). A bad value throws SUBMISSION_CONFIGURATION
 * naming the variable. FITKO's test environment, production or another state's delivery
 * service is a change of these variables only.
 *
 *   FIT_CONNECT_SUBMISSION_URL    Submission API server, e.g. https://submission-api-testing.fit-connect.fitko.dev
 *   FIT_CONNECT_TOKEN_URL         OAuth2 token endpoint, e.g. https://auth-testing.fit-connect.fitko.dev/token
 *   FIT_CONNECT_CLIENT_ID / FIT_CONNECT_CLIENT_SECRET   the sender client registered in the SSP
 *   FIT_CONNECT_TRUST_ANCHORS     PEM file of the Verwaltungs-PKI roots destination keys must chain to
 *   FIT_CONNECT_DESTINATIONS      JSON file: { "<Leistungsschlüssel>": { "<authority id>": "<destination id>" } }
 *   EFA_DATA_KEYS                 key ring for data at rest: "id:base64url(32 bytes)", current first, comma-separated
 *   DELIVERY_SERVICE_HOST / DELIVERY_SERVICE_PORT   where the development delivery service listens (no API set)
 *   FIT_CONNECT_CALLBACK_SECRET   the secret of the sender's new-events callback (≥ 32 characters), as registered
 *                                 at the delivery service; set, the portal takes callbacks at /fit-connect/callback
 *   MAILBOX_REPLY_PRIVATE_JWK     the citizen mailbox's private reply key (RSA JWK with kid, JSON); without it
 *                                 and outside development there is no mailbox (authorities answer by letter)
 */
export interface SubmissionEnvConfig {
  /** True when FIT_CONNECT_SUBMISSION_URL names a delivery service. */
  apiConfigured: boolean;
  /** True when no delivery service is configured and the mode is not production. */
  useDevelopmentService: boolean;
  api:
    | { baseUrl: string; tokenUrl: string; clientId: string; clientSecret: string; trustAnchors: string[] }
    | undefined;
  /** Destinations by Leistungsschlüssel and authority id (FIT_CONNECT_DESTINATIONS). */
  destinations: Record<string, Record<string, string>>;
  /** Undefined: none configured (development generates one). */
  dataKeys: DataKeyRing | undefined;
  developmentService: { host: string; port: number };
  /** The new-events callback's HMAC secret (FIT_CONNECT_CALLBACK_SECRET); undefined: no callbacks. */
  callbackSecret: string | undefined;
  /** The mailbox's private reply key (MAILBOX_REPLY_PRIVATE_JWK); undefined: none configured. */
  mailboxReplyKey: JWK | undefined;
}

function bad(variable: string, de: string, en: string): never {
  throw submissionConfigError('SUBMISSION_CONFIGURATION', { variable, expectedDe: de, expectedEn: en });
}

const httpUrl = z.url({ protocol: /^https?$/ });
const destinationsSchema = z.record(
  z.string().regex(/^\d{14}$/),
  z.record(z.string().min(1).max(200), z.uuid()),
);

/** A private RSA key (RSA-OAEP-256) as JWK; the rest of its members are checked where it is imported. */
const replyKeySchema = z.looseObject({ kty: z.literal('RSA'), d: z.string().min(1), kid: z.string().min(1) });

function readFile(variable: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return bad(variable, `nennt keine lesbare Datei (${path})`, `names no readable file (${path})`);
  }
}

/** PEM certificates in one file, each kept whole. */
function pemCertificates(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

export function submissionConfigFromEnv(
  env: NodeJS.ProcessEnv,
  options: { mode?: 'development' | 'production' } = {},
): SubmissionEnvConfig {
  const baseUrl = env.FIT_CONNECT_SUBMISSION_URL?.trim() || undefined;
  let api: SubmissionEnvConfig['api'];
  if (baseUrl) {
    if (!httpUrl.safeParse(baseUrl).success)
      bad(
        'FIT_CONNECT_SUBMISSION_URL',
        'muss eine http- oder https-URL sein',
        'must be an http or https URL',
      );
    const tokenUrl = env.FIT_CONNECT_TOKEN_URL?.trim() ?? '';
    if (!httpUrl.safeParse(tokenUrl).success)
      bad('FIT_CONNECT_TOKEN_URL', 'muss eine http- oder https-URL sein', 'must be an http or https URL');
    const clientId = env.FIT_CONNECT_CLIENT_ID?.trim() ?? '';
    const clientSecret = env.FIT_CONNECT_CLIENT_SECRET ?? '';
    if (!clientId) bad('FIT_CONNECT_CLIENT_ID', 'fehlt', 'is missing');
    if (clientSecret.length < 8)
      bad(
        'FIT_CONNECT_CLIENT_SECRET',
        'fehlt oder ist kürzer als 8 Zeichen',
        'is missing or shorter than 8 characters',
      );
    const anchorsFile = env.FIT_CONNECT_TRUST_ANCHORS?.trim();
    const trustAnchors = anchorsFile
      ? pemCertificates(readFile('FIT_CONNECT_TRUST_ANCHORS', anchorsFile))
      : [];
    if (anchorsFile && trustAnchors.length === 0)
      bad('FIT_CONNECT_TRUST_ANCHORS', 'enthält kein PEM-Zertifikat', 'holds no PEM certificate');
    api = { baseUrl, tokenUrl, clientId, clientSecret, trustAnchors };
  } else if (options.mode === 'production') {
    bad(
      'FIT_CONNECT_SUBMISSION_URL',
      'fehlt (Produktionsbetrieb braucht einen Zustelldienst)',
      'is missing (production needs a delivery service)',
    );
  }

  let destinations: SubmissionEnvConfig['destinations'] = {};
  const destinationsFile = env.FIT_CONNECT_DESTINATIONS?.trim();
  if (destinationsFile) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFile('FIT_CONNECT_DESTINATIONS', destinationsFile));
    } catch {
      bad('FIT_CONNECT_DESTINATIONS', 'ist kein JSON', 'is not JSON');
    }
    const result = destinationsSchema.safeParse(parsed);
    if (!result.success)
      bad(
        'FIT_CONNECT_DESTINATIONS',
        'muss { Leistungsschlüssel: { Behörden-ID: Zustellpunkt-UUID } } sein',
        'must be { service key: { authority id: destination UUID } }',
      );
    destinations = result.data;
  } else if (api && options.mode === 'production') {
    bad(
      'FIT_CONNECT_DESTINATIONS',
      'fehlt (welcher Zustellpunkt gehört zu welcher Behörde?)',
      'is missing (which destination belongs to which authority?)',
    );
  }

  let dataKeys: DataKeyRing | undefined;
  if (env.EFA_DATA_KEYS?.trim()) {
    try {
      dataKeys = parseDataKeyRing(env.EFA_DATA_KEYS);
    } catch (error) {
      bad(
        'EFA_DATA_KEYS',
        `ist ungültig (${(error as Error).message})`,
        `is invalid (${(error as Error).message})`,
      );
    }
  } else if (options.mode === 'production') {
    bad(
      'EFA_DATA_KEYS',
      'fehlt (Schlüssel für gespeicherte Antragsdaten)',
      'is missing (key for stored application data)',
    );
  }

  const port = Number(env.DELIVERY_SERVICE_PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    bad(
      'DELIVERY_SERVICE_PORT',
      'muss eine Portnummer von 0 bis 65535 sein',
      'must be a port number from 0 to 65535',
    );
  const callbackSecret = env.FIT_CONNECT_CALLBACK_SECRET?.trim() || undefined;
  // FITKO refuses a callback without a secret, and a short one would be guessable.
  if (callbackSecret !== undefined && (callbackSecret.length < 32 || callbackSecret.length > 512))
    bad(
      'FIT_CONNECT_CALLBACK_SECRET',
      'muss 32 bis 512 Zeichen lang sein',
      'must be 32 to 512 characters long',
    );
  let mailboxReplyKey: JWK | undefined;
  const replyKey = env.MAILBOX_REPLY_PRIVATE_JWK?.trim();
  if (replyKey) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(replyKey);
    } catch {
      // Reported below, with the variable's name.
    }
    const result = replyKeySchema.safeParse(parsed);
    if (!result.success)
      bad(
        'MAILBOX_REPLY_PRIVATE_JWK',
        'muss ein privater RSA-Schlüssel als JWK mit kid sein',
        'must be a private RSA key as a JWK with a kid',
      );
    mailboxReplyKey = result.data as JWK;
  }
  return {
    apiConfigured: api !== undefined,
    useDevelopmentService: api === undefined && options.mode !== 'production',
    api,
    destinations,
    dataKeys,
    developmentService: { host: env.DELIVERY_SERVICE_HOST?.trim() || '127.0.0.1', port },
    callbackSecret,
    mailboxReplyKey,
  };
}
