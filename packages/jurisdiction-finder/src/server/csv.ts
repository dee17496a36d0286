/**
 * A small RFC 4180 CSV reader (quoted fields, doubled quotes, CRLF or LF). The reference files
 * are a few MB, read once at import; a dependency would not pay for itself. Each record keeps
 * the line it started on, so import errors can name it.
 */
export interface CsvRecord {
  line: number;
  values: Record<string, string>;
}

export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export function parseCsvRows(text: string, delimiter = ','): Array<{ line: number; fields: string[] }> {
  // Split by lines and parse character by character only the records that contain quotes
  // (several times faster on the 2 MB reference files). A quoted field may span lines: lines
  // are joined until the quotes balance.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split('\n');
  const rows: Array<{ line: number; fields: string[] }> = [];
  for (let index = 0; index < lines.length; index += 1) {
    const start = index;
    let record = lines[index] ?? '';
    let quotes = count(record, '"');
    while (quotes % 2 === 1 && index + 1 < lines.length) {
      index += 1;
      const next = lines[index] ?? '';
      record += `\n${next}`;
      quotes += count(next, '"');
    }
    if (record.endsWith('\r')) record = record.slice(0, -1);
    if (record.length === 0) continue;
    if (quotes === 0) rows.push({ line: start + 1, fields: record.split(delimiter) });
    else rows.push(...parseQuoted(record, delimiter, start + 1));
  }
  return rows;
}

function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n += 1;
  return n;
}

function parseQuoted(
  text: string,
  delimiter: string,
  firstLine: number,
): Array<{ line: number; fields: string[] }> {
  const rows: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = firstLine;
  let rowLine = firstLine;
  let index = 0;
  let fieldStarted = false;
  while (index < text.length) {
    const char = text[index];
    if (quoted) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index += 2;
          continue;
        }
        quoted = false;
        index += 1;
        continue;
      }
      if (char === '\n') line += 1;
      field += char;
      index += 1;
      continue;
    }
    if (char === '"') {
      if (field.length > 0)
        throw new CsvSyntaxError('Anführungszeichen mitten im Feld / quote inside a field', line);
      quoted = true;
      fieldStarted = true;
      index += 1;
      continue;
    }
    if (char === delimiter) {
      fields.push(field);
      field = '';
      fieldStarted = true;
      index += 1;
      continue;
    }
    if (char === '\r' || char === '\n') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      if (fieldStarted || field.length > 0 || fields.length > 0) {
        fields.push(field);
        rows.push({ line: rowLine, fields });
      }
      fields = [];
      field = '';
      fieldStarted = false;
      line += 1;
      rowLine = line;
      index += 1;
      continue;
    }
    field += char;
    fieldStarted = true;
    index += 1;
  }
  if (quoted) throw new CsvSyntaxError('Nicht geschlossenes Anführungszeichen / unclosed quote', rowLine);
  if (fieldStarted || field.length > 0 || fields.length > 0) {
    fields.push(field);
    rows.push({ line: rowLine, fields });
  }
  return rows;
}

/** Records keyed by the header row; a row with the wrong number of fields is an error. */
export function parseCsv(text: string, delimiter = ','): { header: string[]; records: CsvRecord[] } {
  const rows = parseCsvRows(text, delimiter);
  const first = rows[0];
  if (!first) return { header: [], records: [] };
  const header = first.fields.map((name) => name.trim());
  const records: CsvRecord[] = [];
  for (const row of rows.slice(1)) {
    if (row.fields.length !== header.length) {
      throw new CsvSyntaxError(
        `${row.fields.length} Felder statt ${header.length} / ${row.fields.length} fields instead of ${header.length}`,
        row.line,
      );
    }
    const values: Record<string, string> = {};
    header.forEach((name, column) => {
      values[name] = row.fields[column] ?? '';
    });
    records.push({ line: row.line, values });
  }
  return { header, records };
}
