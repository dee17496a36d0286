import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formDefinitionSchema } from '../schema/index.js';
import { run } from './fim-import.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));

function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = run(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('efa-fim-import', () => {
  it('prints a valid definition on stdout and the warnings on stderr', () => {
    const { code, out, err } = cli(fixture('xdatenfelder/xdf2-stammdatenschema-select-codeliste.xml'));
    expect(code).toBe(0);
    expect(formDefinitionSchema.safeParse(JSON.parse(out)).success).toBe(true);
    expect(err).toBe(
      'Warnung FIM_CODELIST_UNRESOLVED F123: Die Codeliste urn:de:example ist nicht beigefügt; bis sie beigefügt ist (--codelist), wird jeder Code angenommen.\n',
    );
  });

  it('speaks English on request and takes a form id', () => {
    const { code, out, err } = cli(
      '--lang',
      'en',
      '--form-id',
      'anschrift',
      fixture('xdatenfelder/xdf3-datenfeldgruppe-anschrift.xml'),
    );
    expect(code).toBe(0);
    expect(JSON.parse(out).id).toBe('anschrift');
    expect(err).toMatch(/^warning FIM_RULE_NOT_MAPPED R60000000019: Rule/);
  });

  it('resolves code lists given with --codelist', () => {
    const { code, err } = cli(
      fixture('xdatenfelder/xdf2-stammdatenschema-gruppe-feld.xml'),
      '--codelist',
      fixture('genericode/xdfm-qs-meldungen-1.8.xml'),
    );
    expect(code).toBe(0);
    expect(err).toContain('FIM_RULE_NOT_MAPPED');
  });

  it('exits 1 with a coded message on invalid input and prints nothing on stdout', () => {
    const notXml = cli(fixture('SOURCES.md'));
    expect(notXml.code).toBe(1);
    expect(notXml.out).toBe('');
    expect(notXml.err).toMatch(/^Fehler FORM_FIM_NOT_XML/);
    const missing = cli('/nonexistent/file.xml');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('Datei nicht lesbar');
  });

  it('exits 2 on wrong usage', () => {
    expect(cli().code).toBe(2);
    expect(cli('--unknown', 'x.xml').code).toBe(2);
  });
});
