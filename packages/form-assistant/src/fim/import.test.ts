import { readFileSync } from 'node:fs';
import { isEfaError } from '@efa-kit/core';
import { describe, expect, it } from 'vitest';
import { findItem } from '../schema/index.js';
import { createValidator } from '../validation/index.js';
import { parseGenericode } from './genericode.js';
import { importXDatenfelder } from './import.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');
const codes = (result: ReturnType<typeof importXDatenfelder>) =>
  result.warnings.map((w) => `${w.code} ${w.fimId}`);

function errorCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isEfaError(error) ? error.code : String(error);
  }
  return undefined;
}

describe('XDatenfelder import: the real samples', () => {
  it('xdf2 Stammdatenschema with group and field: lengths from the JSON praezisierung', () => {
    const result = importXDatenfelder(fixture('xdatenfelder/xdf2-stammdatenschema-gruppe-feld.xml'));
    expect(result.source).toEqual({
      xdfVersion: '2.0',
      message: 'stammdatenschema',
      nachrichtID: 'abcd1234',
    });
    const { definition } = result;
    expect(definition.id).toBe('fim-t1234');
    expect(definition.fim).toMatchObject({ id: 'T1234', version: '1.0', xdfVersion: '2.0' });
    expect(definition.steps.map((s) => s.title.de)).toEqual(['Natürliche Person']);
    expect(findItem(definition, 'G00000082.F60000227')?.item).toMatchObject({
      kind: 'text',
      label: { de: 'Familienname' },
      hint: { de: 'Hilfe Eingabe' },
      required: true,
      minLength: 1,
      maxLength: 120,
      autocomplete: 'family-name',
      fim: { id: 'F60000227', version: '1.1', legalBasis: ['Ein Bezug'] },
    });
    // The schema-level rule is documentation (a JavaScript function) and reported as such.
    expect(definition.fim?.rules?.[0]).toMatchObject({ id: 'R60000037', script: 'function script() {}' });
    expect(codes(result)).toEqual(['FIM_RULE_NOT_MAPPED R60000037']);
  });

  it('xdf2 select with a code list reference: unresolved until the list is supplied', () => {
    const xml = fixture('xdatenfelder/xdf2-stammdatenschema-select-codeliste.xml');
    const result = importXDatenfelder(xml);
    const field = findItem(result.definition, 'angaben.F123')?.item;
    expect(field).toMatchObject({ kind: 'choice', codeList: 'urn:de:example', required: true });
    expect(result.definition.codeLists?.['urn:de:example']).toEqual({
      uri: 'urn:de:example',
      version: '1',
      options: [],
    });
    expect(codes(result)).toEqual(['FIM_CODELIST_UNRESOLVED F123']);
    // Any code passes while the list is open, but an answer is still required.
    const validator = createValidator(result.definition);
    expect(validator.application.safeParse({ angaben: { F123: 'x' } }).success).toBe(true);
    expect(validator.application.safeParse({ angaben: {} }).success).toBe(false);
  });

  it('resolves a code list from a supplied genericode file (code and name columns)', () => {
    const list = parseGenericode(fixture('genericode/xdfm-qs-meldungen-1.8.xml'));
    expect(list.uri).toBe('urn:xoev-de:fim-datenfelder:codeliste:xdfm');
    expect(list.rows).toHaveLength(142);
    const xml = fixture('xdatenfelder/xdf2-stammdatenschema-select-codeliste.xml').replace(
      '<xdf:canonicalIdentification>urn:de:example</xdf:canonicalIdentification>',
      '<xdf:canonicalIdentification>urn:xoev-de:fim-datenfelder:codeliste:xdfm</xdf:canonicalIdentification>',
    );
    const result = importXDatenfelder(xml, { codeLists: [list] });
    expect(codes(result)).toEqual([]);
    const codeList = result.definition.codeLists?.['urn:xoev-de:fim-datenfelder:codeliste:xdfm'];
    expect(codeList?.options).toHaveLength(142);
    expect(codeList?.options[0]?.value).toBe(list.rows[0]?.Code);
    const validator = createValidator(result.definition);
    expect(validator.application.safeParse({ angaben: { F123: list.rows[0]?.Code } }).success).toBe(true);
    expect(validator.application.safeParse({ angaben: { F123: 'not-a-code' } }).success).toBe(false);
  });

  it('xdf2 field rule: kept on the field as documentation, listed once', () => {
    const result = importXDatenfelder(fixture('xdatenfelder/xdf2-stammdatenschema-feldregel.xml'));
    expect(findItem(result.definition, 'angaben.F123')?.item.fim?.rules?.[0]).toMatchObject({
      id: 'R60000037',
      name: 'MindestEineAngabe',
      text: 'Eine Definition',
    });
    expect(codes(result)).toEqual(['FIM_RULE_NOT_MAPPED R60000037']);
  });

  it('xdf3 Datenfeldgruppe Anschrift: 12-digit ids, 0:1 group, attribute praezisierung', () => {
    const result = importXDatenfelder(fixture('xdatenfelder/xdf3-datenfeldgruppe-anschrift.xml'));
    expect(result.source.xdfVersion).toBe('3.0');
    const group = findItem(result.definition, 'G60000000088.G60000000086')?.item;
    expect(group).toMatchObject({
      kind: 'group',
      repeat: { min: 0, max: 1 },
      title: { de: 'Straßenanschrift' },
    });
    expect(findItem(result.definition, 'G60000000088.G60000000086.F60000000243')?.item).toMatchObject({
      kind: 'text',
      minLength: 1,
      maxLength: 55,
      required: true,
      fim: {
        id: 'F60000000243',
        version: '1.1.0',
        rules: [{ id: 'R60000000019', type: 'V', script: 'some script content' }],
      },
    });
    // The rule sits on the group and on the field: one warning, not two.
    expect(codes(result)).toEqual(['FIM_RULE_NOT_MAPPED R60000000019']);
    // The optional group: no entry is fine, an entry needs its street.
    const validator = createValidator(result.definition);
    expect(validator.application.safeParse({ G60000000088: { G60000000086: [] } }).success).toBe(true);
    expect(validator.application.safeParse({ G60000000088: { G60000000086: [{}] } }).success).toBe(false);
  });

  it('xdf3 deliberately invalid sample: every problem listed with its FIM id', () => {
    const result = importXDatenfelder(fixture('xdatenfelder/xdf3-datenfeldgruppe-praezisierung.xml'));
    expect(codes(result)).toEqual([
      'FIM_DUPLICATE_ELEMENT F60000000243',
      'FIM_TEXT_IN_ELEMENT F60000000243',
      'FIM_FILE_LIMITS_IGNORED F60000000243',
      'FIM_INVALID_COMBINATION F60000000243',
      'FIM_INVALID_COMBINATION F60000000243',
      'FIM_CODELIST_MISSING F60000000243',
    ]);
    expect(result.warnings[0]?.message).toEqual({
      de: 'Das Element <inhalt> kommt mehrfach vor; nur das erste wird übernommen.',
      en: 'The element <inhalt> occurs more than once; only the first is used.',
    });
    expect(findItem(result.definition, 'G60000000088.F60000000243')?.item).toMatchObject({
      kind: 'choice',
      options: [],
    });
  });
});

