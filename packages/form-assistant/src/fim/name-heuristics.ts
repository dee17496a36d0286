import type { IdentityAttribute } from '../schema/definition.js';

/** A text field the importer gives a special kind, recognised by its names. */
export type TextKind = 'iban' | 'email' | 'phone';

/**
 * What FIM does not say but field names do: which identity attribute prefills a field, which
 * HTML autocomplete token it gets (WCAG 1.3.5 "Identify Input Purpose"), and which text fields
 * are IBANs, e-mail addresses or phone numbers. Data, not code, so that a state
 * can add its own names (`ImportOptions.heuristics`); its entries are tried before these.
 */
export interface NameHeuristics {
  /** Identity attributes for `vorbefuellung`, matched against FIM name and label together. */
  prefill: ReadonlyArray<readonly [RegExp, IdentityAttribute]>;
  /**
   * The parts of an address group (Straße, Hausnummer, Postleitzahl, Ort), matched against the
   * whole FIM name only, so "Geburtsort" or "Ort der Bohrung" stay unmapped.
   */
  addressParts: ReadonlyArray<readonly [RegExp, IdentityAttribute]>;
  /** Autocomplete tokens, matched against the FIM name, then the label. */
  autocomplete: ReadonlyArray<readonly [RegExp, string]>;
  /** Special text kinds, matched against FIM name and label together. */
  textKinds: ReadonlyArray<readonly [RegExp, TextKind]>;
}

export const defaultNameHeuristics: NameHeuristics = {
  prefill: [
    [/geburtsname/i, 'birthName'],
    [/familienname|nachname/i, 'familyName'],
    [/vorname/i, 'givenNames'],
    [/doktorgrad|akademischer grad/i, 'academicTitle'],
    [/geburtsdatum/i, 'birthDate'],
    [/geburtsort/i, 'birthPlace'],
    [/staatsangeh/i, 'nationality'],
    [/e-?mail/i, 'email'],
    [/telefon|rufnummer|mobilfunk/i, 'phone'],
  ],
  addressParts: [
    [/^stra(ß|ss)e$/i, 'addressStreet'],
    [/^hausnummer$/i, 'addressHouseNumber'],
    [/^(postleitzahl|plz)$/i, 'addressPostcode'],
    [/^(ort|wohnort)$/i, 'addressTown'],
  ],
  autocomplete: [
    [/geburtsname/i, 'off'],
    [/familienname|nachname/i, 'family-name'],
    [/vorname/i, 'given-name'],
    [/doktorgrad/i, 'honorific-prefix'],
    [/geburtsdatum/i, 'bday'],
    [/straße|strasse/i, 'address-line1'],
    [/postleitzahl|^plz$/i, 'postal-code'],
    [/^(ort|wohnort)$/i, 'address-level2'],
    [/e-?mail/i, 'email'],
    [/telefon|rufnummer|mobilfunk/i, 'tel'],
    [/^iban$/i, 'off'],
  ],
  textKinds: [
    [/\biban\b/i, 'iban'],
    [/e-?mail/i, 'email'],
    [/telefon|rufnummer|mobilfunk/i, 'phone'],
  ],
};

/** The defaults with a state's own entries first (they win where both match). */
export function withHeuristics(extra: Partial<NameHeuristics> | undefined): NameHeuristics {
  if (extra === undefined) return defaultNameHeuristics;
  const merge = <T>(own: ReadonlyArray<T> | undefined, base: ReadonlyArray<T>) =>
    own === undefined ? base : [...own, ...base];
  return {
    prefill: merge(extra.prefill, defaultNameHeuristics.prefill),
    addressParts: merge(extra.addressParts, defaultNameHeuristics.addressParts),
    autocomplete: merge(extra.autocomplete, defaultNameHeuristics.autocomplete),
    textKinds: merge(extra.textKinds, defaultNameHeuristics.textKinds),
  };
}

/** The value of the first pattern in `table` that matches, remembered in `cache`. */
function firstMatch<T>(
  table: ReadonlyArray<readonly [RegExp, T]>,
  value: string,
  cache: Map<string, T | null>,
): T | undefined {
  const known = cache.get(value);
  if (known !== undefined) return known ?? undefined;
  let found: T | null = null;
  for (const [pattern, result] of table) {
    if (pattern.test(value)) {
      found = result;
      break;
    }
  }
  cache.set(value, found);
  return found ?? undefined;
}

/** The heuristics applied to names; a large schema repeats the same names many times, so answers are kept. */
export class NameMatcher {
  private readonly prefillCache = new Map<string, IdentityAttribute | null>();
  private readonly addressPartCache = new Map<string, IdentityAttribute | null>();
  private readonly autocompleteCache = new Map<string, string | null>();
  private readonly textKindCache = new Map<string, TextKind | null>();

  constructor(private readonly heuristics: NameHeuristics) {}

  /** `name` is FIM name and label together; `fimName` the FIM name alone. */
  prefill(name: string, fimName: string): IdentityAttribute | undefined {
    return (
      firstMatch(this.heuristics.prefill, name, this.prefillCache) ??
      firstMatch(this.heuristics.addressParts, fimName.trim(), this.addressPartCache)
    );
  }

  /** The autocomplete token of the first name (FIM name, then label) that has one. */
  autocomplete(fimName: string, label: string): string | undefined {
    return (
      firstMatch(this.heuristics.autocomplete, fimName.trim(), this.autocompleteCache) ??
      firstMatch(this.heuristics.autocomplete, label.trim(), this.autocompleteCache)
    );
  }

  textKind(name: string): TextKind | 'text' {
    return firstMatch(this.heuristics.textKinds, name, this.textKindCache) ?? 'text';
  }
}
