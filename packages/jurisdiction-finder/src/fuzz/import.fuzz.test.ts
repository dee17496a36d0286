import { isEfaError } from '@efa-kit/core';
import { applyEdits, codedOutcome, fuzzProperty, fuzzTimeout, withinBudget } from '@efa-kit/core/testing';
import { textEdits, xmlTokens } from '@efa-kit/core/testing/fuzz-arbitraries';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv, parseCsvRows } from '../server/csv.js';
import { csvTemplateColumns, parseCsvTemplate } from '../server/csv-template.js';
import { parseServicesCsv } from '../server/services-csv.js';
import { parseXzufi } from '../server/xzufi.js';
import { fixtureXzufi, malformedXzufi } from '../testing/xzufi-samples.js';

// Issue 17: XZuFi and CSV imports come from operators' exports. Arbitrary text and mutated
// real samples must import or be refused with a coded JURISDICTION_IMPORT_… error, in budget.

const knownArea = (ars: string) => /^\d{12}$/.test(ars) && !ars.startsWith('99');
const options = { file: 'fuzz', knownArea, existingService: () => undefined, existingAuthority: () => false };
const xzufiSamples = [fixtureXzufi, ...Object.values(malformedXzufi)];

function checkCoded(step: () => unknown) {
  const outcome = codedOutcome(() => withinBudget(step));
  if (!outcome.ok && isEfaError(outcome.error)) expect(outcome.error.code).toMatch(/^JURISDICTION_IMPORT_/);
}

const row = (fields: Record<string, string>) => csvTemplateColumns.map((c) => fields[c] ?? '').join(';');
const templateSample = `${csvTemplateColumns.join(';')}\n${row({
  behoerde_id: 'dd.OE.test',
  behoerde_name: 'Bürgeramt Altstadt (Test)',
  strasse: 'Theaterstraße',
  hausnummer: '11',
  plz: '01067',
  ort: 'Dresden',
  oeffnungszeiten: '"Mo-Fr 08:00-18:00; 2026-12-24 geschlossen"',
  leistung: '99102013104000',
  gebiet: '146120000000',
  email: 'buergeramt@example.org',
})}\n`;
const servicesSample = [
  'Leistungsschlüssel;Bezeichnung;Synonyme;Beschreibung;Ebene',
  '99102013104000;Hundesteuer Anmeldung;Hundemarke beantragen;Anmeldung eines Hundes zur Steuer.;',
  '99999999999001;Fischereischein beantragen;Angelschein|Angeln;Für das Angeln in Gewässern.;kreis',
].join('\n');
const csvTokens = [
  '"',
  '""',
  ';',
  ',',
  '\n',
  '\r\n',
  '\r',
  '\uFEFF',
  '99102013104000',
  '146120000000',
  'Mo-Fr 25:00-99:99',
  '',
  '\u0000',
];

