import { localizeIssue, messageLookup } from '@efa-kit/core';
import { describe, expect, it } from 'vitest';
import { findItem } from '../schema/index.js';
import { createValidator, validationMessages } from '../validation/index.js';
import { importXDatenfelder } from './import.js';

const lookup = messageLookup(validationMessages);
const path = 'angaben.F99000000001';

/** One XDatenfelder 3.0 field message: FIM name, datentyp, Präzisierung and extra elements. */
const field = (
  name: string,
  datentyp: string,
  praezisierung = '',
  extra = '',
) => `<?xml version="1.0" encoding="UTF-8"?>
<xdf:xdatenfelder.datenfeld.0104 xmlns:xdf="urn:xoev-de:fim:standard:xdatenfelder_3.0.0">
  <xdf:header><xdf:nachrichtID>t</xdf:nachrichtID><xdf:erstellungszeitpunkt>2025-01-01T00:00:00Z</xdf:erstellungszeitpunkt></xdf:header>
  <xdf:datenfeld>
    <xdf:identifikation><xdf:id>F99000000001</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
    <xdf:name>${name}</xdf:name><xdf:freigabestatus><code>6</code></xdf:freigabestatus>
    <xdf:feldart><code>input</code></xdf:feldart><xdf:datentyp><code>${datentyp}</code></xdf:datentyp>
    ${praezisierung === '' ? '' : `<xdf:praezisierung ${praezisierung}/>`}${extra}
  </xdf:datenfeld>
</xdf:xdatenfelder.datenfeld.0104>`;

interface Mapping {
  /** What the mapping is: FIM datentyp and Präzisierung → the kit's kind and check. */
  name: string;
  xml: string;
  kind: string;
  accepts: unknown[];
  /** Values FIM refuses, with the message key the kit says it with. */
  refuses: Array<[unknown, string]>;
}

const pdf = (size: number, mediaType = 'application/pdf') => [{ name: 'a.pdf', size, mediaType }];

/**
 * Every Präzisierung survives the import, also where it is narrower than the kind the importer
 * maps the field to: each value FIM would refuse, the kit refuses, and each it accepts passes.
 */
