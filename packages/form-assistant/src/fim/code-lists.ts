import type { CodeList, Option } from '../schema/definition.js';
import type { XdfDialect } from './dialect.js';
import type { GenericodeList } from './genericode.js';
import type { ImportWarningCode, WarningParams } from './warnings.js';
import { child, children, text, type XmlNode } from './xml.js';

interface Warner {
  warn(code: ImportWarningCode, fimId: string, params?: WarningParams): void;
}

/**
 * The options of select fields: inline `werte`, or a `codelisteReferenz` resolved against the
 * supplied genericode lists (or left open, with a warning, until the list is supplied). The
 * lists it builds become the definition's `codeLists`.
 */
export class CodeListResolver {
  readonly lists: Record<string, CodeList> = {};
  private readonly supplied: Map<string, GenericodeList>;
  private readonly columnsByUri = new Map<string, string>();

  constructor(
    private readonly dialect: XdfDialect,
    supplied: readonly GenericodeList[],
    private readonly warner: Warner,
  ) {
    this.supplied = new Map(supplied.map((list) => [list.uri, list]));
  }

  options(node: XmlNode, fimId: string): { options?: Option[]; codeList?: string } {
    const werte = children(child(node, 'werte'), 'wert');
    if (werte.length > 0) {
      return {
        options: werte.map((wert) => {
          const hint = text(wert, 'hilfe');
          return {
            value: text(wert, 'code'),
            label: { de: text(wert, 'name') || text(wert, 'code') },
            ...(hint ? { hint: { de: hint } } : {}),
          };
        }),
      };
    }
    const source = this.dialect.codeListSource(child(node, 'codelisteReferenz'));
    const uri = text(source, 'canonicalIdentification');
    if (uri === '') {
      this.warner.warn('FIM_CODELIST_MISSING', fimId);
      return { options: [] };
    }
    const version = text(source, 'version');
    const codeKey = text(node, 'codeKey');
    const nameKey = text(node, 'nameKey');
    const helpKey = text(node, 'helpKey');
    // One entry per list; a second field reading other columns of the same list gets its own.
    const columns = [codeKey, nameKey, helpKey].join('#');
    const firstColumns = this.columnsByUri.get(uri);
    if (firstColumns === undefined) this.columnsByUri.set(uri, columns);
    const key = firstColumns === undefined || firstColumns === columns ? uri : `${uri}#${columns}`;
    if (!this.lists[key]) {
      const supplied = this.supplied.get(uri);
      if (supplied) {
        this.lists[key] = fromGenericode(supplied, version, codeKey, nameKey, helpKey);
      } else {
        this.warner.warn('FIM_CODELIST_UNRESOLVED', fimId, { uri });
        this.lists[key] = { uri, ...(version ? { version } : {}), options: [] };
      }
    }
    return { codeList: key };
  }
}

/** A genericode list read through the field's columns (code, name, help; default first two). */
function fromGenericode(
  supplied: GenericodeList,
  version: string,
  codeKey: string,
  nameKey: string,
  helpKey: string,
): CodeList {
  const codeColumn = codeKey || supplied.columns[0] || 'code';
  const nameColumn = nameKey || supplied.columns[1] || codeColumn;
  return {
    uri: supplied.uri,
    ...(supplied.version ? { version: supplied.version } : version ? { version } : {}),
    ...(supplied.name ? { title: { de: supplied.name } } : {}),
    options: supplied.rows
      .filter((row) => (row[codeColumn] ?? '') !== '')
      .map((row) => {
        const hint = helpKey ? row[helpKey] : undefined;
        return {
          value: row[codeColumn] as string,
          label: { de: row[nameColumn] || (row[codeColumn] as string) },
          ...(hint ? { hint: { de: hint } } : {}),
        };
      }),
  };
}