describe('fuzz: XZuFi import (issue 17)', () => {
  it('regression: a character reference beyond U+10FFFF is refused with a code, not a RangeError', () => {
    // Found by the 100,000-run fuzz: "&#x110000;" in gebietID threw from String.fromCodePoint.
    for (const reference of ['&#x110000;', '&#99999999;']) {
      const xml = fixtureXzufi.replace('<xzufi:gebietID>', `<xzufi:gebietID>${reference}`);
      const outcome = codedOutcome(() => parseXzufi(xml, options));
      expect(outcome.ok).toBe(false);
    }
  });

  it('regression: a broken XML declaration is refused with a code, not thrown by the parser', () => {
    // Found by the 100,000-run fuzz: "Pi Tag is not closed." escaped as a plain Error.
    const broken = fixtureXzufi.replace('<?xml version="1.0"', '<?xml versi1.0"');
    const outcome = codedOutcome(() => parseXzufi(broken, options));
    if (outcome.ok) throw new Error('the broken declaration was accepted');
    expect(isEfaError(outcome.error) && outcome.error.code).toBe('JURISDICTION_IMPORT_INVALID');
  });

  it(
    'arbitrary text and mutated samples: parsed data or a coded JURISDICTION_IMPORT_ error',
    async () => {
      await fuzzProperty('jurisdiction-finder', 'XZuFi parse arbitrary + mutated', (runs) =>
        fc.assert(
          fc.property(
            fc.oneof(
              fc
                .tuple(fc.constantFrom(...xzufiSamples), textEdits(xmlTokens))
                .map(([s, e]) => applyEdits(s, e)),
              fc.string({ maxLength: 300 }),
            ),
            (xml) => checkCoded(() => parseXzufi(xml, options)),
          ),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );

  it(
    'character references anywhere in text: parsed or refused with a code, never a RangeError',
    async () => {
      await fuzzProperty('jurisdiction-finder', 'XZuFi character references', (runs) =>
        fc.assert(
          fc.property(
            fc.oneof(
              fc.integer({ min: 0, max: 0x7fffffff }).map((n) => `&#${n};`),
              fc.integer({ min: 0, max: 0x7fffffff }).map((n) => `&#x${n.toString(16)};`),
            ),
            (reference) =>
              checkCoded(() => parseXzufi(fixtureXzufi.replace(/(<xzufi:name>)/, `$1${reference}`), options)),
          ),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );

  it(
    'a DTD anywhere before the root is refused',
    async () => {
      await fuzzProperty('jurisdiction-finder', 'XZuFi DTD refused', (runs) =>
        fc.assert(
          fc.property(
            fc.constantFrom(
              '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
              '<!doctype x [<!ENTITY a "b">]>',
              '<!DOCTYPE x SYSTEM "http://attacker.example/e.dtd">',
            ),
            fc.constantFrom('', '\n', '<!-- c -->'),
            (dtd, before) => {
              const xml = fixtureXzufi.replace(/\?>/, `?>${before}${dtd}`);
              const outcome = codedOutcome(() => parseXzufi(xml, options));
              expect(outcome.ok).toBe(false);
            },
          ),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );
});

describe('fuzz: CSV imports (issue 17)', () => {
  it(
    'the operator template and the service catalogue, arbitrary and mutated: data or a coded error',
    async () => {
      await fuzzProperty('jurisdiction-finder', 'CSV imports arbitrary + mutated', (runs) =>
        fc.assert(
          fc.property(
            fc.oneof(
              fc
                .tuple(fc.constantFrom(templateSample, servicesSample), textEdits(csvTokens))
                .map(([s, e]) => applyEdits(s, e)),
              fc.string({ maxLength: 300 }),
            ),
            (text) => {
              checkCoded(() => parseCsvTemplate(text, options));
              checkCoded(() => parseServicesCsv(text, { file: 'fuzz', existingService: () => undefined }));
            },
          ),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );

  it(
    'the reader refuses only with CsvSyntaxError',
    async () => {
      await fuzzProperty('jurisdiction-finder', 'CSV reader arbitrary', (runs) =>
        fc.assert(
          fc.property(
            fc.string({ unit: fc.constantFrom('"', ',', ';', '\n', '\r', 'a', ' '), maxLength: 200 }),
            (text) => {
              codedOutcome(
                () => withinBudget(() => parseCsv(text)),
                (error) => error instanceof CsvSyntaxError,
              );
            },
          ),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );

  it(
    'round trip: rows written as RFC 4180 (all quoted, or quoted where needed) read back unchanged',
    async () => {
      const cell = fc.string({
        unit: fc.constantFrom('a', 'ß', ' ', '"', ';', ',', '\n', '\r', 'x'),
        maxLength: 8,
      });
      await fuzzProperty('jurisdiction-finder', 'CSV write → read round trip', (runs) =>
        fc.assert(
          fc.property(
            fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
            fc.boolean(),
            fc.boolean(),
            (rows, allQuoted, crlf) => {
              const quote = (field: string, only: boolean) =>
                allQuoted || only || /[",;\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
              const text = rows
                .map((fields) => fields.map((f) => quote(f, fields.length === 1 && f === '')).join(';'))
                .join(crlf ? '\r\n' : '\n');
              expect(parseCsvRows(text, ';').map((r) => r.fields)).toEqual(rows);
            },
          ),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );
});