const mappings: Mapping[] = [
  {
    name: 'text → iban, pattern for German IBANs only: an Austrian IBAN is refused',
    xml: field('IBAN', 'text', 'pattern="DE[0-9]{20}"'),
    kind: 'iban',
    accepts: ['DE89 3704 0044 0532 0130 00'],
    refuses: [
      ['AT61 1904 3002 3457 3201', 'form.iban.country'],
      ['DE88370400440532013000', 'form.iban.checksum'],
    ],
  },
  {
    name: 'text → iban, maxLength 22: a longer (French) IBAN is refused',
    xml: field('IBAN', 'text', 'maxLength="22"'),
    kind: 'iban',
    accepts: ['DE89370400440532013000'],
    refuses: [['FR1420041010050500013M02606', 'form.iban.pattern']],
  },
  {
    name: 'text → email, pattern for one domain',
    xml: field('E-Mail-Adresse', 'text', 'pattern="[^@]+@example\\.org"'),
    kind: 'email',
    accepts: ['erika@example.org'],
    refuses: [
      ['erika@example.com', 'form.text.pattern'],
      ['no-address', 'form.email.invalid'],
    ],
  },
  {
    name: 'text → email, minLength and maxLength',
    xml: field('E-Mail', 'text', 'minLength="8" maxLength="20"'),
    kind: 'email',
    accepts: ['erika@ex.de'],
    refuses: [
      ['a@b.de', 'form.text.tooShort'],
      ['erika.mustermann@example.org', 'form.text.tooLong'],
    ],
  },
  {
    name: 'text_latin → email: only Latin characters, as every address the kind accepts',
    xml: field('E-Mail-Adresse', 'text_latin', 'maxLength="80"'),
    kind: 'email',
    accepts: ['erika@example.org'],
    refuses: [['эрика@example.org', 'form.email.invalid']],
  },
  {
    name: 'text → phone, pattern for German international numbers',
    xml: field('Telefonnummer', 'text', 'pattern="\\+49[0-9 ]+"'),
    kind: 'phone',
    accepts: ['+49 351 1234567'],
    refuses: [
      ['0351 1234567', 'form.text.pattern'],
      ['abc', 'form.phone.invalid'],
    ],
  },
  {
    name: 'text → phone, minLength and maxLength',
    xml: field('Rufnummer', 'text', 'minLength="8" maxLength="12"'),
    kind: 'phone',
    accepts: ['0351 123456'],
    refuses: [
      ['0351 12', 'form.text.tooShort'],
      ['+49 351 1234567', 'form.text.tooLong'],
    ],
  },
  {
    name: 'text → text, postcode pattern [0-9]{5}: four digits hear that five are needed',
    xml: field('Postleitzahl', 'text', 'pattern="[0-9]{5}"'),
    kind: 'text',
    accepts: ['01067'],
    refuses: [
      ['1067', 'form.text.digits'],
      ['0106A', 'form.text.digits'],
    ],
  },
  {
    name: 'text → text, minLength and maxLength',
    xml: field('Aktenzeichen', 'text', 'minLength="2" maxLength="5"'),
    kind: 'text',
    accepts: ['AZ-1'],
    refuses: [
      ['A', 'form.text.tooShort'],
      ['AZ-123', 'form.text.tooLong'],
    ],
  },
  {
    name: 'text_latin → text, DIN SPEC 91379 characters only',
    xml: field('Familienname', 'text_latin', 'maxLength="50"'),
    kind: 'text',
    accepts: ['Müller-Lüdenscheidt'],
    refuses: [['Мюллер', 'form.text.latin']],
  },
  {
    name: 'text → multiline (maxLength above 400), minLength kept',
    xml: field('Begründung', 'text', 'minLength="10" maxLength="1000"'),
    kind: 'multiline',
    accepts: ['Weil es nötig ist.'],
    refuses: [
      ['Kurz', 'form.text.tooShort'],
      ['x'.repeat(1001), 'form.text.tooLong'],
    ],
  },
  {
    name: 'date → date, minValue and maxValue (ISO)',
    xml: field('Beginn', 'date', 'minValue="2025-01-01" maxValue="2025-12-31"'),
    kind: 'date',
    accepts: ['2025-06-30'],
    refuses: [
      ['2024-12-31', 'form.date.tooEarly'],
      ['2026-01-01', 'form.date.tooLate'],
      ['2025-02-29', 'form.date.noSuchDay'],
    ],
  },
  {
    name: 'date → date, bounds written the German way (01.01.2000)',
    xml: field('Geburtsdatum', 'date', 'minValue="01.01.1900" maxValue="31.12.2010"'),
    kind: 'date',
    accepts: ['1980-05-17'],
    refuses: [
      ['1899-12-31', 'form.date.tooEarly'],
      ['2011-01-01', 'form.date.tooLate'],
    ],
  },
  {
    name: 'num_int → integer, minValue and maxValue',
    xml: field('Anzahl', 'num_int', 'minValue="1" maxValue="10"'),
    kind: 'integer',
    accepts: [1, 10],
    refuses: [
      [0, 'form.number.tooSmall'],
      [11, 'form.number.tooLarge'],
      [1.5, 'form.integer.invalid'],
    ],
  },
  {
    name: 'num → decimal, bounds with a decimal comma',
    xml: field('Fläche', 'num', 'minValue="0,5" maxValue="99,5"'),
    kind: 'decimal',
    accepts: [0.5, 99.5],
    refuses: [
      [0.49, 'form.number.tooSmall'],
      [99.51, 'form.number.tooLarge'],
    ],
  },
  {
    name: 'num_currency → money in cents, bounds between cents round inwards',
    xml: field('Betrag', 'num_currency', 'minValue="10.005" maxValue="12.345"'),
    kind: 'money',
    accepts: [1001, 1234],
    refuses: [
      [1000, 'form.money.tooSmall'],
      [1235, 'form.money.tooLarge'],
    ],
  },
  {
    name: 'time → text HH:MM, FIM pattern and minValue/maxValue kept',
    xml: field('Uhrzeit', 'time', 'pattern="[0-9]{2}:[03]0" minValue="08:00" maxValue="18:00"'),
    kind: 'text',
    accepts: ['08:00', '17:30'],
    refuses: [
      ['07:30', 'form.text.before'],
      ['18:30', 'form.text.after'],
      ['08:15', 'form.text.pattern'],
      ['25:00', 'form.text.pattern'],
    ],
  },
  {
    name: 'datetime → text, minValue kept',
    xml: field('Zeitpunkt', 'datetime', 'minValue="2025-01-01T00:00"'),
    kind: 'text',
    accepts: ['2025-03-01T10:15'],
    refuses: [['2024-12-31T23:59', 'form.text.before']],
  },
  {
    name: 'file → file, maxSize and mediaType',
    xml: field(
      'Nachweis',
      'file',
      '',
      '<xdf:maxSize>1000</xdf:maxSize><xdf:mediaType>application/pdf</xdf:mediaType>',
    ),
    kind: 'file',
    accepts: [pdf(1000)],
    refuses: [
      [pdf(1001), 'form.file.tooLarge'],
      [pdf(10, 'image/png'), 'form.file.type'],
    ],
  },
];

