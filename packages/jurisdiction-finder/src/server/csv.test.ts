import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv, parseCsvRows } from './csv.js';

describe('CSV reader', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks, keeping line numbers', () => {
    const rows = parseCsvRows('\ufeffa;b\r\n"x;1";"multi\nline"\n\n"q""uote";z\r\n', ';');
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x;1', 'multi\nline'] },
      { line: 5, fields: ['q"uote', 'z'] },
    ]);
  });

  it('names the line of a record with the wrong number of fields or an unclosed quote', () => {
    expect(() => parseCsv('a,b\n1,2\n3\n')).toThrow(expect.objectContaining({ line: 3 }));
    expect(() => parseCsv('a,b\n1,"2\n')).toThrow(CsvSyntaxError);
  });

  it('keys records by the header', () => {
    expect(parseCsv('ars,name\n146120000000,"Dresden, Stadt"\n').records).toEqual([
      { line: 2, values: { ars: '146120000000', name: 'Dresden, Stadt' } },
    ]);
  });
});
