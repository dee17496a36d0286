import { z } from 'zod';

// Module-level schemas are marked pure so that a bundle importing only core's functions and
// constants (an element) drops them, and classic zod with them.

/**
 * Amtlicher Regionalschlüssel: 12 digits, Land (2) · Regierungsbezirk (1) · Kreis (2) ·
 * Gemeindeverband (4) · Gemeinde (3). Shorter prefixes name the enclosing areas, so they are
 * accepted where a whole area is meant (see `arsLevel`).
 */
export const arsSchema = /* @__PURE__ */ z
  .string()
  .regex(/^(\d{2}|\d{3}|\d{5}|\d{9}|\d{12})$/, { error: 'ars.invalid' })
  .brand<'Ars'>();
export type Ars = z.infer<typeof arsSchema>;

/** Amtlicher Gemeindeschlüssel: 8 digits, Land · Regierungsbezirk · Kreis · Gemeinde. */
export const agsSchema = /* @__PURE__ */ z
  .string()
  .regex(/^\d{8}$/, { error: 'ags.invalid' })
  .brand<'Ags'>();
export type Ags = z.infer<typeof agsSchema>;

/** FIM Leistungsschlüssel (former LeiKa key): 14 digits. */
export const leistungsschluesselSchema = /* @__PURE__ */ z
  .string()
  .regex(/^\d{14}$/, { error: 'leistungsschluessel.invalid' })
  .brand<'Leistungsschluessel'>();
export type Leistungsschluessel = z.infer<typeof leistungsschluesselSchema>;

export const arsLevels = ['land', 'regierungsbezirk', 'kreis', 'gemeindeverband', 'gemeinde'] as const;
export type ArsLevel = (typeof arsLevels)[number];

const lengthByLevel: Record<ArsLevel, number> = {
  land: 2,
  regierungsbezirk: 3,
  kreis: 5,
  gemeindeverband: 9,
  gemeinde: 12,
};

export interface ArsParts {
  land: string;
  regierungsbezirk: string;
  kreis: string;
  gemeindeverband: string;
  gemeinde: string;
}

/** Splits a full 12-digit ARS into its parts (each as written in the key, with leading zeros). */
export function parseArs(value: string): ArsParts {
  const ars = arsSchema.parse(value);
  if (ars.length !== 12) throw new RangeError(`A full ARS has 12 digits, got ${ars.length}`);
  return {
    land: ars.slice(0, 2),
    regierungsbezirk: ars.slice(2, 3),
    kreis: ars.slice(3, 5),
    gemeindeverband: ars.slice(5, 9),
    gemeinde: ars.slice(9, 12),
  };
}

/** The level an ARS prefix names, by its length. */
export function arsLevel(ars: Ars): ArsLevel {
  const level = arsLevels.find((candidate) => lengthByLevel[candidate] === ars.length);
  if (!level) throw new RangeError(`No ARS level has ${ars.length} digits`);
  return level;
}

/** The ARS of the enclosing area at `level` (e.g. the Kreis of a Gemeinde). */
export function arsPrefix(ars: Ars, level: ArsLevel): Ars {
  const length = lengthByLevel[level];
  if (length > ars.length) throw new RangeError(`${ars} is above the level ${level}`);
  return ars.slice(0, length) as Ars;
}

/** True when `inner` lies within (or is) the area `outer`: a prefix test on the key. */
export function arsContains(outer: Ars, inner: Ars): boolean {
  return inner.startsWith(outer);
}

/** AGS of a municipality's ARS: Land, Regierungsbezirk, Kreis and the Gemeinde digits. */
export function arsToAgs(ars: Ars): Ags {
  if (ars.length !== 12) throw new RangeError('Only a municipality ARS (12 digits) has an AGS');
  return `${ars.slice(0, 5)}${ars.slice(9, 12)}` as Ags;
}

/** URN used on the wire by FIT-Connect for a Leistung. */
export function leistungUrn(key: Leistungsschluessel): string {
  return `urn:de:fim:leika:leistung:${key}`;
}
