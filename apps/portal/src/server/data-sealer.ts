import { createDataSealer, type DataSealer, parseDataKeyRing } from '@efa-kit/core/server';
import type { PortalConfig } from './config.js';
import { developmentDataKeys, developmentSecrets } from './development-secrets.js';
import { portalError } from './errors.js';

const sealers = new WeakMap<PortalConfig, DataSealer>();

/**
 * The one sealer for personal data at rest (uploads, applications waiting for delivery,
 * receipts), shared by the capabilities of a portal: EFA_DATA_KEYS, or in development mode a
 * ring kept with the development secrets. In production a missing ring stops the start.
 */
export function portalDataSealer(config: PortalConfig, env: NodeJS.ProcessEnv): DataSealer {
  const existing = sealers.get(config);
  if (existing) return existing;
  const configured = env.EFA_DATA_KEYS?.trim();
  let sealer: DataSealer;
  if (configured) {
    try {
      sealer = createDataSealer(parseDataKeyRing(configured));
    } catch (error) {
      throw portalError('PORTAL_DATA_KEYS', { reason: (error as Error).message });
    }
  } else if (config.mode === 'development') {
    sealer = createDataSealer(developmentDataKeys(developmentSecrets(config, env)));
  } else {
    throw portalError('PORTAL_CONFIGURATION', { capability: 'data at rest', variables: 'EFA_DATA_KEYS' });
  }
  sealers.set(config, sealer);
  return sealer;
}
