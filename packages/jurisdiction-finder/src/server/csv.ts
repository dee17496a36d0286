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
  const rows: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let index = text.charCodeAt(0) === 0xfeff ? 1 : 0;
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
