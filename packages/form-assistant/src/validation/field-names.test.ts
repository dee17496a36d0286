import { describe, expect, it } from 'vitest';
import type { ValueField } from '../schema/definition.js';
import { namedParams } from './field-names.js';

const field = (kind: ValueField['kind'], de: string, en?: string, extra: Partial<ValueField> = {}) =>
  ({ kind, id: 'x', label: en === undefined ? { de } : { de, en }, ...extra }) as ValueField;

describe('how a message names a field (GOV.UK: "Enter your first name")', () => {
  it.each([
    // The applicant's own data: possessive.
    [
      field('text', 'Vorname', 'First name', { autocomplete: 'given-name' }),
      'Ihren Vornamen',
      'your first name',
    ],
    [
      field('date', 'Geburtsdatum', 'Date of birth', { prefill: { attribute: 'birthDate' } }),
      'Ihr Geburtsdatum',
      'your date of birth',
    ],
    [
      field('email', 'E-Mail-Adresse', 'Email address', { autocomplete: 'email' }),
      'Ihre E-Mail-Adresse',
      'your email address',
    ],
    // Gender from the compound's last part, article otherwise.
    [field('text', 'Postleitzahl', 'Postcode'), 'die Postleitzahl', 'the postcode'],
    [field('decimal', 'Wohnfläche', 'Living space'), 'die Wohnfläche', 'the living space'],
    [field('text', 'Aktenzeichen', 'File number'), 'das Aktenzeichen', 'the file number'],
    [field('money', 'Heizkosten', 'Heating costs'), 'die Heizkosten', 'the heating costs'],
    [field('iban', 'IBAN', 'IBAN'), 'die IBAN', 'the IBAN'],
    // A noun with what belongs to it; a note in brackets stays.
    [field('text', 'Name des Hundes', 'Name of the dog'), 'den Namen des Hundes', 'the name of the dog'],
    [
      field('integer', 'Ostwert (ETRS89/UTM Zone 33N)', 'Easting (ETRS89/UTM zone 33N)'),
      'den Ostwert (ETRS89/UTM Zone 33N)',
      'the easting (ETRS89/UTM zone 33N)',
    ],
    // Several words the table cannot read: the label quoted, with what kind of answer it is.
    [field('date', 'Gehalten seit', 'Kept since'), 'das Datum „Gehalten seit“', 'the date “Kept since”'],
    [
      field('money', 'davon Heizkosten', 'of which heating costs'),
      'den Betrag „davon Heizkosten“',
      'the amount “of which heating costs”',
    ],
    [
      field('choice', 'Rasse oder Kreuzung', 'Breed or cross'),
      'eine Antwort zu „Rasse oder Kreuzung“',
      'an answer to “Breed or cross”',
    ],
    [field('text', 'Flur'), '„Flur“', '“Flur”'],
  ])('%#: %o', (input, de, en) => {
    expect(namedParams(input)).toEqual({ what: de, whatEn: en });
  });
});
