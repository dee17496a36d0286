/**
 * Patterns from a definition (FIM Präzisierung), compiled once, and what simple ones mean in
 * words: "[0-9]{5}" is five digits, so a four-digit postcode hears that five are needed
 * instead of "not the expected format".
 */
const compiled = new Map<string, RegExp>();

/** The whole value must match (anchors implied), as in HTML's pattern attribute. */
export function wholeMatch(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    regex = new RegExp(`^(?:${pattern})$`, 'u');
    if (compiled.size < 10_000) compiled.set(pattern, regex);
  }
  return regex;
}

/** How many digits a digits-only pattern asks for ("[0-9]{5}", "\d{4,5}", "[0-9]+"), if it is one. */
export function digitsOf(pattern: string): { min: number; max?: number } | undefined {
  const match = /^(?:\[0-9\]|\\d)(?:\{(\d+)(?:,(\d*))?\}|(\+))$/.exec(pattern.trim());
  if (!match) return undefined;
  if (match[3] === '+') return { min: 1 };
  const min = Number(match[1]);
  if (match[2] === undefined) return { min, max: min };
  return match[2] === '' ? { min } : { min, max: Number(match[2]) };
}

/** The country codes a pattern over IBANs starts with ("DE…", "(DE|AT)…"), if it names them. */
export function ibanCountriesOf(pattern: string): string[] | undefined {
  const match = /^\^?(?:\(\?:|\()?([A-Z]{2}(?:\|[A-Z]{2})*)\)?/.exec(pattern.trim());
  if (!match?.[1]) return undefined;
  return match[1].split('|');
}