describe('FIM fidelity: every Präzisierung survives the import', () => {
  it.each(mappings.map((mapping) => [mapping.name, mapping] as const))('%s', (_name, mapping) => {
    const { definition, warnings } = importXDatenfelder(mapping.xml);
    expect(warnings.filter((w) => w.code !== 'FIM_DATATYPE_APPROXIMATED')).toEqual([]);
    expect(findItem(definition, path)?.item.kind).toBe(mapping.kind);
    const validator = createValidator(definition);
    for (const value of mapping.accepts) {
      expect(validator.validateField(path, value), `accepts ${String(value)}`).toEqual([]);
    }
    for (const [value, key] of mapping.refuses) {
      const issues = validator.validateField(path, value);
      expect(issues[0]?.message, `refuses ${JSON.stringify(value)}`).toBe(key);
      // Every message reads as a sentence in both languages, no placeholder left.
      for (const locale of ['de', 'en'] as const) {
        expect(localizeIssue(issues[0] as never, locale, lookup)).not.toMatch(/\{\w+\}/);
      }
    }
  });

  it('the IBAN case in words: an Austrian IBAN is told the German prefix', () => {
    const validator = createValidator(importXDatenfelder(mappings[0]?.xml ?? '').definition);
    const [issue] = validator.validateField(path, 'AT611904300234573201');
    expect(localizeIssue(issue as never, 'de', lookup)).toBe('Geben Sie eine IBAN an, die mit DE beginnt.');
    expect(localizeIssue(issue as never, 'en', lookup)).toBe('Enter an IBAN that starts with DE.');
  });

  it.each([
    ['date', 'pattern="[0-9-]+"', 'pattern bei datentyp date'],
    ['num', 'pattern="[0-9]+"', 'pattern bei datentyp num'],
    ['num_currency', 'pattern="[0-9]+"', 'pattern bei datentyp num_currency'],
    ['bool', 'pattern="x"', 'pattern bei datentyp bool'],
    ['date', 'maxLength="10"', 'minLength/maxLength bei datentyp date'],
    ['bool', 'minValue="1"', 'minValue/maxValue bei datentyp bool'],
  ])('what FIM does not allow on %s (%s) is listed as a coded warning', (datentyp, praezisierung, detail) => {
    const { warnings } = importXDatenfelder(field('X', datentyp, praezisierung));
    expect(warnings.map((w) => w.code)).toEqual(['FIM_INVALID_COMBINATION']);
    expect(warnings[0]?.message.de).toContain(detail);
  });
});

/** A Datenfeldgruppe G99000000010 with fields F…11, F…12, F…13 and one rule on the group. */
const withRule = (fields: Array<[string, string, string]>, skript: string, freitext = 'Regeltext') => {
  const datenfeld = ([id, name, datentyp]: [
    string,
    string,
    string,
  ]) => `<xdf:struktur><xdf:anzahl>0:1</xdf:anzahl><xdf:enthaelt><xdf:datenfeld>
    <xdf:identifikation><xdf:id>${id}</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
    <xdf:name>${name}</xdf:name><xdf:feldart><code>input</code></xdf:feldart><xdf:datentyp><code>${datentyp}</code></xdf:datentyp>
  </xdf:datenfeld></xdf:enthaelt></xdf:struktur>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<xdf:xdatenfelder.datenfeldgruppe.0103 xmlns:xdf="urn:xoev-de:fim:standard:xdatenfelder_3.0.0">
  <xdf:header><xdf:nachrichtID>t</xdf:nachrichtID><xdf:erstellungszeitpunkt>2025-01-01T00:00:00Z</xdf:erstellungszeitpunkt></xdf:header>
  <xdf:datenfeldgruppe>
    <xdf:identifikation><xdf:id>G99000000010</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
    <xdf:name>Gruppe</xdf:name><xdf:freigabestatus><code>6</code></xdf:freigabestatus>
    <xdf:regel>
      <xdf:identifikation><xdf:id>R99000000001</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
      <xdf:name>Die Regel</xdf:name><xdf:freitextRegel>${freitext}</xdf:freitextRegel><xdf:typ><code>V</code></xdf:typ>
      <xdf:skript>${skript}</xdf:skript>
    </xdf:regel>
    ${fields.map(datenfeld).join('')}
  </xdf:datenfeldgruppe>
</xdf:xdatenfelder.datenfeldgruppe.0103>`;
};

const g = 'G99000000010';
const pair: Array<[string, string, string]> = [
  ['F99000000011', 'Beginn', 'date'],
  ['F99000000012', 'Ende', 'date'],
];