const xdf3 = (field: string) => `<?xml version="1.0" encoding="UTF-8"?>
<xdf:xdatenfelder.datenfeld.0104 xmlns:xdf="urn:xoev-de:fim:standard:xdatenfelder_3.0.0">
  <xdf:header><xdf:nachrichtID>t</xdf:nachrichtID><xdf:erstellungszeitpunkt>2025-01-01T00:00:00Z</xdf:erstellungszeitpunkt></xdf:header>
  <xdf:datenfeld>
    <xdf:identifikation><xdf:id>F99000000001</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
    <xdf:freigabestatus><code>6</code></xdf:freigabestatus>
    ${field}
  </xdf:datenfeld>
</xdf:xdatenfelder.datenfeld.0104>`;

describe('XDatenfelder import: mapping', () => {
  it('maps data types to field kinds', () => {
    const kind = (datentyp: string, extra = '') =>
      findItem(
        importXDatenfelder(
          xdf3(
            `<xdf:name>X</xdf:name><xdf:feldart><code>input</code></xdf:feldart><xdf:datentyp><code>${datentyp}</code></xdf:datentyp>${extra}`,
          ),
        ).definition,
        'angaben.F99000000001',
      )?.item;
    expect(kind('bool')).toMatchObject({ kind: 'yesNo' });
    expect(kind('num_int', '<xdf:praezisierung minValue="1" maxValue="10"/>')).toMatchObject({
      kind: 'integer',
      min: 1,
      max: 10,
    });
    expect(kind('num_currency', '<xdf:praezisierung minValue="0" maxValue="12.5"/>')).toMatchObject({
      kind: 'money',
      min: 0,
      max: 1250,
    });
    expect(kind('num')).toMatchObject({ kind: 'decimal' });
    expect(kind('date', '<xdf:praezisierung minValue="2000-01-01"/>')).toMatchObject({
      kind: 'date',
      min: '2000-01-01',
    });
    expect(
      kind('file', '<xdf:maxSize>1000</xdf:maxSize><xdf:mediaType>application/pdf</xdf:mediaType>'),
    ).toMatchObject({
      kind: 'file',
      maxSize: 1000,
      accept: ['application/pdf'],
    });
    expect(kind('text_latin', '<xdf:praezisierung maxLength="1000"/>')).toMatchObject({
      kind: 'multiline',
      latin: true,
    });
    expect(kind('time')).toMatchObject({ kind: 'text', pattern: '([01][0-9]|2[0-3]):[0-5][0-9]' });
  });

  it('maps inline values, labels, repeated fields and prefill; decodes entities in text', () => {
    const result = importXDatenfelder(
      xdf3(`<xdf:name>Vorname</xdf:name><xdf:bezeichnungEingabe>Vorname &amp; Rufname &lt;alle&gt;</xdf:bezeichnungEingabe>
        <xdf:feldart><code>input</code></xdf:feldart><xdf:datentyp><code>text</code></xdf:datentyp>
        <xdf:vorbefuellung><code>verpflichtend</code></xdf:vorbefuellung>`),
    );
    expect(findItem(result.definition, 'angaben.F99000000001')?.item).toMatchObject({
      label: { de: 'Vorname & Rufname <alle>' },
      prefill: { attribute: 'givenNames' },
      autocomplete: 'given-name',
    });
    const select = importXDatenfelder(
      xdf3(`<xdf:name>Farbe</xdf:name><xdf:feldart><code>select</code></xdf:feldart><xdf:datentyp><code>text</code></xdf:datentyp>
        <xdf:werte><xdf:wert><xdf:code>r</xdf:code><xdf:name>rot</xdf:name></xdf:wert><xdf:wert><xdf:code>g</xdf:code><xdf:name>grün</xdf:name><xdf:hilfe>wie Gras</xdf:hilfe></xdf:wert></xdf:werte>`),
    );
    expect(findItem(select.definition, 'angaben.F99000000001')?.item).toMatchObject({
      kind: 'choice',
      options: [
        { value: 'r', label: { de: 'rot' } },
        { value: 'g', label: { de: 'grün' }, hint: { de: 'wie Gras' } },
      ],
    });
    expect(codes(select)).toEqual([]);
  });

  it('reports hidden fields, unknown prefill attributes and unknown types', () => {
    const result = importXDatenfelder(
      xdf3(`<xdf:name>Aktenzeichen</xdf:name><xdf:feldart><code>hidden</code></xdf:feldart><xdf:datentyp><code>text</code></xdf:datentyp>
        <xdf:inhalt>AZ-1</xdf:inhalt><xdf:vorbefuellung><code>optional</code></xdf:vorbefuellung>`),
    );
    expect(codes(result)).toEqual(['FIM_HIDDEN_FIELD F99000000001', 'FIM_PREFILL_UNMAPPED F99000000001']);
    expect(findItem(result.definition, 'angaben.F99000000001')?.item).toMatchObject({
      readOnly: true,
      defaultValue: 'AZ-1',
    });
  });
});

