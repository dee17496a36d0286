import { fimError } from './errors.js';
import { attribute, child, children, parseXml, text, textOf, type XmlNode } from './xml.js';

/** An OASIS genericode 1.0 code list as a table: the columns by id, one record per row. */
export interface GenericodeList {
  uri: string;
  version?: string;
  versionUri?: string;
  name?: string;
  columns: string[];
  rows: Array<Record<string, string>>;
}

/**
 * Reads a genericode code list (the format of XRepository), e.g. to resolve a FIM select
 * field's `codelisteReferenz` offline. Same XML safety as the XDatenfelder importer.
 */
export function parseGenericode(xml: string, maxBytes?: number): GenericodeList {
  const root = parseXml(xml, maxBytes);
  const list: XmlNode | undefined = child(root, 'CodeList');
  if (list === undefined) throw fimError('FORM_FIM_INVALID', { reason: 'no genericode <CodeList>' });
  const identification = child(list, 'Identification');
  const uri = text(identification, 'CanonicalUri');
  if (uri === '') throw fimError('FORM_FIM_INVALID', { reason: 'genericode without CanonicalUri' });
  const columns = children(child(list, 'ColumnSet'), 'Column')
    .map((column) => attribute(column, 'Id') ?? '')
    .filter((id) => id !== '');
  const rows = children(child(list, 'SimpleCodeList'), 'Row').map((row) => {
    const record: Record<string, string> = {};
    for (const value of children(row, 'Value')) {
      const column = attribute(value, 'ColumnRef');
      if (column) record[column] = textOf(child(value, 'SimpleValue'));
    }
    return record;
  });
  const version = text(identification, 'Version');
  const versionUri = text(identification, 'CanonicalVersionUri');
  const name = text(identification, 'LongName') || text(identification, 'ShortName');
  return {
    uri,
    ...(version ? { version } : {}),
    ...(versionUri ? { versionUri } : {}),
    ...(name ? { name } : {}),
    columns,
    rows,
  };
}