describe('FIM rule shapes mapped into the expression language', () => {
  it('required if: requiredWhen over another field', () => {
    const { definition, warnings } = importXDatenfelder(
      withRule(
        [
          ['F99000000011', 'Listenhund', 'bool'],
          ['F99000000012', 'Wesenstest', 'text'],
        ],
        '{"effect": "requiredWhen", "target": "F99000000012", "condition": {"==": [{"var": "F99000000011"}, true]}}',
      ),
    );
    expect(warnings).toEqual([]);
    const validator = createValidator(definition);
    expect(validator.isRequired(`${g}.F99000000012`, { [g]: { F99000000011: true } })).toBe(true);
    expect(validator.isRequired(`${g}.F99000000012`, { [g]: { F99000000011: false } })).toBe(false);
  });

  it('comparison between fields: validWhen, with the message the script gives', () => {
    const { definition, warnings } = importXDatenfelder(
      withRule(
        pair,
        '{"effect": "validWhen", "target": "F99000000012", "condition": {"&gt;=": [{"value": []}, {"var": "F99000000011"}]}, "message": {"de": "Das Ende darf nicht vor dem Beginn liegen.", "en": "The end must not be before the start."}}',
      ),
    );
    expect(warnings).toEqual([]);
    expect(findItem(definition, `${g}.F99000000012`)?.item).toMatchObject({
      checks: [
        { condition: { '>=': [{ value: [] }, { var: `${g}.F99000000011` }] }, fimRule: 'R99000000001' },
      ],
    });
    const validator = createValidator(definition);
    const data = { [g]: { F99000000011: '2025-05-01', F99000000012: '2025-04-30' } };
    const [issue] = validator.validateField(`${g}.F99000000012`, '2025-04-30', data);
    expect(localizeIssue(issue as never, 'de', lookup)).toBe('Das Ende darf nicht vor dem Beginn liegen.');
    expect(localizeIssue(issue as never, 'en', lookup)).toBe('The end must not be before the start.');
    expect(validator.validateField(`${g}.F99000000012`, '2025-05-01', data)).toEqual([]);
    expect(validator.application.safeParse(data).success).toBe(false);
  });

  it('comparison with a constant, its target named by its own id; the message is the rule text', () => {
    const { definition } = importXDatenfelder(
      withRule(
        [['F99000000011', 'Alter', 'num_int']],
        '{"effect": "validWhen", "target": "F99000000011", "condition": {"&gt;=": [{"var": "F99000000011"}, 18]}}',
        'Antragstellende müssen volljährig sein.',
      ),
    );
    const validator = createValidator(definition);
    const [issue] = validator.validateField(`${g}.F99000000011`, 17, { [g]: { F99000000011: 17 } });
    expect(localizeIssue(issue as never, 'de', lookup)).toBe('Antragstellende müssen volljährig sein.');
  });

  it('value from another field: valueFrom, computed by the validator whatever came in', () => {
    const { definition, warnings } = importXDatenfelder(
      withRule(
        [
          ['F99000000011', 'Wohnort', 'text'],
          ['F99000000012', 'Ort der Haltung', 'text'],
        ],
        '{"effect": "valueFrom", "target": "F99000000012", "value": {"var": "F99000000011"}}',
      ),
    );
    expect(warnings).toEqual([]);
    const result = createValidator(definition).application.safeParse({
      [g]: { F99000000011: 'Pirna', F99000000012: 'Dresden' },
    });
    expect(result.data).toEqual({ [g]: { F99000000011: 'Pirna', F99000000012: 'Pirna' } });
  });

  it.each([
    ['JavaScript', 'function script() { return F99000000011 &lt; F99000000012; }', 'FIM_RULE_NOT_MAPPED'],
    [
      'an effect the kit does not know',
      '{"effect": "setColour", "target": "F99000000012", "condition": true}',
      'FIM_RULE_NOT_MAPPED',
    ],
    [
      'valueFrom mixed with a condition',
      '{"effect": ["valueFrom", "showWhen"], "target": "F99000000012", "value": 1}',
      'FIM_RULE_NOT_MAPPED',
    ],
    [
      'a target not in the schema',
      '{"effect": "validWhen", "target": "F11111111111", "condition": true}',
      'FIM_RULE_TARGET_UNKNOWN',
    ],
    [
      'a field not in the schema',
      '{"effect": "validWhen", "target": "F99000000012", "condition": {"var": "F1"}}',
      'FIM_RULE_TARGET_UNKNOWN',
    ],
    [
      'a check on a group',
      '{"effect": "validWhen", "target": "G99000000010", "condition": true}',
      'FIM_RULE_NOT_MAPPED',
    ],
  ])('the rest stays a listed, coded warning: %s', (_shape, skript, code) => {
    const { definition, warnings } = importXDatenfelder(withRule(pair, skript));
    expect(warnings.map((w) => `${w.code} ${w.fimId}`)).toEqual([`${code} R99000000001`]);
    // Kept as documentation on the group.
    expect(findItem(definition, g)?.item.fim?.rules?.[0]?.id).toBe('R99000000001');
  });
});