describe('XDatenfelder import: name heuristics a state extends', () => {
  const field = (name: string, options: Parameters<typeof importXDatenfelder>[1] = {}) =>
    findItem(
      importXDatenfelder(
        xdf3(`<xdf:name>${name}</xdf:name><xdf:feldart><code>input</code></xdf:feldart><xdf:datentyp><code>text</code></xdf:datentyp>
          <xdf:vorbefuellung><code>optional</code></xdf:vorbefuellung>`),
        options,
      ).definition,
      'angaben.F99000000001',
    )?.item;

  it('its own names come first; the German defaults still apply', () => {
    const heuristics = {
      textKinds: [[/kontokennung/i, 'iban']] as const,
      autocomplete: [[/^rufname$/i, 'nickname']] as const,
      // Prefill names are matched against FIM name and label together.
      prefill: [[/rufname/i, 'givenNames']] as const,
    };
    expect(field('Kontokennung')).toMatchObject({ kind: 'text' });
    expect(field('Kontokennung', { heuristics })).toMatchObject({ kind: 'iban' });
    expect(field('Rufname', { heuristics })).toMatchObject({
      autocomplete: 'nickname',
      prefill: { attribute: 'givenNames', lockVerified: false },
    });
    expect(field('Vorname', { heuristics })).toMatchObject({ autocomplete: 'given-name' });
  });
});

