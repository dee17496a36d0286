import { formError } from './errors.js';

/** What `createFormCapability` takes as `settings`. */
export interface FormEnvConfig {
  /** How long a draft is kept after its last save; undefined: the default (30 days). */
  draftTtlMs: number | undefined;
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Reads the form capability's configuration from environment variables, for apps (packages
 * never read the environment themselves). A bad value throws FORM_CONFIGURATION naming it.
 *
 *   FORM_DRAFT_TTL_DAYS   days a draft is kept after its last save (1 to 365, default 30)
 */
export function formConfigFromEnv(env: NodeJS.ProcessEnv): FormEnvConfig {
  const raw = env.FORM_DRAFT_TTL_DAYS?.trim();
  if (!raw) return { draftTtlMs: undefined };
  const days = Number(raw);
  if (!/^\d+$/.test(raw) || days < 1 || days > 365) {
    throw formError('FORM_CONFIGURATION', {
      variable: 'FORM_DRAFT_TTL_DAYS',
      expectedDe: `muss eine ganze Zahl von Tagen von 1 bis 365 sein, nicht „${raw}“`,
      expectedEn: `must be a whole number of days from 1 to 365, not “${raw}”`,
    });
  }
  return { draftTtlMs: days * dayMs };
}
