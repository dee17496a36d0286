import { z } from 'zod';

/**
 * eIDAS levels of assurance, ordered. BundID-style SAML providers request them as STORK-QAA
 * levels; state accounts (Servicekonto SH) use the eIDAS URIs directly.
 */
export const trustLevels = ['low', 'substantial', 'high'] as const;
// Pure: an element bundle that imports only the functions drops it, and classic zod with it.
export const trustLevelSchema = /* @__PURE__ */ z.enum(trustLevels);
export type TrustLevel = z.infer<typeof trustLevelSchema>;

const storkByLevel: Record<TrustLevel, string> = {
  low: 'STORK-QAA-Level-1',
  substantial: 'STORK-QAA-Level-3',
  high: 'STORK-QAA-Level-4',
};

const eidasUriByLevel: Record<TrustLevel, string> = {
  low: 'http://eidas.europa.eu/LoA/low',
  substantial: 'http://eidas.europa.eu/LoA/substantial',
  high: 'http://eidas.europa.eu/LoA/high',
};

export function trustLevelRank(level: TrustLevel): number {
  return trustLevels.indexOf(level);
}

/** True when `actual` is at least `required`. */
export function satisfiesTrustLevel(actual: TrustLevel, required: TrustLevel): boolean {
  return trustLevelRank(actual) >= trustLevelRank(required);
}

export function toStorkQaa(level: TrustLevel): string {
  return storkByLevel[level];
}

export function toEidasUri(level: TrustLevel): string {
  return eidasUriByLevel[level];
}

/**
 * Reads a level from any of the spellings providers send: eIDAS URI, STORK-QAA level
 * (STORK-QAA-Level-2 counts as low: it is below the substantial threshold), or the bare word.
 * Unknown values give `undefined`, never a guess.
 */
export function parseTrustLevel(value: string): TrustLevel | undefined {
  const normalised = value.trim();
  for (const level of trustLevels) {
    if (normalised === level || normalised === storkByLevel[level] || normalised === eidasUriByLevel[level]) {
      return level;
    }
  }
  if (normalised === 'STORK-QAA-Level-2') return 'low';
  return undefined;
}