describe('XDatenfelder import: unsafe or invalid input', () => {
  it('rejects a DOCTYPE (no DTDs, no external entities)', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>`;
    expect(errorCode(() => importXDatenfelder(xml))).toBe('FORM_FIM_DOCTYPE');
  });

  it('rejects files above the size limit before parsing', () => {
    expect(errorCode(() => importXDatenfelder(`<a>${'x'.repeat(2_000)}</a>`, { maxBytes: 1_000 }))).toBe(
      'FORM_FIM_TOO_LARGE',
    );
  });

  it('rejects malformed XML and other XML', () => {
    expect(errorCode(() => importXDatenfelder('<a><b></a>'))).toBe('FORM_FIM_NOT_XML');
    expect(errorCode(() => importXDatenfelder('<html><body/></html>'))).toBe('FORM_FIM_UNKNOWN_MESSAGE');
    expect(
      errorCode(() =>
        importXDatenfelder(xdf3('').replace(/<xdf:identifikation>.*?<\/xdf:identifikation>/s, '')),
      ),
    ).toBe('FORM_FIM_INVALID');
  });

  it('leaves undeclared entities unexpanded', () => {
    const result = importXDatenfelder(
      xdf3(
        `<xdf:name>A &unknown; B</xdf:name><xdf:feldart><code>input</code></xdf:feldart><xdf:datentyp><code>text</code></xdf:datentyp>`,
      ),
    );
    expect(findItem(result.definition, 'angaben.F99000000001')?.item).toMatchObject({
      label: { de: 'A &unknown; B' },
    });
  });
});

describe('XDatenfelder import: damaged files', () => {
  const samples = [
    'xdatenfelder/xdf2-stammdatenschema-gruppe-feld.xml',
    'xdatenfelder/xdf3-datenfeldgruppe-anschrift.xml',
    'blueprints/hundesteuer-anmeldung.xdf3.xml',
  ];
  it.each(samples)('%s cut or corrupted anywhere: a definition or a coded error, never a crash', (name) => {
    const xml = fixture(name);
    let seed = 7;
    const random = () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    for (let n = 0; n < 60; n++) {
      const at = Math.floor(random() * xml.length);
      const damaged =
        n % 2 === 0 ? xml.slice(0, at) : `${xml.slice(0, at)}${'<>&"/'.charAt(n % 5)}${xml.slice(at + 1)}`;
      const code = errorCode(() => importXDatenfelder(damaged));
      expect(code === undefined || code.startsWith('FORM_FIM_'), `${code} at ${at}`).toBe(true);
    }
  });
});
