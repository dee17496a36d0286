import { type TrustedProxies, trustedProxiesSchema } from '@efa-kit/core/server';
import { z } from 'zod';

/**
 * The portal's configuration, from environment variables only (documented in README.md).
 * Capability packages read their own variables through their `…ConfigFromEnv(env)` helpers.
 */
const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z.string().optional(),
  PORTAL_THEME: z.enum(['neutral', 'sachsen', 'schleswig-holstein']).default('sachsen'),
  PORTAL_NAME: z.string().max(80).default('Serviceportal (Demo)'),
  ALLOWED_ORIGINS: z.string().optional(),
  /**
   * Origins whose pages embed the elements and call this portal's routers across origins (a
   * municipality's CMS: the EfA operating model), comma-separated; CORS is off without it.
   */
  CORS_ORIGINS: z.string().optional(),
  STATIC_DIR: z.string().optional(),
  /**
   * "development" starts the development services (identity provider, payment simulator) where
   * no real provider is configured, and shows a banner on every page while they run. Anything
   * else is production: a missing provider is a configuration error. `npm start` asks for it.
   */
  PORTAL_MODE: z.enum(['development', 'production']).default('production'),
  /** Most tRPC calls in one batched request. */
  TRPC_MAX_BATCH: z.coerce.number().int().min(1).max(100).default(10),
  /** Rate-limit points per client and window (mutations and costly queries spend them). */
  RATE_LIMIT_POINTS: z.coerce.number().int().min(1).default(120),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /**
   * The load balancers and reverse proxies in front of this server (addresses and CIDR ranges,
   * comma-separated): only from them is X-Forwarded-For believed, so that rate limits count
   * per citizen, not per balancer. Empty by default: the direct peer is the client.
   */
  TRUSTED_PROXIES: trustedProxiesSchema,
});

export interface PortalConfig {
  port: number;
  host: string;
  publicUrl: URL;
  databaseUrl: string | undefined;
  theme: 'neutral' | 'sachsen' | 'schleswig-holstein';
  name: string;
  allowedOrigins: string[];
  /** CORS_ORIGINS: origins allowed to call the routers cross-origin with credentials. */
  corsOrigins: string[];
  staticDir: string | undefined;
  /** Whether development services may start (see PORTAL_MODE). */
  mode: 'development' | 'production';
  maxBatchSize: number;
  rateLimit: { points: number; durationSeconds: number };
  /** TRUSTED_PROXIES: whose X-Forwarded-For names the client (default: nobody's). */
  trustedProxies?: TrustedProxies;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function readConfig(env: NodeJS.ProcessEnv): PortalConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const value = parsed.data;
  const publicUrl = new URL(value.PUBLIC_URL ?? `http://localhost:${value.PORT}`);
  return {
    port: value.PORT,
    host: value.HOST,
    publicUrl,
    databaseUrl: value.DATABASE_URL,
    theme: value.PORTAL_THEME,
    name: value.PORTAL_NAME,
    allowedOrigins: (value.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    corsOrigins: (value.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    staticDir: value.STATIC_DIR,
    mode: value.PORTAL_MODE,
    maxBatchSize: value.TRPC_MAX_BATCH,
    rateLimit: { points: value.RATE_LIMIT_POINTS, durationSeconds: value.RATE_LIMIT_WINDOW_SECONDS },
    trustedProxies: value.TRUSTED_PROXIES,
  };
}
