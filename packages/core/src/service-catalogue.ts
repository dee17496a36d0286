import { z } from 'zod';
import type { Locale } from './i18n.js';
import { type Leistungsschluessel, leistungsschluesselSchema } from './identifiers.js';
import { type TrustLevel, trustLevelSchema } from './trust-level.js';

/**
 * A service (Leistung) as a portal offers it online, defined once: the one Leistungsschlüssel
 * every capability addresses it by, its form, its fee schedule entry, the trust level its
 * login must reach and how its destination (the authority's FIT-Connect Zustellpunkt) is
 * found. Capabilities never import each other; the app composes them through this shape.
 */
export interface EfaService {
  leikaKey: Leistungsschluessel;
  name: Readonly<Record<Locale, string>>;
  /** The form assistant's form id. */
  formId: string;
  /** The portal page where the online service starts (the finder links there). */
  path: string;
  /** The login level needed to submit; "low" lets a citizen submit without verified data. */
  trustLevel: TrustLevel;
  /** The payment capability's fee schedule id; absent when the service is free of charge. */
  feeScheduleId?: string;
  destination: ServiceDestinationRule;
}

/**
 * How a submission's destination is found. `fixed`: one Zustellpunkt for everyone. `by-authority`:
 * the responsible authority (the finder's answer for the applicant's place, computed on the
 * server, never taken from the browser) selects it, as FIT-Connect routing does by Leistung and ARS.
 */
export type ServiceDestinationRule =
  | { kind: 'fixed'; destinationId: string }
  | { kind: 'by-authority'; destinations: Readonly<Record<string, string>> };

const localized = /* @__PURE__ */ z.object({
  de: z.string().min(1).max(200),
  en: z.string().min(1).max(200),
});
const destinationIdSchema = /* @__PURE__ */ z.uuid();

// Pure: element bundles that import core's functions drop it (and classic zod with it).
export const efaServiceSchema = /* @__PURE__ */ z.object({
  leikaKey: leistungsschluesselSchema,
  name: localized,
  formId: z.string().min(1).max(100),
  path: z.string().regex(/^\/[a-z0-9/-]{1,200}$/),
  trustLevel: trustLevelSchema,
  feeScheduleId: z.string().min(14).max(64).optional(),
  destination: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('fixed'), destinationId: destinationIdSchema }),
    z.object({
      kind: z.literal('by-authority'),
      destinations: z.record(z.string().min(1).max(200), destinationIdSchema),
    }),
  ]),
});

/** The services a portal offers, looked up by Leistungsschlüssel or by form id. */
export interface ServiceCatalogue {
  readonly services: readonly EfaService[];
  byLeikaKey(key: string): EfaService | undefined;
  byFormId(formId: string): EfaService | undefined;
}

/**
 * Checks the catalogue once at start-up: a broken entry, a key or form used twice, stops the
 * server instead of misrouting a citizen's application.
 */
export function defineServiceCatalogue(input: readonly EfaService[]): ServiceCatalogue {
  const services = input.map((service) => efaServiceSchema.parse(service) as EfaService);
  const byKey = new Map<string, EfaService>();
  const byForm = new Map<string, EfaService>();
  for (const service of services) {
    if (byKey.has(service.leikaKey))
      throw new RangeError(`Leistungsschlüssel ${service.leikaKey} appears twice`);
    if (byForm.has(service.formId)) throw new RangeError(`Form ${service.formId} belongs to two services`);
    byKey.set(service.leikaKey, service);
    byForm.set(service.formId, service);
  }
  return {
    services,
    byLeikaKey: (key) => byKey.get(key),
    byFormId: (formId) => byForm.get(formId),
  };
}

/** The destination for an application, or undefined when the authority has none for the service. */
export function destinationFor(service: EfaService, authorityId: string | null): string | undefined {
  if (service.destination.kind === 'fixed') return service.destination.destinationId;
  return authorityId === null ? undefined : service.destination.destinations[authorityId];
}

export type { Leistungsschluessel };
