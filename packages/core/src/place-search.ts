/**
 * The place search contract: what the jurisdiction finder's `jurisdiction.searchPlaces`
 * answers and what other capabilities (the form's address field: postcode → town) may rely on.
 * It lives in core because capabilities never import each other; the finder publishes it
 * from `@efa-kit/jurisdiction-finder/schema` and checks at compile time that its answers conform.
 */
export const placeSearchProcedure = 'jurisdiction.searchPlaces';

export interface PlaceSearchInput {
  /** A postcode (or its first digits) or the beginning of a place name, 1–100 characters. */
  q: string;
  /** At most this many hits, 1–50. */
  limit?: number;
}

export interface PlaceSearchHit {
  /** The 12-digit Amtlicher Regionalschlüssel of the municipality. */
  ars: string;
  /** The municipality's name, e.g. "Pirna, Stadt". */
  name: string;
  /** The postcode that matched, else the municipality's postcodes (the first few). */
  postcodes: readonly string[];
}

/** ARS LL R KK VVVV GGG → AGS LL R KK GGG (the Gemeindeschlüssel, without the Verband digits). */
export function agsOfArs(ars: string): string | undefined {
  return /^\d{12}$/.test(ars) ? ars.slice(0, 5) + ars.slice(9) : undefined;
}
