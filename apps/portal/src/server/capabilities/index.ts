import type { CapabilityModule } from '../capability.js';
import { accountCapability } from './account.js';
import { formCapability } from './form.js';
import { jurisdictionCapability } from './jurisdiction.js';
import { paymentCapability } from './payment.js';
import { submissionCapability } from './submission.js';

/**
 * The capabilities this portal runs, in start-page order. Each is a module in this folder that
 * adapts one package to the portal (see README.md, "Adding a capability").
 */
export const capabilityModules: CapabilityModule[] = [
  jurisdictionCapability,
  accountCapability,
  formCapability,
  paymentCapability,
  // After the finder: its development destinations are one per responsible authority.
  submissionCapability,
];
