import type { ValueField } from '../schema/definition.js';

/**
 * How an error message names a field, GOV.UK style ("Geben Sie Ihren Vornamen ein", "Enter
 * your first name"): the label as the object of the sentence, in the accusative with article
 * or possessive. German needs the noun's gender; the last part of a compound decides it
 * ("Postleit|zahl" is feminine), so a table of endings covers most labels of public forms.
 * A label the table does not cover is quoted instead ("Machen Sie eine Angabe zu „…“").
 */
export interface FieldNames {
  /** German object phrase ("Ihren Vornamen", "die Postleitzahl"); undefined: quote the label. */
  de?: string;
  en?: string;
  /** The labels, for the quoting messages. */
  labelDe: string;
  labelEn: string;
}

type Gender = 'm' | 'f' | 'n' | 'pl';

/**
 * Endings of German nouns by gender (as words, since this table ships to the browser); the
 * longest matching ending wins, so "…inhaberin" is feminine although "…inhaber" is masculine.
 */
const endingsByGender: Record<Gender, string> = {
  m: 'name ort wert betrag grund inhaber zeitraum monat beruf titel grad zweck vertrag nachweis stand code schlüssel beitrag arbeitgeber',
  f: 'inhaberin staatsangehörigkeit zahl nummer adresse straße strasse anschrift iban bic fläche miete höhe bezeichnung farbe rasse gemeinde stadt uhrzeit summe dauer erlaubnis begründung beschreibung e-mail frist größe menge tiefe länge kennung gemarkung schutzzone heizung art',
  n: 'datum geschlecht zeichen land jahr einkommen vermögen konto stück alter gewicht gebiet objekt dokument foto',
  pl: 'kosten angaben einnahmen gebühren daten vornamen',
};
const endings: ReadonlyArray<readonly [string, Gender]> = (Object.keys(endingsByGender) as Gender[])
  .flatMap((gender) => endingsByGender[gender].split(' ').map((ending) => [ending, gender] as const))
  .sort((a, b) => b[0].length - a[0].length);

/** Words that may follow the head noun and keep the phrase a noun phrase ("Name des Hundes"). */
const attachments = new Set('des der für von vom zur zum im am mit laut bei'.split(' '));

const articles: Record<Gender, string> = { m: 'den', f: 'die', n: 'das', pl: 'die' };
const possessives: Record<Gender, string> = { m: 'Ihren', f: 'Ihre', n: 'Ihr', pl: 'Ihre' };

/** Autocomplete tokens of the applicant's own data: their fields say "Ihr…" / "your …". */
const personalTokens = new Set(
  'name given-name family-name honorific-prefix bday email tel street-address address-line1 postal-code address-level2 country-name'.split(
    ' ',
  ),
);

function genderOf(word: string): Gender | undefined {
  const lower = word.toLowerCase();
  for (const [ending, gender] of endings) if (lower.endsWith(ending)) return gender;
  return undefined;
}

/** The German head noun in the accusative: weak masculine nouns on -e take -n ("Namen"). */
function accusative(word: string, gender: Gender): string {
  return gender === 'm' && word.endsWith('e') ? `${word}n` : word;
}

function germanPhrase(label: string, personal: boolean): { phrase: string; possessive: boolean } | undefined {
  const match = /^([A-ZÄÖÜ][\p{L}-]*)((?:\s+\S+)*?)(\s*\([^)]*\))?$/u.exec(label.trim());
  if (!match) return undefined;
  const [, head = '', rest = '', note = ''] = match;
  const gender = genderOf(head);
  if (gender === undefined) return undefined;
  const words = rest.trim() === '' ? [] : rest.trim().split(/\s+/);
  if (words.length > 0 && !attachments.has(words[0] as string)) return undefined;
  // Possessive only for the applicant's own single-noun fields ("Ihren Vornamen").
  const possessive = personal && words.length === 0;
  const determiner = possessive ? possessives[gender] : articles[gender];
  return { phrase: `${determiner} ${accusative(head, gender)}${rest}${note}`, possessive };
}

const questionStart =
  /^(is|are|do|does|did|have|has|can|could|should|will|would|which|what|how|where|when|who|i)\b/i;

function englishPhrase(label: string, possessive: boolean): string | undefined {
  const trimmed = label.trim();
  if (trimmed.includes('?') || !/^[A-Z]/.test(trimmed) || questionStart.test(trimmed)) return undefined;
  if (trimmed.split(/\s+/).length > 8) return undefined;
  // "IBAN", "BIC" stay as they are; other first words are lowered ("Postcode" → "postcode").
  const first = /^[A-Z]{2}/.test(trimmed) ? trimmed : `${trimmed.charAt(0).toLowerCase()}${trimmed.slice(1)}`;
  if (/^(your|the|a|an)\s/i.test(first)) return first;
  return `${possessive ? 'your' : 'the'} ${first}`;
}

const cache = new WeakMap<ValueField, FieldNames>();

export function fieldNames(field: ValueField): FieldNames {
  let names = cache.get(field);
  if (names === undefined) {
    const personal = field.prefill !== undefined || personalTokens.has(field.autocomplete ?? '');
    const labelDe = field.label.de.trim();
    const labelEn = (field.label.en ?? field.label.de).trim();
    names = { labelDe, labelEn };
    const de = germanPhrase(labelDe, personal);
    // English follows German ("Ihr…" is "your …"): a label German cannot name is quoted in both.
    const en = de === undefined ? undefined : englishPhrase(labelEn, de.possessive);
    if (de !== undefined && en !== undefined) {
      names.de = de.phrase;
      names.en = en;
    }
    cache.set(field, names);
  }
  return names;
}

/** What a label is when the table cannot name it: "das Datum „Gehalten seit“". */
const fallbackNouns: Partial<Record<ValueField['kind'], readonly [string, string]>> = {
  date: ['das Datum', 'the date'],
  money: ['den Betrag', 'the amount'],
  integer: ['die Zahl', 'the number'],
  decimal: ['die Zahl', 'the number'],
  choice: ['eine Antwort zu', 'an answer to'],
  multiChoice: ['eine Antwort zu', 'an answer to'],
  file: ['eine Datei für', 'a file for'],
};

/** The field as the object of a message (`{what}`, `{whatEn}`): named, or its label quoted. */
export function namedParams(field: ValueField): { what: string; whatEn: string } {
  const names = fieldNames(field);
  if (names.de !== undefined && names.en !== undefined) return { what: names.de, whatEn: names.en };
  const [de, en] = fallbackNouns[field.kind] ?? ['', ''];
  return {
    what: `${de === '' ? '' : `${de} `}„${names.labelDe}“`,
    whatEn: `${en === '' ? '' : `${en} `}“${names.labelEn}”`,
  };
}
