/**
 * Reference numbers for applications (Aktenzeichen the citizen quotes): Crockford base32 with
 * its mod-37 check symbol. The alphabet has no I, L, O, U, so the number survives being read
 * aloud or typed from paper; the check symbol catches every single wrong symbol and every
 * swap of two adjacent ones. Shown grouped ("EFA-7K3M-9QXD-W"), accepted in any case, with or
 * without hyphens, and with the look-alikes I/L → 1 and O → 0 that Crockford prescribes.
 */

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** The 32 symbols plus the five check-only symbols for values 32–36. */
const checkAlphabet = `${alphabet}*~$=U`;
const prefix = 'EFA';
/** 10 symbols × 5 bits = 50 bits: at a million applications a year a collision is a ~1e-9 event. */
export const referenceSymbols = 10;

function numericValue(symbols: string): bigint {
  let value = 0n;
  for (const symbol of symbols) value = value * 32n + BigInt(alphabet.indexOf(symbol));
  return value;
}

function checkSymbol(symbols: string): string {
  return checkAlphabet.charAt(Number(numericValue(symbols) % 37n));
}

/** A new reference number from random bytes (crypto.getRandomValues in browser and Node). */
export function newReferenceNumber(random: (bytes: number) => Uint8Array = defaultRandom): string {
  const bytes = random(referenceSymbols);
  let symbols = '';
  for (const byte of bytes) symbols += alphabet.charAt(byte & 31);
  return formatReference(symbols + checkSymbol(symbols));
}

function defaultRandom(count: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(count));
}

function formatReference(compact: string): string {
  return `${prefix}-${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8)}`;
}

/**
 * The canonical form of a reference the citizen typed, or null when it is not one (wrong
 * length, foreign symbol, wrong check symbol).
 */
export function parseReferenceNumber(input: string): string | null {
  let compact = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  // The prefix is optional, and a reference's own symbols may begin with "EFA" (found by
  // fuzzing, issue 17): strip it only when it is there in addition to the eleven symbols.
  if (compact.length === prefix.length + referenceSymbols + 1 && compact.startsWith(prefix)) {
    compact = compact.slice(prefix.length);
  }
  if (compact.length !== referenceSymbols + 1) return null;
  const symbols = compact.slice(0, referenceSymbols);
  if (![...symbols].every((symbol) => alphabet.includes(symbol))) return null;
  return compact.slice(referenceSymbols) === checkSymbol(symbols) ? formatReference(compact) : null;
}

/**
 * The same machinery for other codes a citizen reads and types (a draft's resume code): `length`
 * random symbols plus the check symbol, grouped by four with hyphens, no prefix. Longer than a
 * reference because such a code is a secret that opens something, not a name for it.
 */
export function newCheckedCode(
  length: number,
  random: (bytes: number) => Uint8Array = defaultRandom,
): string {
  const bytes = random(length);
  let symbols = '';
  for (const byte of bytes) symbols += alphabet.charAt(byte & 31);
  return groupCode(symbols + checkSymbol(symbols));
}

function groupCode(compact: string): string {
  return compact.match(/.{1,4}/g)?.join('-') ?? compact;
}

/**
 * The canonical (grouped, upper-case) form of a code made by `newCheckedCode(length)`, or null
 * when it is none: the same leniency as `parseReferenceNumber` (case, hyphens, spaces, I/L/O).
 */
export function parseCheckedCode(input: string, length: number): string | null {
  if (input.length > length * 3 + 8) return null;
  const compact = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (compact.length !== length + 1) return null;
  const symbols = compact.slice(0, length);
  if (![...symbols].every((symbol) => alphabet.includes(symbol))) return null;
  return compact.slice(length) === checkSymbol(symbols) ? groupCode(compact) : null;
}
