/**
 * Text normalisation for search. People type "Fuehrerschein", "fuhrerschein", "Straße" or
 * "Strasse"; German writes compounds as one word ("Hundesteuer") where a search term may be
 * two ("Hund anmelden"). Index and query go through the same steps, so they meet.
 */

/** Lower case, umlauts as ae/oe/ue, ß as ss, other diacritics dropped (Budyšin → budysin). */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Words of letters and digits, after normalisation. */
export function words(text: string): string[] {
  return normalize(text)
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

const suffixes = ['ungen', 'ung', 'en', 'er', 'es', 'e', 'n', 's'];

/**
 * A light German stemmer: strips one inflection suffix from words of six or more letters, so
 * "Anmeldung", "anmelden" and "Anmelde…" share "anmeld". Deliberately crude (no Snowball): it
 * only has to make query and index agree, and it must not merge unrelated short words.
 */
export function stem(word: string): string {
  if (word.length < 6 || /^\d+$/.test(word)) return word;
  for (const suffix of suffixes) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) return word.slice(0, -suffix.length);
  }
  return word;
}

/** Linking elements (Fugenelemente) between parts of a compound: Hund·e·steuer, Geburt·s·urkunde. */
const linkers = ['', 's', 'e', 'n', 'en', 'es', 'er'];
/** When the tail is unknown, which linker to believe first ("hundesteuer": e, not es). */
const fallbackLinkers = ['e', 's', '', 'n', 'en', 'er', 'es'];

/**
 * Splits a compound into parts ("hundesteuer" → ["hund", "steu"]), longest known head first.
 * A split needs a head the vocabulary knows (four letters or more; exact words before stems);
 * parts the vocabulary also knows are preferred, else the tail is kept as a stem of four
 * letters or more. Returns [] when the word is not such a compound.
 */
export function decompound(word: string, vocabulary: ReadonlySet<string>, depth = 0): string[] {
  if (depth > 3 || word.length < 7 || /^\d+$/.test(word)) return [];
  const known = (part: string) => vocabulary.has(part) || vocabulary.has(stem(part));
  for (const exactHead of [true, false]) {
    let fallback: string[] = [];
    for (let cut = word.length - 3; cut >= 4; cut -= 1) {
      const head = word.slice(0, cut);
      if (exactHead ? !vocabulary.has(head) : vocabulary.has(head) || !vocabulary.has(stem(head))) continue;
      const headTerm = exactHead ? head : stem(head);
      for (const linker of linkers) {
        if (!word.startsWith(linker, cut)) continue;
        const tail = word.slice(cut + linker.length);
        if (tail.length < 3) continue;
        if (known(tail)) return [headTerm, stem(tail)];
        const rest = decompound(tail, vocabulary, depth + 1);
        if (rest.length > 0) return [headTerm, ...rest];
      }
      if (fallback.length > 0) continue;
      for (const linker of fallbackLinkers) {
        const tail = word.slice(cut + linker.length);
        if (word.startsWith(linker, cut) && tail.length >= 4) {
          fallback = [headTerm, stem(tail)];
          break;
        }
      }
    }
    if (fallback.length > 0) return fallback;
  }
  return [];
}

/**
 * The terms one word becomes in the index and in queries: its stem, plus the parts of a
 * compound when the vocabulary knows them.
 */
export function termsOf(word: string, vocabulary: ReadonlySet<string>): string[] {
  const normalized = normalize(word);
  if (normalized.length === 0) return [];
  const base = stem(normalized);
  const parts = decompound(normalized, vocabulary);
  return parts.length > 0 ? [base, ...parts.filter((part) => part !== base)] : [base];
}
